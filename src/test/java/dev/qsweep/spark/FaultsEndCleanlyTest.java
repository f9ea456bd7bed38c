package dev.qsweep.spark;

import static dev.qsweep.spark.TinySweeps.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.spark.TinySweeps.Submission;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in a sweep's output end cleanly: a trial that cannot write fails alone with a one-line reason while the
 * others finish, and a finished trial whose files were damaged is found on re-submission and trained again from its
 * last good checkpoint. Real local Spark, real Parquet files, a real `qsweep run` process for what the console shows.
 */
class FaultsEndCleanlyTest {
    @TempDir
    Path dir;

    private Path sweep(String name) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), TinySweeps.tinyCartPole(name, "[1, 2]", dir.resolve("out")));
    }

    private static List<TrialSpec> trials(Path file) {
        return TrialExpansion.expand(SweepFiles.load(file)).trials();
    }

    private static SparkSession reader() {
        return SparkSession.builder().master("local[1]").config("spark.ui.enabled", false).getOrCreate();
    }

    @Test
    void aDamagedSegmentIsFoundOnReSubmissionAndItsTrialTrainsAgainFromItsLastGoodCheckpoint() throws Exception {
        Path file = sweep("damaged");
        List<TrialSpec> trials = trials(file);
        String first = trials.get(0).trialId();
        String second = trials.get(1).trialId();
        Submission run = submit(file);
        assertEquals(0, run.exitCode(), run.err());
        Path root = dir.resolve("out/damaged");
        String uri = root.toUri().toString();
        List<List<String>> intact = new ArrayList<>();
        SparkSession spark = reader();
        try {
            intact.add(TinySweeps.tables(spark, uri, first));
            intact.add(TinySweeps.tables(spark, uri, second));
        } finally {
            spark.stop();
        }

        // Damage that Hadoop cannot see (the tables keep no .crc side files, so readers such as Polars accept them):
        // one byte flipped in the first trial's last evals segment, the second trial's first episodes segment cut short.
        Path flipped = root.resolve("evals/trial_id=" + first + "/seg-000000000600-000000000900.parquet");
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(flipped, bytes);
        Path truncated = root.resolve("episodes/trial_id=" + second + "/seg-000000000000-000000000300.parquet");
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 100));
        for (Path damaged : List.of(flipped, truncated)) {
            assertFalse(Files.exists(damaged.resolveSibling("." + damaged.getFileName() + ".crc")),
                    "no Hadoop checksum beside " + damaged + ": only qsweep's manifest can find the damage");
        }

        Submission again = submit(file);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("qsweep: trial " + first + ": damaged files, trained again from checkpoint 600: evals/"
                + "trial_id=" + first + "/seg-000000000600-000000000900.parquet: checksum differs (damaged)"), again.err());
        assertTrue(again.err().contains("qsweep: trial " + second + ": damaged files, trained again from the start: episodes/"
                + "trial_id=" + second + "/seg-000000000000-000000000300.parquet: size differs ("
                + (whole.length - 100) + " bytes, recorded " + whole.length + ": truncated or replaced)"), again.err());
        assertTrue(again.out().contains("2 trials: 2 done (0 of them already finished before)"), again.out());
        assertTrue(again.out().contains("trained 1,200 env steps in this submission; 1 trial(s) resumed from a "
                + "checkpoint"), again.out()); // 300 from checkpoint 600, and 900 from the start
        spark = reader();
        try {
            assertEquals(intact.get(0), TinySweeps.tables(spark, uri, first));
            assertEquals(intact.get(1), TinySweeps.tables(spark, uri, second));
        } finally {
            spark.stop();
        }

        Submission third = submit(file);
        assertEquals(0, third.exitCode(), third.err());
        assertTrue(third.out().contains("2 trials: 2 done (2 of them already finished before)"), third.out());
        assertTrue(third.out().contains("trained 0 env steps in this submission"), third.out());
        assertFalse(third.err().contains("damaged files"), third.err());
    }

    @Test
    void aTrialThatCannotWriteFailsAloneWithOneLineAndTheOthersFinish() throws Exception {
        Path file = sweep("unwritable");
        List<TrialSpec> trials = trials(file);
        String victim = trials.get(0).trialId();
        Path partition = Files.createDirectories(dir.resolve("out/unwritable/episodes/trial_id=" + victim));
        Runnable restore = refuseWrites(partition);
        assertThrows(IOException.class, () -> Files.createFile(partition.resolve("probe")),
                "the directory really refuses writes for this user (uid " + uid() + ")");

        Process qsweep = qsweepRun(file);
        String console = new String(qsweep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(qsweep.waitFor(5, TimeUnit.MINUTES));
        restore.run();
        assertEquals(3, qsweep.exitValue(), console);
        assertTrue(console.contains("2 trials: 1 done (0 of them already finished before), 1 failed, 0 diverged"), console);
        String failed = console.lines().filter(l -> l.startsWith("  FAILED " + victim + ": ")).findFirst().orElseThrow();
        assertTrue(failed.startsWith("  FAILED " + victim + ": cannot write to the output ("), failed);
        assertTrue(console.contains("qsweep: 1 trial(s) could not write to file:" + dir.resolve("out/unwritable")
                + " (their reasons are in the summary). Make it writable again or free space, then submit again"), console);
        List<String> stackFrames = console.lines().filter(l -> l.matches("\\s+at [\\w.$]+\\(.*\\)")).toList();
        assertEquals(List.of(), stackFrames, "no stack trace on the console:\n" + console);

        Submission again = submit(file);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("2 trials: 2 done (1 of them already finished before)"), again.out());
    }

    /** `qsweep run <file> --master local[2]` in its own JVM, with this JVM's flags; stdout and stderr together. */
    private static Process qsweepRun(Path file) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("--add-exports") || flag.startsWith("-Dorg.bytedeco")) {
                command.add(flag);
            }
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.addAll(List.of("-Xmx1g", "-cp", classpath, "dev.qsweep.cli.Main", "run", file.toString(),
                "--master", "local[2]"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().remove("QSWEEP_LOG_LEVEL");
        return builder.start();
    }

    /**
     * Makes {@code directory} refuse new files for the user running the test, and returns how to undo it. Permissions
     * do not stop root (CI often runs as root), so root gets the immutable attribute instead, which stops root too;
     * where that is not allowed either, a plain file takes the directory's place (writes under it fail as well).
     */
    private static Runnable refuseWrites(Path directory) throws Exception {
        if (!uid().equals("0")) {
            run("chmod", "a-w", directory.toString());
            return () -> run("chmod", "u+w", directory.toString());
        }
        if (run("chattr", "+i", directory.toString()) == 0) {
            return () -> run("chattr", "-i", directory.toString());
        }
        Path aside = directory.resolveSibling(directory.getFileName() + ".aside");
        Files.move(directory, aside);
        Files.writeString(directory, "not a directory");
        return () -> {
            try {
                Files.delete(directory);
                Files.move(aside, directory);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String uid() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            return new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
