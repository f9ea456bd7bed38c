package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.BuildInfo;
import dev.qsweep.config.SettingsException;
import dev.qsweep.spark.FaultInjection.Fault;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.LocalCheckpointStore;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.TrainResult;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps on a real local Spark (2 cores, 2 attempts per task) writing real Parquet files, read back with Spark SQL. */
class SweepOnSparkTest {
    private static SparkSession spark;

    @TempDir
    static Path output;

    /** Tiny CartPole trials: 900 steps, a checkpoint and an evaluation every 300. */
    private static String sweep(String name, String grid, String seeds) {
        return """
                name = %s
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
                grid { %s }
                seeds = %s
                steps = 900
                output = "%s"
                """.formatted(name, grid, seeds, output.toUri());
    }

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, "jobs/test.conf"));
    }

    private static SweepRunner.Result run(SweepPlan plan) {
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        List<String> progress = new ArrayList<>();
        SweepRunner.Result result = SweepRunner.run(spark, plan, layout, progress::add);
        assertFalse(progress.isEmpty());
        assertTrue(progress.get(progress.size() - 1).startsWith("trials " + plan.trials().size() + "/"
                + plan.trials().size() + " finished"), progress.toString());
        return result;
    }

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,2]").appName("SweepOnSparkTest")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2)
                // Live progress lines every second, from heartbeats every second.
                .config("spark.executor.heartbeatInterval", "1s").config("spark.qsweep.progressIntervalSeconds", 1)
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    /** What the trainer produces for a trial when run directly, without Spark. */
    private record Reference(List<String> episodes, List<EvalRecord> evals, TrainResult result) {
    }

    private static Reference reference(TrialSpec trial) throws IOException {
        List<String> episodes = new ArrayList<>();
        List<EvalRecord> evals = new ArrayList<>();
        MetricsSink sink = new MetricsSink() {
            @Override
            public void onEpisode(EpisodeRecord e) {
                episodes.add(EpisodeLines.of(e));
            }

            @Override
            public void onEval(EvalRecord e) {
                evals.add(e);
            }
        };
        Path checkpoints = Files.createTempDirectory(output, "reference");
        TrainResult result = new Trainer(trial.runSpec(), sink, new LocalCheckpointStore(checkpoints)).run(false);
        return new Reference(episodes, evals, result);
    }


    private static Map<String, Long> fileTimes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(Path::toString, p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, (a, b) -> a, TreeMap::new));
        }
    }

    /** Heartbeats carry running trials' step counts to the driver, so long trials show progress before they end. */
    @Test
    void progressLinesCountStepsWhileTrialsRun() {
        SweepPlan plan = plan(sweep("live", "learning_rate = [1e-3]", "[1, 2]").replace("steps = 900", "steps = 15000"));
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        List<String> lines = new ArrayList<>();
        SweepRunner.run(spark, plan, layout, lines::add);
        Pattern steps = Pattern.compile("\\| steps ([0-9,]+)/30,000 \\((\\d+)%\\)");
        List<Long> counts = new ArrayList<>();
        for (String line : lines) {
            Matcher m = steps.matcher(line);
            assertTrue(m.find(), "every line shows steps: " + line);
            counts.add(Long.parseLong(m.group(1).replace(",", "")));
        }
        assertTrue(counts.stream().anyMatch(n -> n > 0 && n < 30_000), "a line while trials ran: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("trials 0/2 finished") && !l.contains("| steps 0/")),
                "steps counted before any trial ended: " + lines);
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) >= counts.get(i - 1), "steps never go back: " + lines);
        }
        assertTrue(lines.get(lines.size() - 1).contains("| steps 30,000/30,000 (100%)"), lines.toString());

        List<String> rerun = new ArrayList<>();
        SweepRunner.run(spark, plan, layout, rerun::add);
        assertTrue(rerun.get(rerun.size() - 1).contains("skipped 2 | failed 0 | diverged 0 | steps 30,000/30,000 (100%)"),
                "skipped trials count as done: " + rerun);
    }

    @Test
    void tablesHoldWhatTheTrainerProducedAndARerunTrainsNothing() throws IOException {
        SweepPlan plan = plan(sweep("grid", "learning_rate = [1e-3, 3e-4]", "[1, 2]"));
        SweepRunner.Result result = run(plan);
        assertEquals(4, result.outcomes().size());
        for (TrialOutcome outcome : result.outcomes()) {
            assertEquals(TrialStatus.DONE, outcome.status(), outcome.toString());
            assertEquals(900, outcome.envSteps());
            assertEquals(1, outcome.attempts());
            assertFalse(outcome.skipped());
        }

        SweepTables.register(spark, result.layout().root());
        StructType trials = spark.table("trials").schema();
        assertEquals(DataTypes.StringType, trials.apply("trial_id").dataType(), "hex ids stay strings");
        assertEquals(DataTypes.DoubleType, trials.apply("learning_rate").dataType());
        assertEquals(DataTypes.IntegerType, trials.apply("target_update_interval").dataType());
        assertEquals(DataTypes.BooleanType, trials.apply("double_q").dataType());
        assertEquals(DataTypes.IntegerType, ((ArrayType) trials.apply("hidden_sizes").dataType()).elementType());
        assertEquals(4L, spark.sql("SELECT count(*) FROM trials WHERE status = 'DONE' AND sweep = 'grid'").first().getLong(0));

        TrialSpec trial = plan.trials().get(1);
        Reference expected = reference(trial);
        assertEquals(expected.episodes(), EpisodeLines.fromTable(spark, trial.trialId()), "episode rows = the trainer's, in order, once each");
        List<Row> evals = spark.sql("SELECT global_step, mean, std, min, max, episodes FROM evals WHERE trial_id = '"
                + trial.trialId() + "' ORDER BY global_step").collectAsList();
        assertEquals(expected.evals().stream().map(EvalRecord::globalStep).toList(), evals.stream().map(r -> r.getLong(0)).toList());
        assertEquals(List.of(300L, 600L, 900L), evals.stream().map(r -> r.getLong(0)).toList());
        assertEquals(expected.evals().stream().map(EvalRecord::mean).toList(), evals.stream().map(r -> r.getDouble(1)).toList());

        Row row = spark.sql("SELECT seed, learning_rate, hidden_sizes, env_steps, episodes, final_eval_mean, best_eval_mean,"
                + " checkpoint_uri, attempts, qsweep_version, env, git_commit FROM trials WHERE trial_id = '" + trial.trialId() + "'").first();
        assertEquals(trial.seed(), row.getLong(0));
        assertEquals(trial.settings().get("learning_rate"), row.getDouble(1));
        assertEquals(List.of(8), row.getList(2));
        assertEquals(900L, row.getLong(3));
        assertEquals(expected.result().episodes(), row.getLong(4));
        assertEquals(expected.result().finalEval().mean(), row.getDouble(5));
        assertEquals(expected.result().bestEval().mean(), row.getDouble(6));
        assertTrue(row.getString(7).endsWith("/grid/checkpoints/" + trial.trialId()), row.getString(7));
        assertEquals(1, row.getInt(8));
        assertEquals(BuildInfo.current().version(), row.getString(9));
        assertEquals("CartPole-v1", row.getString(10));
        assertEquals(BuildInfo.current().gitCommit(), row.getString(11));

        String plan1 = spark.sql("SELECT * FROM episodes WHERE trial_id = '" + trial.trialId() + "'")
                .queryExecution().executedPlan().toString();
        assertTrue(plan1.contains("PartitionFilters: [isnotnull(trial_id") && plan1.contains(trial.trialId()),
                "Spark prunes by trial: " + plan1);

        Map<String, Long> before = fileTimes(output.resolve("grid"));
        SweepRunner.Result again = run(plan);
        assertTrue(again.outcomes().stream().allMatch(TrialOutcome::skipped), again.outcomes().toString());
        assertEquals(before, fileTimes(output.resolve("grid")), "a finished sweep re-submitted writes nothing");
    }

    @Test
    void aTrialKilledAfterItsFirstCheckpointResumesAndLogsEveryEpisodeOnce() throws IOException {
        SweepPlan plan = plan(sweep("crash", "", "[5, 6]"));
        TrialSpec victim = plan.trials().get(0);
        FaultInjection.inject(victim.trialId(), Fault.CRASH_FIRST_ATTEMPT_AT_SECOND_CHECKPOINT);
        SweepRunner.Result result = run(plan);

        TrialOutcome crashed = result.outcomes().get(0);
        assertEquals(TrialStatus.DONE, crashed.status(), crashed.toString());
        assertEquals(2, crashed.attempts(), "Spark retried the task");
        assertEquals(300, crashed.resumedFromStep(), "the retry resumed from the first checkpoint");
        assertEquals(1, result.outcomes().get(1).attempts());

        SweepTables.register(spark, result.layout().root());
        assertEquals(0L, spark.sql("SELECT trial_id, episode FROM episodes GROUP BY trial_id, episode HAVING count(*) > 1")
                .count(), "no duplicated episode");
        assertEquals(0L, spark.sql("SELECT trial_id, global_step FROM evals GROUP BY trial_id, global_step HAVING count(*) > 1")
                .count(), "no duplicated evaluation");
        assertEquals(reference(victim).episodes(), EpisodeLines.fromTable(spark, victim.trialId()),
                "rows of the crashed attempt were replaced by the resumed run's, which equal an uninterrupted run's");
        Row stored = spark.sql("SELECT attempts, resumed_from_step FROM trials WHERE trial_id = '" + victim.trialId() + "'").first();
        assertEquals(2, stored.getInt(0));
        assertEquals(300L, stored.getLong(1));
    }

    @Test
    void failedAndDivergedTrialsAreRecordedAndTheSweepGoesOn() throws IOException {
        SweepPlan plan = plan(sweep("faults", "", "[1, 2, 3]"));
        FaultInjection.inject(plan.trials().get(0).trialId(), Fault.FAIL_EVERY_ATTEMPT);
        FaultInjection.inject(plan.trials().get(1).trialId(), Fault.DIVERGE);
        SweepRunner.Result result = run(plan);
        assertEquals(List.of(TrialStatus.FAILED, TrialStatus.DIVERGED, TrialStatus.DONE),
                result.outcomes().stream().map(TrialOutcome::status).toList());

        SweepTables.register(spark, result.layout().root());
        Map<String, Row> byStatus = spark.sql("SELECT status, reason, attempts, env_steps, sps FROM trials").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertTrue(byStatus.get("FAILED").getString(1).contains("injected failure at step 300"), byStatus.toString());
        assertEquals(2, byStatus.get("FAILED").getInt(2), "failed on every allowed attempt");
        assertTrue(byStatus.get("DIVERGED").getString(1).contains("diverged at env step 300"), byStatus.toString());
        assertEquals(1, byStatus.get("DIVERGED").getInt(2), "divergence is deterministic: not retried");
        assertTrue(byStatus.get("DONE").isNullAt(1));
        assertEquals(900L, byStatus.get("DONE").getLong(3));
        assertTrue(byStatus.get("DONE").getDouble(4) > 0);
        assertTrue(byStatus.get("FAILED").isNullAt(4), "unknown numbers are null, not NaN, so aggregates skip them");
    }

    @Test
    void anUnusableOutputIsRejectedBeforeAnythingIsWritten() throws IOException {
        Path file = Files.writeString(output.resolve("a-file"), "x");
        String text = sweep("bad", "", "[1]").replace(output.toUri().toString(), file.toUri() + "/sub");
        SettingsException e = assertThrows(SettingsException.class,
                () -> SweepRunner.layoutFor(plan(text).spec(), new Configuration()));
        assertTrue(e.getMessage().startsWith("jobs/test.conf:18: output: "), e.getMessage());
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());

        String unknownScheme = sweep("bad", "", "[1]").replace(output.toUri().toString(), "nosuchfs://host/x");
        e = assertThrows(SettingsException.class, () -> SweepRunner.layoutFor(plan(unknownScheme).spec(), new Configuration()));
        assertTrue(e.getMessage().startsWith("jobs/test.conf:18: output: cannot use 'nosuchfs://host/x'"), e.getMessage());
    }
}
