package dev.qsweep.spark;

import dev.qsweep.train.CheckpointStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints {@code checkpoint-<step>.qck} in a directory of any Hadoop file system. Each is written under a hidden
 * temporary name and renamed, so a reader sees a whole checkpoint or none; the newest two are kept.
 */
public final class HadoopCheckpointStore implements CheckpointStore {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.qck");
    private static final int KEEP = 2;
    private final FileSystem fs;
    private final Path directory;

    public HadoopCheckpointStore(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    @Override
    public void save(long globalStep, byte[] checkpoint) throws IOException {
        fs.mkdirs(directory);
        Path target = new Path(directory, String.format("checkpoint-%012d.qck", globalStep));
        Path temporary = new Path(directory, ".in-progress-" + UUID.randomUUID() + ".qck");
        try (FSDataOutputStream out = fs.create(temporary, false)) {
            out.write(checkpoint);
        }
        HadoopFiles.replace(fs, temporary, target);
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - KEEP; i++) {
            fs.delete(all.get(i), false);
        }
    }

    @Override
    public Optional<byte[]> loadLatest() throws IOException {
        List<Path> all = checkpoints();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.get(all.size() - 1);
        byte[] bytes = new byte[(int) fs.getFileStatus(newest).getLen()];
        try (var in = fs.open(newest)) {
            in.readFully(0, bytes);
        }
        return Optional.of(bytes);
    }

    /** The step of the newest checkpoint, if any. */
    public OptionalLong latestStep() throws IOException {
        List<Path> all = checkpoints();
        return all.isEmpty() ? OptionalLong.empty() : OptionalLong.of(step(all.get(all.size() - 1)));
    }

    /**
     * Deletes the checkpoints after {@code step}, so that the next run resumes from the newest one at or before it (or
     * starts afresh): used when rows after that step must be made again.
     */
    public void discardAfter(long step) throws IOException {
        for (Path checkpoint : checkpoints()) {
            if (step(checkpoint) > step) {
                fs.delete(checkpoint, false);
            }
        }
    }

    @Override
    public String location() {
        return directory.toString();
    }

    /** Oldest first; the zero-padded step makes name order step order. */
    private List<Path> checkpoints() throws IOException {
        if (!fs.exists(directory)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        for (FileStatus status : fs.listStatus(directory)) {
            if (NAME.matcher(status.getPath().getName()).matches()) {
                found.add(status.getPath());
            }
        }
        found.sort(null);
        return found;
    }

    private static long step(Path checkpoint) {
        Matcher matcher = NAME.matcher(checkpoint.getName());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(checkpoint.toString());
        }
        return Long.parseLong(matcher.group(1));
    }
}
