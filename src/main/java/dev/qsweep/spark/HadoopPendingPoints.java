package dev.qsweep.spark;

import dev.qsweep.track.MetricPoint;
import dev.qsweep.track.PendingPoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * MLflow points not yet confirmed by the server, kept as {@code mlflow-pending-<step>.bin} in the trial's checkpoint
 * directory, one file per checkpoint. Written under a temporary name and renamed, like the checkpoints. Files of
 * later steps are stale (that checkpoint was never saved, or is being taken again); of the earlier ones only the
 * newest is kept, because a crash before the current checkpoint is saved resumes from the previous one.
 */
public final class HadoopPendingPoints implements PendingPoints {
    private static final Pattern NAME = Pattern.compile("mlflow-pending-(\\d{12})\\.bin");
    private final FileSystem fs;
    private final Path directory;

    public HadoopPendingPoints(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    @Override
    public void save(long checkpointStep, List<MetricPoint> points) throws IOException {
        fs.mkdirs(directory);
        Path temporary = new Path(directory, ".in-progress-" + UUID.randomUUID() + ".bin");
        try (FSDataOutputStream out = fs.create(temporary, false)) {
            out.write(MetricPoint.encode(points));
        }
        HadoopFiles.replace(fs, temporary, file(checkpointStep));
        prune(checkpointStep);
    }

    @Override
    public List<MetricPoint> load(long checkpointStep) throws IOException {
        Path file = file(checkpointStep);
        if (!fs.exists(file)) {
            return List.of();
        }
        byte[] bytes = new byte[(int) fs.getFileStatus(file).getLen()];
        try (var in = fs.open(file)) {
            in.readFully(0, bytes);
        }
        return MetricPoint.decode(bytes);
    }

    @Override
    public boolean exists(long checkpointStep) throws IOException {
        return fs.exists(file(checkpointStep));
    }

    @Override
    public void delivered(long checkpointStep) throws IOException {
        fs.delete(file(checkpointStep), false);
    }

    @Override
    public OptionalLong latest() throws IOException {
        OptionalLong newest = OptionalLong.empty();
        if (!fs.exists(directory)) {
            return newest;
        }
        for (FileStatus status : fs.listStatus(directory)) {
            Matcher m = NAME.matcher(status.getPath().getName());
            if (m.matches() && (newest.isEmpty() || Long.parseLong(m.group(1)) > newest.getAsLong())) {
                newest = OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return newest;
    }

    private Path file(long step) {
        return new Path(directory, String.format("mlflow-pending-%012d.bin", step));
    }

    private void prune(long currentStep) throws IOException {
        if (!fs.exists(directory)) {
            return;
        }
        List<Long> earlier = new ArrayList<>();
        for (FileStatus status : fs.listStatus(directory)) {
            Matcher m = NAME.matcher(status.getPath().getName());
            if (m.matches()) {
                long step = Long.parseLong(m.group(1));
                if (step > currentStep) {
                    fs.delete(status.getPath(), false);
                } else if (step < currentStep) {
                    earlier.add(step);
                }
            }
        }
        earlier.sort(null);
        for (int i = 0; i < earlier.size() - 1; i++) {
            fs.delete(file(earlier.get(i)), false);
        }
    }
}
