package dev.qsweep.spark;

import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.Checkpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoint files in a directory of any Hadoop file system. Each file is written under a hidden temporary name and
 * renamed; a checkpoint's manifest is committed after all its files, so on an object store (where a rename is a copy)
 * a checkpoint still appears whole or not at all. Only single files are renamed, never directories.
 */
public final class HadoopCheckpointStore implements CheckpointStore {
    private static final String TEMPORARY_PREFIX = ".ckpt-in-progress-";
    private final FileSystem fs;
    private final Path directory;

    public HadoopCheckpointStore(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    @Override
    public PendingFile create(String name) throws IOException {
        fs.mkdirs(directory);
        Path target = new Path(directory, name);
        Path temporary = new Path(directory, TEMPORARY_PREFIX + UUID.randomUUID() + "-" + name);
        FSDataOutputStream out = fs.create(temporary, false);
        return new PendingFile() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                HadoopFiles.replace(fs, temporary, target);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    out.close();
                    fs.delete(temporary, false);
                }
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs.open(new Path(directory, name));
    }

    @Override
    public Map<String, Long> list() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(directory);
        } catch (FileNotFoundException e) {
            return files;
        }
        for (FileStatus status : statuses) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith(TEMPORARY_PREFIX)) {
                files.put(name, status.getLen());
            }
        }
        return files;
    }

    @Override
    public void delete(String name) throws IOException {
        fs.delete(new Path(directory, name), false);
    }

    @Override
    public void deleteTemporaries() throws IOException {
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(directory);
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus status : statuses) {
            if (status.getPath().getName().startsWith(TEMPORARY_PREFIX)) {
                fs.delete(status.getPath(), false);
            }
        }
    }

    /** The step of the newest checkpoint whose manifest and file lengths check out, if any. */
    public OptionalLong latestStep() throws IOException {
        return Checkpoints.latestStep(this);
    }

    @Override
    public String location() {
        return directory.toString();
    }
}
