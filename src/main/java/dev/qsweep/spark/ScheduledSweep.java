package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.Brackets;
import dev.qsweep.sweep.Decision;
import dev.qsweep.sweep.SchedulerSettings;
import dev.qsweep.sweep.SuccessiveHalving;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
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

    private ScheduledSweep(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress)
            throws IOException {
        this.spark = spark;
        this.plan = plan;
        this.scheduler = plan.spec().scheduler();
        this.layout = layout;
        this.progress = progress;
        this.fs = layout.rootPath().getFileSystem(conf);
        this.configurations = SuccessiveHalving.configurations(plan.trials());
    }

    static SweepRunner.Result run(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress) {
        try {
            return new ScheduledSweep(spark, plan, layout, progress).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SweepRunner.Result run() throws IOException {
        long started = System.nanoTime();
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
        List<TrialOutcome> ordered = plan.trials().stream().map(t -> outcomes.get(t.trialId())).toList();
        return new SweepRunner.Result(layout, ordered, trainedSteps, (System.nanoTime() - started) / 1e9);
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
                if (d.outcome() != Decision.Outcome.PROMOTED) {
                    outcomes.put(d.trialId(), recordedOutcome(d, layout));
                }
            }
            return recorded;
        }
        progress.accept(String.format("%s: %d configuration(s) alive (%d trials), training to %,d steps",
                where, alive.size(), trials.size(), budget));
        SweepRunner.Result stage = SweepRunner.stage(spark, trials, budget, layout, progress, null,
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
            scores.put(trial.trialId(), done ? rows.get(trial.trialId()).score(scheduler.metric(), budget) : Double.NaN);
        }
        List<Decision> decisions = SuccessiveHalving.decide(bracket.index(), rung, budget, configurations, alive,
                scores, scheduler.mode(), scheduler.reductionFactor(), rung == bracket.budgets().size() - 1);
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

    /** A trial decided in an earlier submission: nothing ran now. Stopped ones say so; finished ones were done. */
    private static TrialOutcome recordedOutcome(Decision d, SweepLayout layout) {
        TrialStatus status = d.outcome() == Decision.Outcome.FINISHED ? TrialStatus.DONE : TrialStatus.STOPPED;
        return new TrialOutcome(d.trialId(), status, status == TrialStatus.DONE ? null : "stopped at rung "
                + (d.rung() + 1) + " (recorded)", d.budgetSteps(), -1, Double.NaN, Double.NaN, Double.NaN, -1,
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

    private void writeDecisions(List<Decision> decisions) throws IOException {
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
                        .string("outcome", d.outcome().key()));
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
                    r.getInt(9), Decision.Outcome.valueOf(r.getString(10).toUpperCase(java.util.Locale.ROOT))));
        }
        return decisions;
    }
}
