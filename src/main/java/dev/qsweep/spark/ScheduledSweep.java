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
    private ScheduledSweep() {
    }

    static SweepRunner.Result run(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress) {
        try {
            return runRungs(spark, plan, layout, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SweepRunner.Result runRungs(SparkSession spark, SweepPlan plan, SweepLayout layout,
                                               Consumer<String> progress) throws IOException {
        SchedulerSettings scheduler = plan.spec().scheduler();
        Configuration conf = HadoopFiles.configuration();
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        List<List<TrialSpec>> configurations = SuccessiveHalving.configurations(plan.trials());
        Map<String, TrialOutcome> outcomes = new HashMap<>();
        long trainedSteps = 0;
        long started = System.nanoTime();
        for (Brackets.Bracket bracket : Brackets.of(scheduler, configurations.size(), plan.spec().steps())) {
            List<Integer> alive = bracket.configurations();
            List<Long> budgets = bracket.budgets();
            for (int rung = 0; rung < budgets.size() && !alive.isEmpty(); rung++) {
                long budget = budgets.get(rung);
                boolean last = rung == budgets.size() - 1;
                List<TrialSpec> trials = alive.stream().flatMap(c -> configurations.get(c).stream()).toList();
                String where = (scheduler.type() == SchedulerSettings.Type.HYPERBAND ? "bracket " + (bracket.index() + 1)
                        + ", " : "") + "rung " + (rung + 1) + "/" + budgets.size();
                List<Decision> decisions = readDecisions(spark, fs, layout, bracket.index(), rung);
                if (decisions == null) {
                    progress.accept(String.format("%s: %d configuration(s) alive (%d trials), training to %,d steps",
                            where, alive.size(), trials.size(), budget));
                    SweepRunner.Result stage = SweepRunner.stage(spark, trials, budget, layout, progress, null,
                            "qsweep " + plan.spec().name() + ": " + where + ", " + trials.size() + " trials to "
                                    + budget + " steps");
                    trainedSteps += stage.trainedSteps();
                    Map<String, TrialOutcome> byId = new HashMap<>();
                    stage.outcomes().forEach(o -> byId.put(o.trialId(), o));
                    outcomes.putAll(byId);
                    Map<String, RungRows.Trial> rows = RungRows.read(spark, fs, layout, trials, budget);
                    Map<String, Double> scores = new HashMap<>();
                    for (TrialSpec trial : trials) {
                        boolean trained = byId.get(trial.trialId()).status() == TrialStatus.DONE;
                        scores.put(trial.trialId(), trained ? rows.get(trial.trialId()).score(scheduler.metric(), budget)
                                : Double.NaN);
                    }
                    decisions = SuccessiveHalving.decide(bracket.index(), rung, budget, configurations, alive, scores,
                            scheduler.mode(), scheduler.reductionFactor(), last);
                    for (Decision d : decisions) {
                        TrialOutcome trained = byId.get(d.trialId());
                        if (d.outcome() == Decision.Outcome.STOPPED && trained.status() == TrialStatus.DONE) {
                            TrialOutcome stopped = rows.get(d.trialId()).stoppedOutcome(d, where, trained, alive.size(),
                                    scheduler.metric(), layout);
                            TrialRows.write(fs, conf, layout, plan.trials().get(d.trialIndex()), stopped);
                            outcomes.put(d.trialId(), stopped);
                        }
                    }
                    writeDecisions(fs, conf, layout, scheduler, decisions);
                } else {
                    checkRecorded(decisions, trials, layout, bracket.index(), rung);
                    progress.accept(String.format("%s: %d configuration(s) alive (%d trials), %,d steps: decided in an "
                            + "earlier submission", where, alive.size(), trials.size(), budget));
                    for (Decision d : decisions) {
                        if (d.outcome() != Decision.Outcome.PROMOTED) {
                            outcomes.put(d.trialId(), recordedOutcome(d, layout));
                        }
                    }
                }
                alive = decisions.stream().filter(d -> d.outcome() == Decision.Outcome.PROMOTED)
                        .map(Decision::configuration).collect(Collectors.toCollection(TreeSet::new)).stream().toList();
                progress.accept(String.format("%s decided: %d configuration(s) go on", where, alive.size()));
            }
        }
        List<TrialOutcome> ordered = plan.trials().stream().map(t -> outcomes.get(t.trialId())).toList();
        return new SweepRunner.Result(layout, ordered, trainedSteps, (System.nanoTime() - started) / 1e9);
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

    private static void writeDecisions(FileSystem fs, Configuration conf, SweepLayout layout, SchedulerSettings scheduler,
                                       List<Decision> decisions) throws IOException {
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
    private static List<Decision> readDecisions(SparkSession spark, FileSystem fs, SweepLayout layout, int bracket,
                                                int rung) throws IOException {
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
