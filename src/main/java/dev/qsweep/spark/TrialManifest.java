package dev.qsweep.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checksums of a finished trial's files — its episode and eval segments and its trial row — written once the
 * trial is DONE, as {@code checkpoints/<id>/_manifest}: one line per file, {@code <crc32c> <bytes> <path>} with the
 * path under the sweep's directory. A re-submission verifies them before it counts the trial as finished, so a
 * damaged, truncated, missing or foreign file (one a superseded attempt slipped in) is found and the trial is trained
 * again from before it, instead of its tables being trusted as they are.
 *
 * <p>CRC32C catches damage, not tampering; it is the checksum HDFS keeps for its blocks, and fast enough to read every
 * finished trial again on each submission (segments are kilobytes).
 */
final class TrialManifest {
    static final String FILE = "_manifest";
    private static final String HEADER = "# qsweep trial manifest: crc32c, bytes, path under the sweep's directory";

    /**
     * A file of a finished trial that cannot be trusted.
     *
     * @param rowsAfterStep the trial's rows after this env step must be made again (for a damaged trial row: none,
     *                      so the trial's steps; only the row is written again)
     */
    record Damage(String path, String problem, long rowsAfterStep) {
    }

    /**
     * What a re-submission found for a trial with a trials row.
     *
     * @param recorded false for a trial finished by a qsweep without manifests (nothing to verify)
     */
    record Check(boolean recorded, List<Damage> damage) {
        Check {
            damage = List.copyOf(damage);
        }

        boolean intact() {
            return damage.isEmpty();
        }

        /** The env step to train again from: the earliest step whose rows are in doubt. */
        long rowsAfterStep() {
            return damage.stream().mapToLong(Damage::rowsAfterStep).min().orElseThrow();
        }

        /** One line for the summary, e.g. {@code episodes/trial_id=x/seg-…parquet: checksum differs}. */
        String describe() {
            return String.join("; ", damage.stream().map(d -> d.path() + ": " + d.problem()).toList());
        }
    }

    private TrialManifest() {
    }

    /** Records the checksums of the trial's files as they are now; the last write of a finished trial. */
    static void write(FileSystem fs, SweepLayout layout, String trialId, long trialSteps, AttemptFence fence)
            throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Path file : files(fs, layout, trialId)) {
            text.append(checksum(fs, file)).append(' ').append(relative(layout, file)).append('\n');
        }
        Path directory = layout.checkpoints(trialId);
        Path temporary = new Path(directory, ".in-progress-" + UUID.randomUUID() + ".manifest");
        try (FSDataOutputStream out = fs.create(temporary, false)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        fence.check("recording the checksums of trial " + trialId + " (" + trialSteps + " steps)");
        HadoopFiles.replace(fs, temporary, new Path(directory, FILE));
    }

    /** Compares the trial's files with its manifest. Reads every file; writes nothing. */
    static Check verify(FileSystem fs, SweepLayout layout, String trialId, long trialSteps) throws IOException {
        Path manifest = new Path(layout.checkpoints(trialId), FILE);
        if (!fs.exists(manifest)) {
            return new Check(false, List.of());
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        try (InputStream in = fs.open(manifest)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split(" ", 3);
                    recorded.put(parts[2], parts[0] + " " + parts[1]);
                }
            }
        } catch (IOException | ArrayIndexOutOfBoundsException e) { // nothing of the trial can be vouched for
            return new Check(true, List.of(new Damage(relative(layout, manifest), "unreadable ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", 0)));
        }
        List<Damage> damage = new ArrayList<>();
        Map<String, Path> present = new LinkedHashMap<>();
        for (Path file : files(fs, layout, trialId)) {
            present.put(relative(layout, file), file);
        }
        for (Map.Entry<String, String> entry : recorded.entrySet()) {
            Path file = present.get(entry.getKey());
            String problem;
            if (file == null) {
                problem = "missing";
            } else {
                problem = problem(fs, file, entry.getValue());
            }
            if (problem != null) {
                damage.add(new Damage(entry.getKey(), problem, rowsAfter(entry.getKey(), trialSteps)));
            }
        }
        for (String path : present.keySet()) {
            if (!recorded.containsKey(path)) {
                damage.add(new Damage(path, "not part of the finished trial (a superseded attempt's file?)",
                        rowsAfter(path, trialSteps)));
            }
        }
        return new Check(true, damage);
    }

    /** Why {@code file} does not match its recorded {@code "<crc32c> <bytes>"}, or null when it does. */
    private static String problem(FileSystem fs, Path file, String expected) {
        String actual;
        try {
            actual = checksum(fs, file);
        } catch (IOException e) { // e.g. Hadoop's own .crc check on a local disk
            return "unreadable (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")";
        }
        if (actual.equals(expected)) {
            return null;
        }
        String[] want = expected.split(" ");
        String[] got = actual.split(" ");
        return want[1].equals(got[1]) ? "checksum differs (damaged)"
                : "size differs (" + got[1] + " bytes, recorded " + want[1] + ": truncated or replaced)";
    }

    /** {@code "<crc32c hex> <bytes>"} of a file, read through its file system. */
    static String checksum(FileSystem fs, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = fs.open(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                bytes += n;
            }
        }
        return String.format("%08x %d", crc.getValue(), bytes);
    }

    /** The trial's segments in the episodes and evals tables, and its trial row: what a finished trial consists of. */
    private static List<Path> files(FileSystem fs, SweepLayout layout, String trialId) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String table : List.of(SweepLayout.EPISODES, SweepLayout.EVALS)) {
            Path partition = layout.partition(table, trialId);
            if (fs.exists(partition)) {
                List<Path> segments = new ArrayList<>();
                for (FileStatus status : fs.listStatus(partition)) {
                    if (ParquetMetricsSink.SEGMENT.matcher(status.getPath().getName()).matches()) {
                        segments.add(status.getPath());
                    }
                }
                segments.sort(null);
                files.addAll(segments);
            }
        }
        if (fs.exists(layout.trialRow(trialId))) {
            files.add(layout.trialRow(trialId));
        }
        return files;
    }

    private static long rowsAfter(String path, long trialSteps) {
        Matcher segment = ParquetMetricsSink.SEGMENT.matcher(path.substring(path.lastIndexOf('/') + 1));
        return segment.matches() ? Long.parseLong(segment.group(1)) : trialSteps;
    }

    private static String relative(SweepLayout layout, Path file) {
        String root = layout.rootPath().toUri().getPath();
        String path = file.toUri().getPath();
        return path.startsWith(root + "/") ? path.substring(root.length() + 1) : path;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
