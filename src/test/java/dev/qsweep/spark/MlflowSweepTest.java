package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.train.Checkpoints;
import dev.qsweep.train.LocalCheckpointStore;
import dev.qsweep.config.BuildInfo;
import dev.qsweep.spark.FaultInjection.Fault;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowSweepRun;
import dev.qsweep.track.MlflowTestServer;
import dev.qsweep.track.MlflowTestServer.Point;
import dev.qsweep.track.MlflowTestServer.Run;
import dev.qsweep.track.MlflowTrialTracker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps tracked in a real MLflow server (SQLite store, proxied local artifacts) from real Spark local mode; everything
 * is checked through MLflow's REST API against the sweep's Parquet tables.
 */
class MlflowSweepTest {
    private static final List<String> EPISODE_METRICS = List.of(MlflowTrialTracker.EPISODE_RETURN,
            MlflowTrialTracker.EPISODE_LENGTH, MlflowTrialTracker.EPSILON);
    private static final List<String> STATS_METRICS = List.of(MlflowTrialTracker.LOSS, MlflowTrialTracker.Q_MEAN,
            MlflowTrialTracker.SPS);
    private static final long STEPS = 2000;

    @TempDir
    static Path dir;
    private static MlflowTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MlflowTestServer.shared();
        // Short waits, so a few-second trial sends several batches. A task waits 20 s for a down server, then leaves
        // the rest to the driver, which waits long enough for the outage test's restart.
        System.setProperty(MlflowSweepRun.FLUSH_INTERVAL_PROPERTY, "300");
        System.setProperty(MlflowSweepRun.FINISH_TIMEOUT_PROPERTY, "20000");
        System.setProperty(MlflowSweepRun.COMPLETION_TIMEOUT_PROPERTY, "600000");
    }

    @AfterAll
    static void stopServer() throws Exception {
        System.clearProperty(MlflowSweepRun.FLUSH_INTERVAL_PROPERTY);
        System.clearProperty(MlflowSweepRun.FINISH_TIMEOUT_PROPERTY);
        System.clearProperty(MlflowSweepRun.COMPLETION_TIMEOUT_PROPERTY);
    }

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    /** Tiny CartPole trials: 2000 steps; checkpoint and evaluation every 500; training stats every 1000. */
    private static Path job(String name, String seeds, String extra) throws IOException {
        return job(name, seeds, extra, STEPS);
    }

    private static Path job(String name, String seeds, String extra, long steps) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), """
                name = %s
                env = CartPole-v1
                preset = cartpole-cleanrl
                settings {
                  hidden_sizes = [8]
                  buffer_size = 1000
                  learning_starts = 100
                  batch_size = 16
                  target_update_interval = 100
                  eval_interval = 500
                  eval_episodes = 2
                  checkpoint_interval = 500
                }
                grid { learning_rate = [1e-3, 3e-4] }
                seeds = %s
                steps = %d
                output = "%s"
                mlflow {
                  tracking_uri = "%s"
                  %s
                }
                """.formatted(name, seeds, steps, dir.resolve("out").toUri(), server.uri(), extra));
    }

    private record Submission(SweepRunner.Result result, String stdout, String stderr) {
    }

    private static Submission submit(Path job, String master) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        SweepRunner.Result result = SweepDriver.run(job, master, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Submission(result, out.toString(), err.toString());
    }

    private static SweepPlan plan(Path job) {
        return TrialExpansion.expand(SweepFiles.load(job));
    }

    /** Child runs by trial id; fails when a trial has more than one. */
    private static Map<String, Run> childRuns(List<Run> runs) {
        Map<String, List<Run>> byTrial = runs.stream().filter(r -> r.tags().containsKey("trial_id"))
                .collect(Collectors.groupingBy(r -> r.tags().get("trial_id")));
        byTrial.forEach((id, list) -> assertEquals(1, list.size(), "one MLflow run per trial, " + id + " has " + list));
        return byTrial.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    /**
     * The heart of every test: each trial's metric histories equal its rows in the Parquet tables — same steps, same
     * values, each point exactly once — and its run ended FINISHED.
     */
    private static void assertRunsEqualTables(SweepPlan plan, String experimentId, String parentRunId) throws Exception {
        Map<String, Run> children = childRuns(server.runs(experimentId));
        SparkSession spark = SparkSession.builder().master("local[1]").appName("MlflowSweepTest-read")
                .config("spark.ui.enabled", false).getOrCreate();
        try {
            SweepTables.register(spark, SweepRunner.layoutFor(plan.spec(), new org.apache.hadoop.conf.Configuration()).root());
            for (TrialSpec trial : plan.trials()) {
                Run run = children.get(trial.trialId());
                assertNotNull(run, "trial " + trial.trialId() + " has a run");
                assertEquals("FINISHED", run.status(), run.toString());
                assertEquals("DONE", run.tags().get("status"));
                assertEquals(parentRunId, run.tags().get("mlflow.parentRunId"));
                List<Row> episodes = spark.sql("SELECT global_step, `return`, length, epsilon FROM episodes WHERE trial_id = '"
                        + trial.trialId() + "' ORDER BY global_step").collectAsList();
                assertFalse(episodes.isEmpty());
                for (int m = 0; m < EPISODE_METRICS.size(); m++) {
                    String key = EPISODE_METRICS.get(m);
                    int column = m + 1;
                    List<Point> expected = episodes.stream().map(r -> new Point(r.getLong(0),
                            column == 2 ? r.getInt(column) : r.getDouble(column))).toList();
                    assertEquals(expected, server.history(run.runId(), key), trial.trialId() + " " + key);
                }
                List<Row> evals = spark.sql("SELECT global_step, mean, std FROM evals WHERE trial_id = '" + trial.trialId()
                        + "' ORDER BY global_step").collectAsList();
                assertEquals(evals.stream().map(r -> new Point(r.getLong(0), r.getDouble(1))).toList(),
                        server.history(run.runId(), MlflowTrialTracker.EVAL_RETURN_MEAN));
                assertEquals(evals.stream().map(r -> new Point(r.getLong(0), r.getDouble(2))).toList(),
                        server.history(run.runId(), MlflowTrialTracker.EVAL_RETURN_STD));
                List<Long> everyThousand = java.util.stream.LongStream.rangeClosed(1, trial.steps() / 1000)
                        .map(k -> k * 1000).boxed().toList();
                for (String key : STATS_METRICS) {
                    assertEquals(everyThousand, server.history(run.runId(), key).stream().map(Point::step).toList(),
                            trial.trialId() + " " + key + ": one point per 1000 steps, none twice");
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static Run parentRun(List<Run> runs, String runId) {
        return runs.stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
    }

    private static String parentRunIdFrom(Submission submission) {
        String marker = "MLflow: ";
        String line = submission.stdout().lines().filter(l -> l.startsWith(marker)).findFirst().orElseThrow(
                () -> new AssertionError("no MLflow line in:\n" + submission.stdout()));
        return line.substring(line.lastIndexOf('/') + 1);
    }

    /**
     * Finished episode segments under {@code <table>/trial_id=…/}. Counted from directory listings only: the trials
     * are still writing, and a temporary segment renamed between a walk's listing and its look at the entry would
     * throw (Files.walk stats every entry).
     */
    private static long segments(Path directory) {
        String[] partitions = directory.toFile().list();
        if (partitions == null) {
            return 0;
        }
        long count = 0;
        for (String partition : partitions) {
            String[] files = directory.resolve(partition).toFile().list();
            for (String file : files == null ? new String[0] : files) {
                if (file.matches("seg-.*\\.parquet")) {
                    count++;
                }
            }
        }
        return count;
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "a decodable PNG");
        return image;
    }

    @Test
    void aSweepLogsParentAndChildRunsWhoseHistoriesEqualTheTables() throws Exception {
        Path job = job("tracked", "[1]", "");
        SweepPlan plan = plan(job);
        Submission first = submit(job, "local[2]");
        assertTrue(first.stderr().contains("qsweep: MLflow tracking to " + server.uri() + ", experiment 'tracked'"),
                first.stderr());
        String experimentId = server.experimentId("tracked");
        String parentId = parentRunIdFrom(first);
        assertRunsEqualTables(plan, experimentId, parentId);

        List<Run> runs = server.runs(experimentId);
        Run parent = parentRun(runs, parentId);
        assertEquals("FINISHED", parent.status());
        assertEquals(BuildInfo.current().gitCommit(), parent.tags().get("git_commit"));
        assertEquals(BuildInfo.current().version(), parent.tags().get("qsweep_version"));
        assertEquals("tracked.conf", parent.tags().get("job_file"));
        assertEquals(Files.readString(job), new String(server.artifact(parent, "job/tracked.conf")));
        String planTable = new String(server.artifact(parent, MlflowSweepRun.PLAN_ARTIFACT));
        for (TrialSpec t : plan.trials()) {
            assertTrue(planTable.contains(t.index() + "\t" + t.trialId() + "\tCartPole-v1\t" + t.seed()), planTable);
        }
        BufferedImage summary = png(server.artifact(parent, MlflowSweepRun.SUMMARY_ARTIFACT));
        assertEquals(1000, summary.getWidth());

        // Summary metrics: the best configuration's mean final evaluation, as the trials table has it.
        double bestFinal = first.result().outcomes().stream().mapToDouble(TrialOutcome::finalEvalMean).max().orElseThrow();
        assertEquals(List.of(new Point(0, bestFinal)), server.history(parentId, "best_final_eval_mean"));
        assertEquals(List.of(new Point(0, 2)), server.history(parentId, "trials_done"));

        for (TrialSpec trial : plan.trials()) {
            Run child = childRuns(runs).get(trial.trialId());
            assertEquals("learning_rate=" + trial.settings().get("learning_rate") + " seed=1 CartPole-v1", child.name());
            assertEquals(String.valueOf(trial.seed()), child.tags().get("seed"));
            assertEquals("CartPole-v1", child.tags().get("env"));
            trial.settings().forEach((setting, value) ->
                    assertEquals(String.valueOf(value), child.params().get(setting), "param " + setting));
            assertEquals(String.valueOf(STEPS), child.params().get("steps"));
            assertEquals(List.of("checkpoint/checkpoint-000000002000.zip", MlflowTrialTracker.LEARNING_CURVE_ARTIFACT),
                    server.artifacts(child.runId(), "").stream().sorted().toList());
            png(server.artifact(child, MlflowTrialTracker.LEARNING_CURVE_ARTIFACT));
            Path checkpoint = dir.resolve("out/tracked/checkpoints/" + trial.trialId());
            assertArrayEquals(Checkpoints.exportLatest(new LocalCheckpointStore(checkpoint), Long.MAX_VALUE).orElseThrow(),
                    server.artifact(child, "checkpoint/checkpoint-000000002000.zip"), "the final checkpoint, byte for byte");
        }

        // A re-submission: a new parent run; the finished trials are skipped and their runs untouched.
        Submission again = submit(job, "local[2]");
        assertTrue(again.result().outcomes().stream().allMatch(TrialOutcome::skipped));
        String secondParent = parentRunIdFrom(again);
        assertFalse(secondParent.equals(parentId));
        assertEquals(4, server.runs(experimentId).size(), "2 trial runs and 2 parent runs: " + server.runs(experimentId));
        assertRunsEqualTables(plan, experimentId, parentId);
        assertEquals(List.of(new Point(0, 2)), server.history(secondParent, "trials_skipped"));
    }

    @Test
    void aRetriedTrialReusesItsRunAndLogsEveryPointOnce() throws Exception {
        Path job = job("retried", "[5]", "experiment = \"qsweep-retry\"");
        SweepPlan plan = plan(job);
        TrialSpec victim = plan.trials().get(0);
        FaultInjection.inject(victim.trialId(), Fault.CRASH_FIRST_ATTEMPT_AT_SECOND_CHECKPOINT);
        Submission submission = submit(job, "local[2,2]");
        TrialOutcome crashed = submission.result().outcomes().get(0);
        assertEquals(TrialStatus.DONE, crashed.status());
        assertEquals(2, crashed.attempts(), "Spark retried the task");
        assertEquals(500, crashed.resumedFromStep());

        String experimentId = server.experimentId("qsweep-retry");
        assertRunsEqualTables(plan, experimentId, parentRunIdFrom(submission));
        Run run = childRuns(server.runs(experimentId)).get(victim.trialId());
        assertEquals("2", run.tags().get("attempt"), "the retry took over the first attempt's run");
        // Whether the first attempt had sent points past its checkpoint depends on timing here;
        // MlflowTrialTrackerTest makes both cases (sent and not sent) happen on purpose.
        Run other = childRuns(server.runs(experimentId)).get(plan.trials().get(1).trialId());
        assertEquals("1", other.tags().get("attempt"));
    }

    @Test
    void aServerOutageInTheMiddleOfASweepLosesAndDuplicatesNothing() throws Exception {
        // Trials long enough (several seconds each, even on a fast machine) to still be training when the server stops.
        Path job = job("outage", "[1, 2]", "", 30_000);
        SweepPlan plan = plan(job);
        CompletableFuture<Submission> sweep = CompletableFuture.supplyAsync(() -> {
            try {
                return submit(job, "local[2]");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // Stop the server once some trial has sent points, i.e. while trials are training.
        String experimentId = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && !sweep.isDone()) {
            try {
                experimentId = server.experimentId("outage");
                Set<String> withPoints = new HashSet<>();
                for (Run r : server.runs(experimentId)) {
                    if (r.tags().containsKey("trial_id") && !server.history(r.runId(), MlflowTrialTracker.EPISODE_RETURN).isEmpty()) {
                        withPoints.add(r.runId());
                    }
                }
                if (!withPoints.isEmpty()) {
                    break;
                }
            } catch (IOException e) {
                // experiment not created yet
            }
            Thread.sleep(200);
        }
        assertFalse(sweep.isDone(), "the sweep was still running when the server went down");
        server.stop();
        long segmentsAtStop;
        long segmentsAfterOutage;
        try {
            segmentsAtStop = segments(dir.resolve("out/outage/episodes"));
            Thread.sleep(30_000);
            segmentsAfterOutage = segments(dir.resolve("out/outage/episodes"));
        } finally {
            server.restart(); // also when this test fails here: the next test classes share the server
        }
        Submission submission = sweep.get(15, TimeUnit.MINUTES);
        assertTrue(segmentsAfterOutage > segmentsAtStop, "training went on while the server was down: "
                + segmentsAtStop + " → " + segmentsAfterOutage + " episode segments");
        assertTrue(submission.result().outcomes().stream().allMatch(o -> o.status() == TrialStatus.DONE),
                submission.result().outcomes().toString());
        assertFalse(submission.stderr().contains("could not record"), submission.stderr());
        assertRunsEqualTables(plan, experimentId, parentRunIdFrom(submission));
        List<String> finished = new ArrayList<>();
        for (Run r : server.runs(experimentId)) {
            finished.add(r.status());
        }
        assertEquals(List.of("FINISHED", "FINISHED", "FINISHED", "FINISHED", "FINISHED"), finished);
    }
}
