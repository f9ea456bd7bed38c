package dev.qsweep.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps a superseded attempt of a trial — a zombie: its executor was declared lost, or its submission's driver died,
 * yet it still trains — from overwriting or deleting the files of the attempt that took the trial over.
 *
 * <p>Each attempt claims the next epoch of its trial by creating {@code checkpoints/<id>/_attempts/<epoch>} only if
 * absent ({@link HadoopFiles#createNew}). Epochs live with the trial's files, so they increase across Spark's task
 * retries, a scheduler's rungs and re-submissions alike (Spark's own attempt number restarts with every stage and
 * every job). The newest epoch owns the trial. Before each commit — a segment's rename, a checkpoint save with its
 * pruning, the trial row, a marker — an attempt {@link #check}s that no newer epoch exists, and stops otherwise.
 *
 * <p>Limit: Hadoop file systems have no compare-and-rename, so a commit whose check passed a moment before a newer
 * attempt claimed the trial still lands (milliseconds, against a zombie's minutes of life); the zombie stops at its
 * next check, and a re-submission's manifest check ({@link TrialManifest}) catches files that do not belong to the
 * finished trial.
 */
final class AttemptFence {
    static final String DIRECTORY = "_attempts";
    /** For writers outside a sweep (benchmarks, tests): never fenced. */
    static final AttemptFence NONE = new AttemptFence(null, null, "", 0);
    private static final Pattern EPOCH = Pattern.compile("\\d{9}");

    private final FileSystem fs;
    private final Path directory;
    private final String trialId;
    private final long epoch;

    private AttemptFence(FileSystem fs, Path directory, String trialId, long epoch) {
        this.fs = fs;
        this.directory = directory;
        this.trialId = trialId;
        this.epoch = epoch;
    }

    /**
     * Claims the trial whose files are under {@code trialDirectory} for this attempt: the epoch after the newest one
     * there (the next free one if another attempt claims at the same moment).
     *
     * @param attempt what this attempt is, for the message a fenced-off attempt prints (e.g. Spark's stage and attempt)
     */
    static AttemptFence claim(FileSystem fs, Path trialDirectory, String trialId, String attempt) throws IOException {
        Path directory = new Path(trialDirectory, DIRECTORY);
        fs.mkdirs(directory);
        byte[] description = (attempt + " on host " + InetAddress.getLocalHost().getHostName() + ", pid "
                + ProcessHandle.current().pid() + ", since " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        long epoch = newest(fs, directory) + 1;
        while (!HadoopFiles.createNew(fs, epochFile(directory, epoch), description)) {
            epoch++; // another attempt claimed this one in the same instant: the later claim owns the trial
        }
        return new AttemptFence(fs, directory, trialId, epoch);
    }

    long epoch() {
        return epoch;
    }

    /**
     * Passes while this attempt owns the trial; otherwise throws, naming the attempt that took over.
     *
     * @param commit what this attempt was about to do, e.g. "saving checkpoint 600"
     */
    void check(String commit) throws IOException {
        if (fs == null) {
            return;
        }
        long newest = newest(fs, directory);
        if (newest > epoch) {
            String newer;
            try (var in = fs.open(epochFile(directory, newest))) {
                newer = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            throw new FencedOffException("attempt " + epoch + " of trial " + trialId + " stopped before " + commit
                    + ": attempt " + newest + " (" + newer + ") took the trial over, and its files are left as they are");
        }
    }

    /** The newest claimed epoch in {@code directory}, 0 when none. */
    private static long newest(FileSystem fs, Path directory) throws IOException {
        long newest = 0;
        if (!fs.exists(directory)) {
            return newest;
        }
        for (FileStatus status : fs.listStatus(directory)) {
            Matcher matcher = EPOCH.matcher(status.getPath().getName());
            if (matcher.matches()) {
                newest = Math.max(newest, Long.parseLong(status.getPath().getName()));
            }
        }
        return newest;
    }

    private static Path epochFile(Path directory, long epoch) {
        return new Path(directory, String.format("%09d", epoch));
    }
}
