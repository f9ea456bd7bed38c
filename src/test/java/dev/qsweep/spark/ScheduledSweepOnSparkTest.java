package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.spark.FaultInjection.Fault;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.LocalCheckpointStore;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Successive halving on a real local Spark with real Parquet files: 4 learning rates × 2 seeds of 900 CartPole steps,
 * rungs of 300, 600 and 900 steps keeping the best half (η = 2). Expected promotions are computed here from the evals
 * table with plain code, independently of the scheduler.
 */
class ScheduledSweepOnSparkTest {
    private static final List<Long> BUDGETS = List.of(300L, 600L, 900L);
    private static SparkSession spark;

    @TempDir
    static Path output;

    private static SweepPlan plan(String name, int learningStarts) {
        return plan(name, learningStarts, "successive_halving");
    }

    private static SweepPlan plan(String name, int learningStarts, String type) {
        return plan(name, learningStarts, 900, "scheduler { type = " + type + ", metric = eval_mean, mode = max, "
                + "min_steps = 300, reduction_factor = 2 }");
    }

    /** 4 learning rates × 2 seeds of tiny CartPole trials, evaluated and checkpointed every 300 steps. */
    private static SweepPlan plan(String name, int learningStarts, long steps, String scheduler) {
        return TrialExpansion.expand(SweepFiles.parse("""
                name = %s
                env = CartPole-v1
                preset = cartpole-cleanrl
                settings {
                  hidden_sizes = [8]
                  buffer_size = 1000
                  learning_starts = %d
                  batch_size = 16
                  train_frequency = 4
                  target_update_interval = 100
                  eval_interval = 300
                  eval_episodes = 2
                  checkpoint_interval = 300
                }
                grid { learning_rate = [1e-2, 3e-3, 1e-3, 3e-4] }
                seeds = [1, 2]
                steps = %d
                output = "%s"
                %s
                """.formatted(name, learningStarts, steps, output.toUri(), scheduler), "jobs/test.conf"));
    }

    private static SweepRunner.Result run(SweepPlan plan, List<String> progress) {
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        return SweepRunner.run(spark, plan, layout, progress::add);
    }

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,2]").appName("ScheduledSweepOnSparkTest")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    /** The decisions view as text lines in a fixed order, every column. */
    private static List<String> decisions(SweepRunner.Result result) throws IOException {
        SweepTables.register(spark, result.layout().root());
        return spark.sql("SELECT bracket, rung, budget_steps, trial_id, trial_index, configuration, metric, score, "
                        + "configuration_score, rank, outcome FROM decisions ORDER BY bracket, rung, trial_index")
                .collectAsList().stream().map(Row::toString).toList();
    }

    /** Configuration index → mean over its seeds of the eval mean at {@code step}, from the evals view alone. */
    private static Map<Integer, Double> evalMeansAt(SweepPlan plan, long step, List<Integer> configurations) {
        Map<String, Double> byTrial = new HashMap<>();
        spark.sql("SELECT trial_id, mean FROM evals WHERE global_step = " + step).collectAsList()
                .forEach(r -> byTrial.put(r.getString(0), r.getDouble(1)));
        Map<Integer, Double> means = new HashMap<>();
        for (int c : configurations) {
            double a = byTrial.get(plan.trials().get(2 * c).trialId()); // seeds are innermost: trials 2c and 2c + 1
            double b = byTrial.get(plan.trials().get(2 * c + 1).trialId());
            means.put(c, (a + b) / 2);
        }
        return means;
    }

    /** The {@code keep} best configurations by mean, ties to the lower index: the documented rule, written out. */
    private static List<Integer> best(Map<Integer, Double> means, int keep) {
        return means.keySet().stream().sorted(Comparator.comparing((Integer c) -> -means.get(c))
                .thenComparing(c -> c)).limit(keep).sorted().toList();
    }

    private static List<Integer> promotedAt(SweepRunner.Result result, int rung) {
        return spark.sql("SELECT DISTINCT configuration FROM decisions WHERE rung = " + rung
                + " AND outcome = 'promoted' ORDER BY configuration").collectAsList().stream()
                .map(r -> r.getInt(0)).toList();
    }

    @Test
    void promotesWhatTheEvalsTableRanksAndTheFinalistEqualsAnUnscheduledRun() throws IOException {
        SweepPlan plan = plan("sh-rank", 100);
        List<String> progress = new ArrayList<>();
        SweepRunner.Result result = run(plan, progress);
        assertEquals(8 * 300 + 4 * 300 + 2 * 300, result.trainedSteps(), "8 trials to 300, 4 on to 600, 2 on to 900");
        assertTrue(progress.contains("rung 1/3: 4 configuration(s) alive (8 trials), training to 300 steps"), progress.toString());
        assertTrue(progress.contains("rung 3/3: 1 configuration(s) alive (2 trials), training to 900 steps"), progress.toString());
        decisions(result);

        List<Integer> rung1 = best(evalMeansAt(plan, 300, List.of(0, 1, 2, 3)), 2);
        assertEquals(rung1, promotedAt(result, 0));
        List<Integer> rung2 = best(evalMeansAt(plan, 600, rung1), 1);
        assertEquals(rung2, promotedAt(result, 1));
        int finalist = rung2.get(0);

        Map<String, String> status = new HashMap<>();
        Map<String, String> reason = new HashMap<>();
        spark.sql("SELECT trial_id, status, reason FROM trials").collectAsList().forEach(r -> {
            status.put(r.getString(0), r.getString(1));
            reason.put(r.getString(0), r.getString(2));
        });
        for (TrialSpec trial : plan.trials()) {
            int c = trial.index() / 2;
            String expected = c == finalist ? "DONE" : "STOPPED";
            assertEquals(expected, status.get(trial.trialId()), trial.toString());
            if (!rung1.contains(c)) {
                assertTrue(reason.get(trial.trialId()).startsWith("stopped at rung 1/3 (300 steps): configuration "
                        + "ranked "), reason.get(trial.trialId()));
            }
        }
        assertEquals(2, spark.sql("SELECT * FROM trials WHERE status = 'STOPPED' AND env_steps = 600").count());
        assertEquals(4, spark.sql("SELECT * FROM trials WHERE status = 'STOPPED' AND env_steps = 300").count());

        // A promoted trial's schedules follow its full steps: its rows equal the trial trained at once, unscheduled.
        TrialSpec trial = plan.trials().get(2 * finalist + 1);
        List<String> episodes = new ArrayList<>();
        List<EvalRecord> evals = new ArrayList<>();
        new Trainer(trial.runSpec(), new MetricsSink() {
            @Override
            public void onEpisode(EpisodeRecord e) {
                episodes.add(EpisodeLines.of(e));
            }

            @Override
            public void onEval(EvalRecord e) {
                evals.add(e);
            }
        }, new LocalCheckpointStore(Files.createTempDirectory(output, "reference"))).run(false);
        assertEquals(episodes, EpisodeLines.fromTable(spark, trial.trialId()));
        assertEquals(evals.stream().map(e -> e.globalStep() + " " + e.mean() + " " + e.std()).toList(),
                spark.sql("SELECT global_step, mean, std FROM evals WHERE trial_id = '" + trial.trialId()
                        + "' ORDER BY global_step").collectAsList().stream()
                        .map(r -> r.getLong(0) + " " + r.getDouble(1) + " " + r.getDouble(2)).toList());
        TrialOutcome done = result.outcomes().get(trial.index());
        assertEquals(TrialStatus.DONE, done.status());
        assertEquals(evals.get(evals.size() - 1).mean(), done.finalEvalMean());
    }

    @Test
    void anEvalWindowRanksOnTheMeanOfTheLatestEvaluations() throws IOException {
        SweepPlan plan = plan("sh-window", 100, 900, "scheduler { type = successive_halving, metric = eval_mean, "
                + "mode = max, min_steps = 600, reduction_factor = 2, eval_window = 2 }");
        SweepRunner.Result result = run(plan, new ArrayList<>());
        assertEquals(8 * 600 + 4 * 300, result.trainedSteps(), "8 trials to 600, the best 2 configurations on to 900");
        decisions(result);

        // Each configuration's score at 600 is the mean over its seeds of (eval at 300 + eval at 600) / 2.
        Map<String, Double> byTrial = new HashMap<>();
        spark.sql("SELECT e3.trial_id, e3.mean, e6.mean FROM evals e3 JOIN evals e6 ON e3.trial_id = e6.trial_id "
                        + "WHERE e3.global_step = 300 AND e6.global_step = 600").collectAsList()
                .forEach(r -> byTrial.put(r.getString(0), (r.getDouble(1) + r.getDouble(2)) / 2));
        Map<Integer, Double> windowed = new HashMap<>();
        for (int c = 0; c < 4; c++) {
            windowed.put(c, (byTrial.get(plan.trials().get(2 * c).trialId())
                    + byTrial.get(plan.trials().get(2 * c + 1).trialId())) / 2);
        }
        assertEquals(best(windowed, 2), promotedAt(result, 0));
        spark.sql("SELECT configuration, configuration_score FROM decisions WHERE rung = 0").collectAsList()
                .forEach(r -> assertEquals(windowed.get(r.getInt(0)), r.getDouble(1), 1e-9, "configuration " + r));
    }

    @Test
    void tiesGoToTheConfigurationListedFirst() throws IOException {
        // No learning before step 350: at the first rung every learning rate has the same network and the same evals.
        SweepPlan plan = plan("sh-ties", 350);
        SweepRunner.Result result = run(plan, new ArrayList<>());
        decisions(result);
        Map<Integer, Double> rung1 = evalMeansAt(plan, 300, List.of(0, 1, 2, 3));
        assertEquals(1, rung1.values().stream().distinct().count(), "a genuine four-way tie: " + rung1);
        assertEquals(List.of(0, 1), promotedAt(result, 0));
        assertEquals(List.of(1, 2, 3, 4), spark.sql("SELECT DISTINCT rank FROM decisions WHERE rung = 0 ORDER BY rank")
                .collectAsList().stream().map(r -> r.getInt(0)).toList(), "ranked in configuration order");
    }

    @Test
    void aDriverKilledMidRungContinuesFromItsDecisionsAndAFinishedSweepTrainsNothing() throws IOException {
        SweepRunner.Result clean = run(plan("sh-clean", 100), new ArrayList<>());
        List<String> cleanDecisions = decisions(clean);
        List<String> cleanTrials = trialRows();
        Map<String, List<String>> cleanEpisodes = episodesByTrial();

        SweepPlan plan = plan("sh-killed", 100);
        // The first trial that goes on to rung 2 dies there, failing the job: the driver stops mid-rung.
        String victim = spark.sql("SELECT trial_id FROM decisions WHERE rung = 0 AND outcome = 'promoted' "
                + "ORDER BY trial_index LIMIT 1").first().getString(0);
        FaultInjection.inject(victim, Fault.ABORT_SWEEP_AFTER_RESUME);
        assertThrows(Exception.class, () -> run(plan, new ArrayList<>()));
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        assertTrue(Files.exists(Path.of(layout.decisions(0, 0).toUri())), "rung 1 was decided");
        assertFalse(Files.exists(Path.of(layout.decisions(0, 1).toUri())), "rung 2 was not");
        FaultInjection.clear();

        List<String> progress = new ArrayList<>();
        SweepRunner.Result resumed = run(plan, progress);
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("rung 1/3: 4 configuration(s) alive (8 trials), 300 steps: "
                + "decided in an earlier submission")), progress.toString());
        assertTrue(resumed.trainedSteps() <= 4 * 300 + 2 * 300, "rung 1 is not trained again: " + resumed.trainedSteps());
        assertTrue(resumed.trainedSteps() > 0);
        assertEquals(cleanDecisions, decisions(resumed), "the same decisions");
        assertEquals(cleanTrials, trialRows(), "the same trial rows");
        assertEquals(cleanEpisodes, episodesByTrial(), "the same episode rows");

        SweepRunner.Result again = run(plan, new ArrayList<>());
        assertEquals(0, again.trainedSteps(), "a finished scheduled sweep trains nothing");
        assertEquals(cleanDecisions, decisions(again));
        assertEquals(List.of(TrialStatus.DONE, TrialStatus.DONE), again.outcomes().stream()
                .map(TrialOutcome::status).filter(s -> s == TrialStatus.DONE).toList());
    }

    @Test
    void hyperbandRunsEachBracketAsSuccessiveHalvingFromItsOwnFirstBudget() throws IOException {
        SweepPlan plan = plan("hyperband", 100, "hyperband");
        // Paper sizes ⌈3/3·2²⌉ = 4, ⌈3/2·2⌉ = 3, ⌈3/1⌉ = 3 share 4 configurations as 2, 1, 1 (largest remainder).
        SweepRunner.Result result = run(plan, new ArrayList<>());
        long bracket0 = 4 * 300 + 2 * 300 + 2 * 300; // 2 configurations × 2 seeds to 300; the best 1 on to 600, 900
        long bracket1 = 2 * 600 + 2 * 300;           // 1 configuration from 600 (kept: ⌊1/2⌋ but at least 1), to 900
        long bracket2 = 2 * 900;                     // 1 configuration straight to 900
        assertEquals(bracket0 + bracket1 + bracket2, result.trainedSteps());
        assertTrue(plan.describe().contains(String.format("at most %,d env steps", bracket0 + bracket1 + bracket2)),
                plan.describe());
        decisions(result);
        assertEquals(List.of("0 0 300 4", "0 1 600 2", "0 2 900 2", "1 0 600 2", "1 1 900 2", "2 0 900 2"),
                spark.sql("SELECT bracket, rung, budget_steps, count(*) FROM decisions GROUP BY bracket, rung, "
                        + "budget_steps ORDER BY bracket, rung").collectAsList().stream()
                        .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3)).toList());
        assertEquals(6, result.outcomes().stream().filter(o -> o.status() == TrialStatus.DONE).count(),
                "one finalist configuration per bracket");
        assertEquals(2, result.outcomes().stream().filter(o -> o.status() == TrialStatus.STOPPED).count());
    }

    /** Every trial's row without what depends on time or on the submission (wall time, attempts, paths). */
    private static List<String> trialRows() {
        return spark.sql("SELECT trial_id, trial_index, status, reason, env_steps, episodes, final_eval_mean, "
                + "final_eval_std, best_eval_mean, best_eval_step FROM trials ORDER BY trial_index")
                .collectAsList().stream().map(Row::toString).toList();
    }

    private static Map<String, List<String>> episodesByTrial() {
        return spark.sql("SELECT trial_id FROM trials").collectAsList().stream().map(r -> r.getString(0))
                .collect(Collectors.toMap(id -> id, id -> EpisodeLines.fromTable(spark, id)));
    }

    // ---- population-based training ----

    private static final double[] PBT_RATES = {1e-2, 3e-3, 1e-3, 3e-4};

    /** 4 learning rates × 2 seeds (two populations of 4), 600 steps in 2 generations of 300; one exploit each. */
    private static SweepPlan pbtPlan(String name) {
        return plan(name, 100, 600, "scheduler { type = pbt, metric = eval_mean, perturbation_interval = 300, "
                + "quantile = 0.25, seed = 3, mutations { learning_rate { factors = [0.8, 1.2] } } }");
    }

    /** The decisions view with PBT's columns, one line per decision, in a fixed order. */
    private static List<String> pbtDecisions(SweepRunner.Result result) throws IOException {
        SweepTables.register(spark, result.layout().root());
        return spark.sql("SELECT rung, budget_steps, trial_id, trial_index, configuration, score, rank, outcome, "
                        + "donor_trial_id, settings FROM decisions ORDER BY rung, trial_index")
                .collectAsList().stream().map(Row::toString).toList();
    }

    private static SweepRunner.Result cleanPbt;
    private static List<String> cleanPbtDecisions;
    private static List<String> cleanPbtTrials;
    private static Map<String, List<String>> cleanPbtEpisodes;

    private static synchronized SweepRunner.Result cleanPbt() throws IOException {
        if (cleanPbt == null) {
            cleanPbt = run(pbtPlan("pbt-clean"), new ArrayList<>());
            cleanPbtDecisions = pbtDecisions(cleanPbt);
            cleanPbtTrials = trialRows();
            cleanPbtEpisodes = episodesByTrial();
        }
        return cleanPbt;
    }

    /**
     * A trial's checkpoint directory as a read-only store whose newest checkpoint is the one at {@code step}: a trainer
     * resumes from it and saves nothing.
     */
    private static CheckpointStore holding(Path manifest) {
        LocalCheckpointStore files = new LocalCheckpointStore(manifest.getParent());
        String name = manifest.getFileName().toString();
        assertTrue(Files.exists(manifest), manifest + " exists");
        return new CheckpointStore() {
            @Override
            public PendingFile create(String file) {
                throw new UnsupportedOperationException("read-only store: " + file);
            }

            @Override
            public java.io.InputStream open(String file) throws IOException {
                return files.open(file);
            }

            @Override
            public Map<String, Long> list() throws IOException {
                Map<String, Long> listed = new java.util.TreeMap<>(files.list());
                listed.keySet().removeIf(file -> file.endsWith(".qck") && !file.equals(name));
                return listed;
            }

            @Override
            public void delete(String file) {
            }

            @Override
            public void deleteTemporaries() {
            }

            @Override
            public String location() {
                return manifest.getParent().toString();
            }
        };
    }

    @Test
    void pbtExploitsTheBottomMemberOfEachSeedFromItsTopAndGivesTheSameLineageTwice() throws IOException {
        SweepPlan plan = pbtPlan("pbt-clean");
        List<String> progress = new ArrayList<>();
        SweepRunner.Result first = run(pbtPlan("pbt-first"), progress);
        List<String> firstDecisions = pbtDecisions(first);
        assertEquals(8 * 600, first.trainedSteps(), "PBT trains every member to the full steps");
        assertTrue(progress.contains("generation 1/2: population of 8 (2 seed(s)), training to 300 steps"), progress.toString());
        assertTrue(progress.contains("generation 1/2 decided: 2 member(s) exploited a donor, 8 go on"),
                progress.toString());

        // By hand from the evals view: in each seed the worst eval at 300 copies the best (ties: lower index better).
        Map<String, Double> at300 = new HashMap<>();
        spark.sql("SELECT trial_id, mean FROM evals WHERE global_step = 300").collectAsList()
                .forEach(r -> at300.put(r.getString(0), r.getDouble(1)));
        SweepLayout layout = first.layout();
        for (int seed = 0; seed < 2; seed++) {
            List<TrialSpec> population = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                population.add(plan.trials().get(2 * c + seed));
            }
            Comparator<TrialSpec> best = Comparator.comparingDouble((TrialSpec t) -> -at300.get(t.trialId()))
                    .thenComparingInt(TrialSpec::index);
            List<TrialSpec> ranked = population.stream().sorted(best).toList();
            TrialSpec donor = ranked.get(0);
            TrialSpec copier = ranked.get(3);
            Row exploit = spark.sql("SELECT donor_trial_id, settings FROM decisions WHERE rung = 0 AND outcome = "
                    + "'exploited' AND trial_index % 2 = " + seed).collectAsList().get(0);
            assertEquals(donor.trialId(), exploit.getString(0), "seed " + (seed + 1) + ": " + at300);
            double rate = (Double) dev.qsweep.sweep.Pbt.fromJson(exploit.getString(1)).get("learning_rate");
            double donorRate = PBT_RATES[donor.index() / 2];
            assertTrue(rate == donorRate * 0.8 || rate == donorRate * 1.2, rate + " from " + donorRate);
            assertEquals(1, spark.sql("SELECT * FROM decisions WHERE rung = 0 AND outcome = 'exploited' AND "
                    + "trial_id = '" + copier.trialId() + "'").count(), "the worst member is the one that copies");

            // Its checkpoint at 300 is the donor's network and optimizer, under the perturbed rate.
            Trainer copied = new Trainer(dev.qsweep.sweep.Pbt.withSettings(copier, Map.of("learning_rate", rate))
                    .runSpec(), new MetricsSink() { }, holding(checkpointAt(layout, copier, 300)));
            copied.run(true, 300);
            Trainer original = new Trainer(donor.runSpec(), new MetricsSink() { }, holding(checkpointAt(layout, donor, 300)));
            original.run(true, 300);
            assertArrayEquals(online(original).dl4jNetwork().params().toFloatVector(),
                    online(copied).dl4jNetwork().params().toFloatVector());
            assertArrayEquals(online(original).dl4jNetwork().getUpdater().getStateViewArray().toFloatVector(),
                    online(copied).dl4jNetwork().getUpdater().getStateViewArray().toFloatVector());
            assertEquals(rate, online(copied).spec().learningRate());
            // … and it goes on counting the donor's episodes.
            long donorEpisodes = spark.sql("SELECT * FROM episodes WHERE trial_id = '" + donor.trialId()
                    + "' AND global_step <= 300").count();
            long next = spark.sql("SELECT min(episode) FROM episodes WHERE trial_id = '" + copier.trialId()
                    + "' AND global_step > 300").first().getLong(0);
            assertEquals(donorEpisodes + 1, next);
        }
        assertEquals(List.of("DONE"), spark.sql("SELECT DISTINCT status FROM trials").collectAsList().stream()
                .map(r -> r.getString(0)).toList());
        assertEquals(8, spark.sql("SELECT * FROM decisions WHERE rung = 1 AND outcome = 'finished'").count());

        cleanPbt();
        assertEquals(firstDecisions, cleanPbtDecisions, "the same lineage, donors and perturbed settings twice");
        assertEquals(cleanPbtEpisodes.keySet(), Set.copyOf(plan.trials().stream().map(TrialSpec::trialId).toList()));
    }

    private static Path checkpointAt(SweepLayout layout, TrialSpec trial, long step) {
        return Path.of(layout.checkpoints(trial.trialId()).toUri()).resolve(String.format("checkpoint-%012d.qck", step));
    }

    private static dev.qsweep.agent.QNetwork online(Trainer trainer) {
        return ((dev.qsweep.agent.DqnAgent) trainer.agent()).onlineNetwork();
    }

    @Test
    void aPbtDriverKilledMidGenerationContinuesFromItsDecisionsAndAFinishedOneTrainsNothing() throws IOException {
        cleanPbt();
        SweepPlan plan = pbtPlan("pbt-killed");
        // A member that continued after generation 1 dies in generation 2, failing the job mid-generation.
        String victim = spark.sql("SELECT trial_id FROM decisions WHERE rung = 0 AND outcome = 'continued' "
                + "ORDER BY trial_index LIMIT 1").first().getString(0);
        FaultInjection.inject(victim, Fault.ABORT_SWEEP_AFTER_RESUME);
        assertThrows(Exception.class, () -> run(plan, new ArrayList<>()));
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        assertTrue(Files.exists(Path.of(layout.decisions(0, 0).toUri())), "generation 1 was decided");
        assertFalse(Files.exists(Path.of(layout.decisions(0, 1).toUri())), "generation 2 was not");
        FaultInjection.clear();

        List<String> progress = new ArrayList<>();
        SweepRunner.Result resumed = run(plan, progress);
        assertTrue(progress.contains("generation 1/2: population of 8 (2 seed(s)), 300 steps: decided in an earlier "
                + "submission"), progress.toString());
        assertTrue(resumed.trainedSteps() <= 8 * 300 && resumed.trainedSteps() > 0, "" + resumed.trainedSteps());
        assertEquals(cleanPbtDecisions, pbtDecisions(resumed), "the same decisions");
        assertEquals(cleanPbtTrials, trialRows(), "the same trial rows");
        assertEquals(cleanPbtEpisodes, episodesByTrial(), "the same episode rows");

        SweepRunner.Result again = run(plan, new ArrayList<>());
        assertEquals(0, again.trainedSteps(), "a finished PBT sweep trains nothing");
        assertEquals(cleanPbtDecisions, pbtDecisions(again));
    }

    @Test
    void aTrialThatFailsInARungIsFailedNotStoppedAndTheScheduleGoesOn() throws IOException {
        SweepPlan plan = plan("sh-failing", 100);
        String failing = plan.trials().get(0).trialId();
        FaultInjection.inject(failing, Fault.FAIL_EVERY_ATTEMPT);
        SweepRunner.Result result = run(plan, new ArrayList<>());
        decisions(result);
        assertEquals(List.of("failed", "stopped"), spark.sql("SELECT outcome FROM decisions WHERE rung = 0 AND "
                + "configuration = 0 ORDER BY trial_index").collectAsList().stream().map(r -> r.getString(0)).toList(),
                "the failed seed is failed; its configuration, unscored, stops");
        assertEquals("FAILED", spark.sql("SELECT status FROM trials WHERE trial_id = '" + failing + "'").first()
                .getString(0));
        assertEquals(TrialStatus.FAILED, result.outcomes().get(0).status());
        assertEquals(2, result.outcomes().stream().filter(o -> o.status() == TrialStatus.DONE).count(),
                "the others are scheduled as usual: one configuration × 2 seeds finishes");
        assertEquals(List.of(2), spark.sql("SELECT count(*) FROM decisions WHERE rung = 2").collectAsList().stream()
                .map(r -> (int) r.getLong(0)).toList());

        FaultInjection.clear();
        SweepRunner.Result again = run(plan, new ArrayList<>());
        assertEquals(0, again.trainedSteps());
        assertEquals(TrialStatus.FAILED, again.outcomes().get(0).status(), "the recorded decision says failed");
    }
}
