package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialIds;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's tables read by the readers users have, from the test venv, each with its default options: pyspark, DuckDB,
 * pandas (pyarrow) and Polars must all give {@code trial_id} as text equal to the trial's id. The sweep's two trials
 * are the worst case: under the old bare-hex format one id was all digits and the other {@code <digits>e<digits>}.
 */
class TableReadersTest {
    /** Seeds whose trials had the old ids 5522044903445546 (all digits) and 5077445617715e68 (a double). */
    private static final String SWEEP = """
            name = readers
            env = CartPole-v1
            preset = cartpole-cleanrl
            settings {
              hidden_sizes = [8]
              buffer_size = 1000
              learning_starts = 100
              batch_size = 16
              train_frequency = 4
              target_update_interval = 100
              eval_interval = 300
              eval_episodes = 2
              checkpoint_interval = 300
            }
            seeds = [243, 870]
            steps = 600
            output = "%s"
            """;
    /** Each reader's own name for a text column. */
    private static final Map<String, String> TEXT_TYPE = Map.of("pyspark", "string", "duckdb", "VARCHAR",
            "pandas", "category[object]", "polars", "String");

    private static SparkSession spark;

    @TempDir
    static Path output;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("TableReadersTest")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static SweepPlan plan(Path out) {
        return TrialExpansion.expand(SweepFiles.parse(SWEEP.formatted(out.toUri()), "jobs/readers.conf"));
    }

    @Test
    void everyReaderGivesTrialIdsAsTextEqualToTheIds() throws Exception {
        SweepPlan plan = plan(output.resolve("new"));
        List<String> ids = plan.trials().stream().map(TrialSpec::trialId).toList();
        assertEquals(List.of("t5522044903445546", "t5077445617715e68"), ids, "the worst case under the old format");
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        SweepRunner.Result result = SweepRunner.run(spark, plan, layout, line -> { });
        result.outcomes().forEach(o -> assertEquals(TrialStatus.DONE, o.status(), o.reason()));
        Map<String, Long> rows = new HashMap<>();
        SweepTables.register(spark, layout.root());
        for (String table : List.of("trials", "episodes", "evals")) {
            rows.put(table, spark.table(table).count());
        }
        Path root = Path.of(java.net.URI.create(layout.root()));
        Path legacy = legacyCopy(root, ids.get(0), output.resolve("legacy"));

        Map<String, Map<String, List<String[]>>> byRoot = readWithPython(root, legacy);

        List<String[]> lines = byRoot.get(root.toString()).values().stream().flatMap(List::stream).toList();
        assertEquals(4 * 3, lines.size(), "every reader reads every table");
        for (String[] line : lines) {
            String where = String.join(" ", line);
            assertEquals(TEXT_TYPE.get(line[0]), line[2], "the reader's type of trial_id: " + where);
            assertEquals("str", line[3], "the values are Python strings: " + where);
            assertEquals(String.valueOf(rows.get(line[1])), line[4], "every row read: " + where);
            assertEquals(new TreeSet<>(ids), new TreeSet<>(List.of(line[5].split(","))), where);
        }
        // The all-digit trial's files under its old bare-hex directory name: the inferring readers make a number of
        // it. This is what the prefix fixes, so the checks above would fail without it.
        Map<String, List<String[]>> old = byRoot.get(legacy.toString());
        for (String reader : List.of("pyspark", "duckdb", "polars")) {
            for (String[] line : old.get(reader)) {
                assertNotEquals(TEXT_TYPE.get(reader), line[2], "a number: " + String.join(" ", line));
            }
        }
    }

    @Test
    void anOutputWithOldIdsIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = output.resolve("old-output");
        Path oldPartition = out.resolve("readers/trials/trial_id=5522044903445546");
        Files.createDirectories(oldPartition);
        Files.writeString(oldPartition.resolve("trial.parquet"), "an old trial row");
        Path file = output.resolve("readers.conf");
        Files.writeString(file, SWEEP.formatted(out.toUri()));
        List<Path> before = files(out);

        StringWriter err = new StringWriter();
        SettingsException refused = assertThrows(SettingsException.class,
                () -> SweepDriver.run(file, "local[1]", new PrintWriter(new StringWriter()), new PrintWriter(err)));

        String message = refused.getMessage();
        assertTrue(message.contains("trial ids were bare hex digits") && message.contains("trial_id=5522044903445546")
                && message.contains("t5522044903445546") && message.contains("move"), message);
        assertEquals(before, files(out), "nothing written, not even the lock");
        assertFalse(TrialIds.isLegacyId("t5522044903445546"));
        assertTrue(TrialIds.isId("t5522044903445546") && TrialIds.isLegacyId("5522044903445546"));
    }

    /** One trial's table files, its {@code trial_id=t<hex>} directories named as before the prefix. */
    private static Path legacyCopy(Path root, String trialId, Path copy) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path source : all.toList()) {
                String path = source.toString();
                if (path.contains("trial_id=") && !path.contains("trial_id=" + trialId)
                        || path.contains("checkpoints") || path.contains("_qsweep")) {
                    continue;
                }
                String relative = root.relativize(source).toString().replaceAll("trial_id=" + TrialIds.PREFIX, "trial_id=");
                Path target = copy.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().startsWith(".")) { // no Hadoop .crc files
                    Files.copy(source, target);
                }
            }
        }
        return copy;
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.sorted().toList();
        }
    }

    /** Runs scripts/read_tables.py; its lines grouped by root, then by reader. */
    private static Map<String, Map<String, List<String[]>>> readWithPython(Path... roots) throws Exception {
        String venv = System.getenv("QSWEEP_VENV");
        Path bin = venv == null ? Path.of(".venv", "bin") : Path.of(venv, "bin");
        Path python = bin.resolve("python");
        if (!Files.isExecutable(python)) {
            fail("no Python at " + python.toAbsolutePath() + ". This test reads the tables with the real pyspark, "
                    + "duckdb, pandas and polars: run bin/setup-venv (it installs scripts/requirements-test.txt into "
                    + ".venv) and export QSWEEP_VENV=$PWD/.venv, or run everything with bin/test.");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), "scripts/read_tables.py"));
        Stream.of(roots).forEach(r -> command.add(r.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        // pyspark's spark-submit finds its Spark through the python3 on PATH.
        builder.environment().put("PATH", bin.toAbsolutePath() + ":" + System.getenv("PATH"));
        Process process = builder.start();
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("scripts/read_tables.py did not finish in 5 minutes");
        }
        if (process.exitValue() != 0) {
            fail("scripts/read_tables.py failed (exit " + process.exitValue() + "). If a reader is missing from " + bin
                    + ", run bin/setup-venv. Its output:\n" + stdout.join() + stderr.join());
        }
        Map<String, Map<String, List<String[]>>> byRoot = new HashMap<>();
        Map<String, List<String[]>> current = null;
        for (String text : stdout.join().split("\n")) {
            String[] line = text.split("\t", -1);
            if (line[0].equals("root")) {
                current = byRoot.computeIfAbsent(line[1], r -> new HashMap<>());
            } else if (line.length == 6 && current != null) {
                current.computeIfAbsent(line[0], r -> new ArrayList<>()).add(line);
            }
        }
        Set<String> expected = new TreeSet<>(Stream.of(roots).map(Path::toString).toList());
        assertEquals(expected, new TreeSet<>(byRoot.keySet()), stdout.join());
        return byRoot;
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
