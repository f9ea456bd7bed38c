package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.Brackets;
import dev.qsweep.sweep.Decision;
import dev.qsweep.sweep.Pbt;
import dev.qsweep.sweep.PbtSettings;
import dev.qsweep.sweep.SchedulerSettings;
import dev.qsweep.sweep.SuccessiveHalving;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowScheduleTags;
import dev.qsweep.track.MlflowTarget;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep with a scheduler, rung by rung: each rung is one Spark stage over its alive trials (one task each),
 * where every trial trains to the rung's budget, resuming from its checkpoint of the previous rung. After the stage
 * the driver scores the trials from their recorded rows (never from timing), decides with {@link SuccessiveHalving},
 * writes the stopped trials' rows and then the rung's decisions file. A rung whose decisions file exists is not run
 * again: a re-submitted sweep continues from its recorded decisions, and a finished one trains nothing.
 */
final class ScheduledSweep {
    private final SparkSession spark;
    private final SweepPlan plan;
    private final SchedulerSettings scheduler;
    private final SweepLayout layout;
    private final Consumer<String> progress;
    private final Configuration conf = HadoopFiles.configuration();
    private final FileSystem fs;
    private final List<List<TrialSpec>> configurations;
    /** Each trial's latest outcome in this submission (or its recorded decision's), for the report. */
    private final Map<String, TrialOutcome> outcomes = new HashMap<>();
    private long trainedSteps;
    private final MlflowTarget mlflow;

    private ScheduledSweep(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress,
                           MlflowTarget mlflow) throws IOException {
        this.mlflow = mlflow;
        this.spark = spark;
        this.plan = plan;
        this.scheduler = plan.spec().scheduler();
        this.layout = layout;
        this.progress = progress;
        this.fs = layout.rootPath().getFileSystem(conf);
        this.configurations = SuccessiveHalving.configurations(plan.trials());
    }

    /** @param mlflow where the trials are tracked (their child runs also get the decisions as tags), or null */
    static SweepRunner.Result run(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress,
                                  MlflowTarget mlflow) {
        try {
            return new ScheduledSweep(spark, plan, layout, progress, mlflow).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SweepRunner.Result run() throws IOException {
        long started = System.nanoTime();
        if (scheduler.type() == SchedulerSettings.Type.PBT) {
            runPbt();
            return result(started);
        }
        for (Brackets.Bracket bracket : Brackets.of(scheduler, configurations.size(), plan.spec().steps())) {
            List<Integer> alive = bracket.configurations();
            for (int rung = 0; rung < bracket.budgets().size() && !alive.isEmpty(); rung++) {
                String where = (scheduler.type() == SchedulerSettings.Type.HYPERBAND ? "bracket " + (bracket.index() + 1)
                        + ", " : "") + "rung " + (rung + 1) + "/" + bracket.budgets().size();
                List<Decision> decisions = rung(bracket, rung, alive, where);
                alive = decisions.stream().filter(d -> d.outcome() == Decision.Outcome.PROMOTED)
                        .map(Decision::configuration).collect(Collectors.toCollection(TreeSet::new)).stream().toList();
                progress.accept(String.format("%s decided: %d configuration(s) go on", where, alive.size()));
            }
        }
        return result(started);
    }

    private SweepRunner.Result result(long started) {
        List<TrialOutcome> ordered = plan.trials().stream().map(t -> outcomes.get(t.trialId())).toList();
        return new SweepRunner.Result(layout, ordered, trainedSteps, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Population-based training: generation by generation, every alive member trains to the generation's budget under
     * its current settings (one Spark stage), then {@link Pbt#decide} picks who exploits whom from the recorded rows;
     * the driver copies each donor's checkpoint into its copier under the perturbed settings, and only then writes the
     * generation's decisions file. A member's settings for a generation are its starting ones replayed through the
     * recorded decisions, so a re-submit resumes every member under the settings it had.
     */
    private void runPbt() throws IOException {
        PbtSettings pbt = scheduler.pbt();
        List<Long> budgets = Pbt.generationBudgets(pbt.perturbationInterval(), plan.spec().steps());
        Map<String, Map<String, Object>> settings = new HashMap<>();
        Map<String, Integer> configuration = new HashMap<>();
        for (int c = 0; c < configurations.size(); c++) {
            for (TrialSpec trial : configurations.get(c)) {
                configuration.put(trial.trialId(), c);
            }
        }
        plan.trials().forEach(t -> settings.put(t.trialId(), Pbt.mutable(t.settings(), pbt)));
        List<TrialSpec> alive = plan.trials();
        for (int g = 0; g < budgets.size() && !alive.isEmpty(); g++) {
            String where = "generation " + (g + 1) + "/" + budgets.size();
            List<TrialSpec> members = alive.stream().map(t -> Pbt.withSettings(t, settings.get(t.trialId()))).toList();
            List<Decision> decisions = generation(g, budgets.get(g), members, settings, configuration, where,
                    g == budgets.size() - 1);
            Set<String> goOn = new TreeSet<>();
            for (Decision d : decisions) {
                settings.put(d.trialId(), Pbt.fromJson(d.settings()));
                if (d.outcome() == Decision.Outcome.CONTINUED || d.outcome() == Decision.Outcome.EXPLOITED) {
                    goOn.add(d.trialId());
                }
            }
            alive = alive.stream().filter(t -> goOn.contains(t.trialId())).toList();
            long exploited = decisions.stream().filter(d -> d.outcome() == Decision.Outcome.EXPLOITED).count();
            progress.accept(String.format("%s decided: %d member(s) exploited a donor, %d go on", where, exploited,
                    alive.size()));
        }
    }

    /** One PBT generation's decisions: recorded by an earlier submission, or trained, decided and exploited now. */
    private List<Decision> generation(int g, long budget, List<TrialSpec> members,
                                      Map<String, Map<String, Object>> settings, Map<String, Integer> configuration,
                                      String where, boolean last) throws IOException {
        List<List<TrialSpec>> populations = Pbt.populations(members);
        String population = String.format("population of %d (%d seed(s))", members.size(), populations.size());
        List<Decision> recorded = readDecisions(0, g);
        if (recorded != null) {
            checkRecorded(recorded, members, layout, 0, g);
            progress.accept(String.format("%s: %s, %,d steps: decided in an earlier submission", where, population,
                    budget));
            recorded.stream().filter(d -> d.outcome() == Decision.Outcome.FINISHED
                    || d.outcome() == Decision.Outcome.FAILED).forEach(d -> outcomes.put(d.trialId(),
                    recordedOutcome(d, layout)));
            return recorded;
        }
        progress.accept(String.format("%s: %s, training to %,d steps", where, population, budget));
        SweepRunner.Result stage = SweepRunner.stage(spark, members, budget, layout, progress, mlflow,
                "qsweep " + plan.spec().name() + ": " + where + ", " + members.size() + " members to " + budget
                        + " steps");
        trainedSteps += stage.trainedSteps();
        Map<String, TrialOutcome> trained = new HashMap<>();
        stage.outcomes().forEach(o -> trained.put(o.trialId(), o));
        outcomes.putAll(trained);
        Set<String> failed = failedIn(trained);
        Map<String, RungRows.Trial> rows = RungRows.read(spark, fs, layout, members, budget);
        Map<String, Double> scores = new HashMap<>();
        members.forEach(m -> scores.put(m.trialId(), failed.contains(m.trialId()) ? Double.NaN
                : rows.get(m.trialId()).score(scheduler, budget)));
        List<Decision> decisions = Pbt.decide(g, budget, populations, scores, failed, settings, configuration,
                scheduler.mode(), scheduler.pbt(), last);
        // Copies first, the decisions file last: once it exists, every exploit of the generation is on disk.
        Map<String, TrialSpec> byId = new HashMap<>();
        members.forEach(m -> byId.put(m.trialId(), m));
        for (Decision d : decisions) {
            if (d.outcome() == Decision.Outcome.EXPLOITED) {
                exploit(byId.get(d.trialId()), d, budget, g);
            }
        }
        writeDecisions(decisions);
        return decisions;
    }

    /**
     * Gives {@code member} its donor's checkpoint at {@code budget} under the decision's settings. Donors never exploit
     * in the same generation, so a re-run after a crash copies the same donor state again.
     */
    private void exploit(TrialSpec member, Decision d, long budget, int generation) throws IOException {
        HadoopCheckpointStore donor = new HadoopCheckpointStore(fs, layout.checkpoints(d.donorTrialId()));
        if (donor.latestStep().orElse(-1) != budget) {
            throw new IllegalStateException("donor " + d.donorTrialId() + " has no checkpoint at step " + budget
                    + " (newest: " + donor.latestStep() + ") in " + donor.location());
        }
        TrialSpec perturbed = Pbt.withSettings(member, Pbt.fromJson(d.settings()));
        HadoopCheckpointStore store = new HadoopCheckpointStore(fs, layout.checkpoints(member.trialId()));
        new Trainer(perturbed.runSpec(), new MetricsSink() { }, store)
                .adoptCheckpoint(donor, Pbt.streamSeed(scheduler.pbt().seed(), generation,
                        member.index()));
    }

    /** One rung's decisions: recorded by an earlier submission, or trained and decided now. */
    private List<Decision> rung(Brackets.Bracket bracket, int rung, List<Integer> alive, String where)
            throws IOException {
        long budget = bracket.budgets().get(rung);
        List<TrialSpec> trials = alive.stream().flatMap(c -> configurations.get(c).stream()).toList();
        List<Decision> recorded = readDecisions(bracket.index(), rung);
        if (recorded != null) {
            checkRecorded(recorded, trials, layout, bracket.index(), rung);
            progress.accept(String.format("%s: %d configuration(s) alive (%d trials), %,d steps: decided in an "
                    + "earlier submission", where, alive.size(), trials.size(), budget));
            for (Decision d : recorded) {
                if (d.outcome() != Decision.Outcome.PROMOTED && d.outcome() != Decision.Outcome.CONTINUED
                        && d.outcome() != Decision.Outcome.EXPLOITED) {
                    outcomes.put(d.trialId(), recordedOutcome(d, layout));
                }
            }
            return recorded;
        }
        progress.accept(String.format("%s: %d configuration(s) alive (%d trials), training to %,d steps",
                where, alive.size(), trials.size(), budget));
        SweepRunner.Result stage = SweepRunner.stage(spark, trials, budget, layout, progress, mlflow,
                "qsweep " + plan.spec().name() + ": " + where + ", " + trials.size() + " trials to " + budget + " steps");
        trainedSteps += stage.trainedSteps();
        Map<String, TrialOutcome> trained = new HashMap<>();
        stage.outcomes().forEach(o -> trained.put(o.trialId(), o));
        outcomes.putAll(trained);

        // Scores from the recorded rows only; a trial that diverged or failed in this rung has none.
        Map<String, RungRows.Trial> rows = RungRows.read(spark, fs, layout, trials, budget);
        Map<String, Double> scores = new HashMap<>();
        for (TrialSpec trial : trials) {
            boolean done = trained.get(trial.trialId()).status() == TrialStatus.DONE;
            scores.put(trial.trialId(), done ? rows.get(trial.trialId()).score(scheduler, budget) : Double.NaN);
        }
        List<Decision> decisions = SuccessiveHalving.markFailed(SuccessiveHalving.decide(bracket.index(), rung, budget,
                configurations, alive, scores, scheduler.mode(), scheduler.reductionFactor(),
                rung == bracket.budgets().size() - 1), failedIn(trained));
        // Stopped trials' rows first, the decisions file last: once it exists, the rung is complete.
        for (Decision d : decisions) {
            TrialOutcome outcome = trained.get(d.trialId());
            if (d.outcome() == Decision.Outcome.STOPPED && outcome.status() == TrialStatus.DONE) {
                TrialOutcome stopped = rows.get(d.trialId()).stoppedOutcome(d, where, outcome, alive.size(),
                        scheduler.metric(), layout);
                TrialRows.write(fs, conf, layout, plan.trials().get(d.trialIndex()), stopped);
                outcomes.put(d.trialId(), stopped);
            }
        }
        writeDecisions(decisions);
        return decisions;
    }

    /** Trials that failed or diverged in a stage: their own rows say so, and the scheduler drops them. */
    private static Set<String> failedIn(Map<String, TrialOutcome> trained) {
        return trained.values().stream().filter(o -> o.status() == TrialStatus.FAILED
                || o.status() == TrialStatus.DIVERGED).map(TrialOutcome::trialId).collect(Collectors.toSet());
    }

    /** A trial decided in an earlier submission: nothing ran now. Stopped ones say so; finished ones were done. */
    private static TrialOutcome recordedOutcome(Decision d, SweepLayout layout) {
        TrialStatus status = switch (d.outcome()) {
            case FINISHED -> TrialStatus.DONE;
            case FAILED -> TrialStatus.FAILED;
            default -> TrialStatus.STOPPED;
        };
        return new TrialOutcome(d.trialId(), status, status == TrialStatus.DONE ? null : d.outcome().key()
                + " at rung " + (d.rung() + 1) + " (recorded)", d.budgetSteps(), -1, Double.NaN, Double.NaN, Double.NaN, -1,
                Double.NaN, Double.NaN, layout.checkpoints(d.trialId()).toString(), 0, d.budgetSteps(), true);
    }

    /** A rung's recorded decisions must be about exactly the trials alive now; otherwise the sweep file changed. */
    private static void checkRecorded(List<Decision> decisions, List<TrialSpec> trials, SweepLayout layout, int bracket,
                                      int rung) {
        Set<String> recorded = decisions.stream().map(Decision::trialId).collect(Collectors.toCollection(TreeSet::new));
        Set<String> alive = trials.stream().map(TrialSpec::trialId).collect(Collectors.toCollection(TreeSet::new));
        if (!recorded.equals(alive)) {
            throw new SettingsException(layout.decisions(bracket, rung) + " holds decisions about other trials than "
                    + "this sweep file's: the file changed since that rung ran. Give the sweep another name (or "
                    + "output), or delete " + layout.table(SweepLayout.DECISIONS) + " to schedule it afresh.");
        }
    }

    /** The child runs get the decisions as tags; after a re-submission they get them again (tags overwrite). */
    private void tagRuns(List<Decision> decisions) {
        if (mlflow != null) {
            MlflowScheduleTags.tag(mlflow, decisions, scheduler.type() == SchedulerSettings.Type.PBT, progress);
        }
    }

    private void writeDecisions(List<Decision> decisions) throws IOException {
        tagRuns(decisions);
        Decision first = decisions.get(0);
        ParquetFiles.write(fs, conf, layout.decisions(first.bracket(), first.rung()), TableSchemas.DECISIONS, decisions,
                (d, row) -> row.int32("bracket", d.bracket())
                        .int32("rung", d.rung())
                        .int64("budget_steps", d.budgetSteps())
                        .string("trial_id", d.trialId())
                        .int32("trial_index", d.trialIndex())
                        .int32("configuration", d.configuration())
                        .string("metric", scheduler.metric().key())
                        .optionalFloat64("score", d.score())
                        .optionalFloat64("configuration_score", d.configurationScore())
                        .int32("rank", d.rank())
                        .string("outcome", d.outcome().key())
                        .string("donor_trial_id", d.donorTrialId())
                        .string("settings", d.settings()));
    }

    /** The recorded decisions of one rung, or null when that rung has not been decided. */
    private List<Decision> readDecisions(int bracket, int rung) throws IOException {
        Path file = layout.decisions(bracket, rung);
        if (!fs.exists(file)) {
            return null;
        }
        List<Decision> decisions = new ArrayList<>();
        for (Row r : spark.read().schema(SweepTables.DECISIONS).parquet(file.toString())
                .orderBy("trial_index").collectAsList()) {
            decisions.add(new Decision(r.getInt(0), r.getInt(1), r.getLong(2), r.getString(3), r.getInt(4), r.getInt(5),
                    r.isNullAt(7) ? Double.NaN : r.getDouble(7), r.isNullAt(8) ? Double.NaN : r.getDouble(8),
                    r.getInt(9), Decision.Outcome.valueOf(r.getString(10).toUpperCase(java.util.Locale.ROOT)),
                    r.isNullAt(11) ? null : r.getString(11), r.isNullAt(12) ? null : r.getString(12)));
        }
        return decisions;
    }
}
