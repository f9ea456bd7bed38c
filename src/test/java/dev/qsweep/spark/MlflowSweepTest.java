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

    /** The parent run's id from {@code qsweep: MLflow tracking to …, run <id> (submission n): <url>}. */
    private static String parentRunIdFrom(Submission submission) {
        return parentRunIdFrom(submission.stderr());
    }

    private static String parentRunIdFrom(String stderr) {
        java.util.regex.Matcher run = java.util.regex.Pattern.compile("qsweep: MLflow tracking to .*, run (\\w+) \\(submission")
                .matcher(stderr);
        if (!run.find()) {
            throw new AssertionError("no MLflow line in:\n" + stderr);
        }
        return run.group(1);
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
        assertEquals(List.of(new Point(1, bestFinal)), server.history(parentId, "best_final_eval_mean"));
        assertEquals(List.of(new Point(1, 2)), server.history(parentId, "trials_done"));
        // The URL opens the experiment's runs table (MLflow 3 opens its GenAI view unless asked), and the experiment
        // qsweep made says it holds training runs.
        assertTrue(first.stdout().contains("MLflow: " + server.uri() + "/#/experiments/" + experimentId
                + "/runs?workflowType=machine_learning"), first.stdout());
        assertEquals("custom_model_development", experimentTags(experimentId).get("mlflow.experimentKind"));

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

        // A re-submission: the same parent run, with the submission recorded; the finished trials are skipped and
        // their runs untouched.
        Submission again = submit(job, "local[2]");
        assertTrue(again.result().outcomes().stream().allMatch(TrialOutcome::skipped));
        assertEquals(parentId, parentRunIdFrom(again));
        assertEquals(3, server.runs(experimentId).size(), "2 trial runs and 1 parent run: " + server.runs(experimentId));
        assertRunsEqualTables(plan, experimentId, parentId);
        assertEquals(List.of(new Point(1, 0), new Point(2, 2)), server.history(parentId, "trials_skipped"));
        assertEquals(List.of(new Point(1, 1), new Point(2, 2)), server.history(parentId, MlflowSweepRun.SUBMISSIONS_METRIC));
        assertEquals("FINISHED", parentRun(server.runs(experimentId), parentId).status());
    }

    private static Map<String, String> experimentTags(String experimentId) throws Exception {
        Map<String, Object> experiment = MlflowTestServer.object(MlflowTestServer.object(
                server.get("/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId)).get("experiment"));
        Map<String, String> tags = new java.util.HashMap<>();
        for (Object tag : MlflowTestServer.list(experiment.getOrDefault("tags", List.of()))) {
            tags.put((String) MlflowTestServer.object(tag).get("key"), (String) MlflowTestServer.object(tag).get("value"));
        }
        return tags;
    }

    /**
     * A submission killed in the middle (its driver gone: the parent run left RUNNING, one trial FAILED, one DONE),
     * then two re-runs: one parent run holds every trial's run, the stale RUNNING parent is closed KILLED by the next
     * submission and runs again for it, and each submission is recorded on it.
     */
    @Test
    void aKilledSubmissionAndTwoReRunsKeepOneParentHoldingEveryTrial() throws Exception {
        Path job = job("killed", "[1]", "");
        SweepPlan plan = plan(job);
        FaultInjection.inject(plan.trials().get(0).trialId(), Fault.FAIL_EVERY_ATTEMPT);
        // The killed submission: what SweepDriver does up to the trials' end, but the driver never closes the parent.
        StringWriter killedErr = new StringWriter();
        MlflowSweepRun killed = MlflowSweepRun.start(MlflowSweepRun.destination(plan.spec(), Map.of(),
                new PrintWriter(killedErr)).orElseThrow(), plan, job, SweepRunner.layoutFor(plan.spec(),
                new org.apache.hadoop.conf.Configuration()).root(), new PrintWriter(killedErr, true));
        SparkSession spark = SweepSessions.create(plan.spec(), "local[2]");
        try {
            SweepRunner.Result result = SweepRunner.run(spark, plan, SweepRunner.layoutFor(plan.spec(),
                    new org.apache.hadoop.conf.Configuration()), line -> { }, killed.target());
            assertEquals(List.of(TrialStatus.FAILED, TrialStatus.DONE),
                    result.outcomes().stream().map(TrialOutcome::status).toList());
        } finally {
            spark.stop();
        }
        FaultInjection.clear();
        String experimentId = server.experimentId("killed");
        String parentId = parentRunIdFrom(killedErr.toString());
        assertEquals("RUNNING", parentRun(server.runs(experimentId), parentId).status());

        Submission second = submit(job, "local[2]");
        assertTrue(second.stderr().contains("the sweep's run " + parentId + " was still RUNNING"), second.stderr());
        assertEquals(List.of(TrialStatus.DONE, TrialStatus.DONE),
                second.result().outcomes().stream().map(TrialOutcome::status).toList());
        // The failed trial failed at its first checkpoint, before saving it: it trains again from 0, in its old run.
        assertEquals(2, second.result().outcomes().stream().filter(o -> !o.skipped()).count()
                + second.result().outcomes().stream().filter(TrialOutcome::skipped).count());
        assertFalse(second.result().outcomes().get(0).skipped(), "the failed trial trained again");
        assertTrue(second.result().outcomes().get(1).skipped(), "the finished trial was skipped");
        Submission third = submit(job, "local[2]");
        assertTrue(third.result().outcomes().stream().allMatch(TrialOutcome::skipped));

        assertEquals(parentId, parentRunIdFrom(second));
        assertEquals(parentId, parentRunIdFrom(third));
        List<Run> runs = server.runs(experimentId);
        assertEquals(3, runs.size(), "1 parent run and 2 trial runs: " + runs);
        assertRunsEqualTables(plan, experimentId, parentId); // every child under the one parent, complete
        Run parent = parentRun(runs, parentId);
        assertEquals("FINISHED", parent.status());
        assertTrue(parent.tags().get(MlflowSweepRun.SUBMISSION_TAG_PREFIX + "1.end").startsWith("KILLED"), parent.tags().toString());
        for (int n = 1; n <= 3; n++) {
            assertTrue(parent.tags().get(MlflowSweepRun.SUBMISSION_TAG_PREFIX + n).contains("2 trials"), parent.tags().toString());
        }
        assertFalse(parent.tags().containsKey(MlflowSweepRun.SUBMISSION_TAG_PREFIX + "2.end"));
        assertEquals(List.of(new Point(1, 1), new Point(2, 2), new Point(3, 3)),
                server.history(parentId, MlflowSweepRun.SUBMISSIONS_METRIC));
        assertEquals(List.of(new Point(2, 2), new Point(3, 2)), server.history(parentId, "trials_done"));

        // What a scheduler calls to mark a trial's run (e.g. its rung): the tag lands on that trial's run only.
        TrialSpec tagged = plan.trials().get(1);
        assertTrue(killed.tagTrial(tagged.trialId(), Map.of("qsweep.rung", "0")));
        Map<String, Run> children = childRuns(server.runs(experimentId));
        assertEquals("0", children.get(tagged.trialId()).tags().get("qsweep.rung"));
        assertFalse(children.get(plan.trials().get(0).trialId()).tags().containsKey("qsweep.rung"));
        assertFalse(killed.tagTrial("t0000000000000000", Map.of("qsweep.rung", "0")), "no run for an unknown trial");
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

    /** The tiny 2-trial job of {@link #job} with a scheduler block next to its mlflow block. */
    private static Path scheduledJob(String name, String scheduler) throws IOException {
        Path plain = job(name, "[1]", "");
        return Files.writeString(plain, Files.readString(plain) + "scheduler { " + scheduler + " }\n");
    }

    @Test
    void aPbtSweepIsTrackedWithItsLineageAndEveryPointOnce() throws Exception {
        Path job = scheduledJob("pbt-tracked", "type = pbt, perturbation_interval = 1000, quantile = 0.5, "
                + "mutations { learning_rate { factors = [0.5] } }");
        SweepPlan plan = plan(job);
        Submission submission = submit(job, "local[2]");
        String experimentId = server.experimentId("pbt-tracked");
        // Both members finish: each run's histories equal its rows, the exploiting one's across the copy too.
        assertRunsEqualTables(plan, experimentId, parentRunIdFrom(submission));

        SparkSession spark = SparkSession.builder().master("local[1]").appName("MlflowSweepTest-pbt")
                .config("spark.ui.enabled", false).getOrCreate();
        Row exploit;
        try {
            SweepTables.register(spark, submission.result().layout().root());
            exploit = spark.sql("SELECT trial_id, donor_trial_id, settings FROM decisions WHERE outcome = 'exploited'")
                    .first();
        } finally {
            spark.stop();
        }
        Map<String, Run> children = childRuns(server.runs(experimentId));
        Run copier = children.get(exploit.getString(0));
        Run donor = children.get(exploit.getString(1));
        assertEquals(exploit.getString(1), copier.tags().get("pbt.donor_trial_id"));
        assertEquals(donor.runId(), copier.tags().get("pbt.donor_run_id"));
        assertEquals(exploit.getString(1), copier.tags().get("pbt.exploited_at_generation_1"));
        assertEquals("2", copier.tags().get("pbt.generation"));
        assertEquals("finished", copier.tags().get("scheduler.outcome"));
        TrialSpec copierTrial = plan.trials().stream().filter(t -> t.trialId().equals(copier.tags().get("trial_id")))
                .findFirst().orElseThrow();
        assertEquals(String.valueOf(copierTrial.settings().get("learning_rate")), copier.params().get("learning_rate"),
                "params are the starting settings (MLflow cannot change one); the perturbed ones are the tag");
        TrialSpec donorTrial = plan.trials().stream().filter(t -> t.trialId().equals(exploit.getString(1)))
                .findFirst().orElseThrow();
        assertEquals("{\"learning_rate\": " + (Double) donorTrial.settings().get("learning_rate") * 0.5 + "}",
                copier.tags().get("pbt.settings"));
        assertEquals(null, donor.tags().get("pbt.donor_trial_id"));
    }

    @Test
    void aSuccessiveHalvingSweepTagsItsStoppedAndFinishedRuns() throws Exception {
        Path job = scheduledJob("sh-tracked", "type = successive_halving, min_steps = 1000, reduction_factor = 2");
        Submission submission = submit(job, "local[2]");
        Map<String, Run> children = childRuns(server.runs(server.experimentId("sh-tracked")));
        assertEquals(2, children.size());
        List<TrialOutcome> outcomes = submission.result().outcomes();
        for (TrialOutcome outcome : outcomes) {
            Run run = children.get(outcome.trialId());
            assertEquals("FINISHED", run.status());
            if (outcome.status() == TrialStatus.STOPPED) {
                assertEquals("STOPPED", run.tags().get("status"));
                assertEquals("stopped", run.tags().get("scheduler.outcome"));
                assertEquals("1", run.tags().get("scheduler.rung"));
                assertEquals("1000", run.tags().get("scheduler.budget_steps"));
                // Its final checkpoint is the rung's, and the artifact is named by that step, not the sweep's budget.
                assertEquals(List.of("checkpoint/checkpoint-000000001000.zip"), checkpointArtifacts(run));
            } else {
                assertEquals(TrialStatus.DONE, outcome.status());
                assertEquals("DONE", run.tags().get("status"));
                assertEquals("finished", run.tags().get("scheduler.outcome"));
                assertEquals("2", run.tags().get("scheduler.rung"));
                // Each rung's task uploads the checkpoint it ended at: the promoted trial's run keeps both.
                assertEquals(List.of("checkpoint/checkpoint-000000001000.zip", "checkpoint/checkpoint-000000002000.zip"),
                        checkpointArtifacts(run));
            }
        }
        assertEquals(1, outcomes.stream().filter(o -> o.status() == TrialStatus.STOPPED).count());
    }

    private static List<String> checkpointArtifacts(Run run) throws Exception {
        return server.artifacts(run.runId(), "").stream().filter(name -> name.startsWith("checkpoint/")).sorted().toList();
    }
}
