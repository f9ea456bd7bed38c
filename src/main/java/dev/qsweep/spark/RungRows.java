package dev.qsweep.spark;

import dev.qsweep.sweep.Decision;
import dev.qsweep.sweep.SchedulerSettings;
import dev.qsweep.sweep.SuccessiveHalving;
import dev.qsweep.sweep.SuccessiveHalving.Point;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What the tables recorded of a rung's trials up to its budget: the evaluations and the episodes' returns, read back
 * with Spark. Scores and a stopped trial's row come from these rows only, so a rung decided again after a crash gives
 * the same numbers whether its trials trained now or before.
 */
final class RungRows {
    /**
     * One trial's rows at or before the budget, in step order.
     *
     * @param evals    evaluation means
     * @param evalStds the standard deviations of the same evaluations
     * @param returns  training episodes' returns, at the step each ended
     */
    record Trial(List<Point> evals, List<Double> evalStds, List<Point> returns) {

        double score(SchedulerSettings scheduler, long budget) {
            SchedulerSettings.Metric metric = scheduler.metric();
            return SuccessiveHalving.score(metric, scheduler.evalWindow(),
                    metric == SchedulerSettings.Metric.EVAL_MEAN ? evals : returns, budget);
        }

        /** The trials-table outcome of a trial the scheduler stopped: its numbers at the rung's budget. */
        TrialOutcome stoppedOutcome(Decision d, String where, TrialOutcome trained, int configurations,
                                    SchedulerSettings.Metric metric, SweepLayout layout) {
            int last = evals.size() - 1;
            int best = -1;
            for (int i = 0; i < evals.size(); i++) {
                if (best < 0 || evals.get(i).value() > evals.get(best).value()) {
                    best = i;
                }
            }
            String reason = String.format("stopped at %s (%d steps): configuration ranked %d of %d on %s %s", where,
                    d.budgetSteps(), d.rank(), configurations, metric.key(),
                    Double.isNaN(d.configurationScore()) ? "(no score)" : String.valueOf(d.configurationScore()));
            return new TrialOutcome(d.trialId(), TrialStatus.STOPPED, reason, d.budgetSteps(), returns.size(),
                    last < 0 ? Double.NaN : evals.get(last).value(), last < 0 ? Double.NaN : evalStds.get(last),
                    best < 0 ? Double.NaN : evals.get(best).value(), best < 0 ? -1 : evals.get(best).globalStep(),
                    trained.wallSeconds(), trained.stepsPerSecond(), layout.checkpoints(d.trialId()).toString(),
                    trained.attempts(), trained.resumedFromStep(), trained.skipped());
        }
    }

    private RungRows() {
    }

    /** Every trial of {@code trials} gets an entry, empty when it recorded nothing up to {@code budget}. */
    static Map<String, Trial> read(SparkSession spark, FileSystem fs, SweepLayout layout, List<TrialSpec> trials,
                                   long budget) throws IOException {
        String ids = trials.stream().map(t -> "'" + t.trialId() + "'").collect(Collectors.joining(", "));
        String filter = "trial_id IN (" + ids + ") AND global_step <= " + budget;
        Map<String, Trial> rows = new HashMap<>();
        trials.forEach(t -> rows.put(t.trialId(), new Trial(new ArrayList<>(), new ArrayList<>(), new ArrayList<>())));
        for (Row r : select(spark, fs, layout, SweepLayout.EVALS, SweepTables.EVALS, "trial_id, global_step, mean, std",
                filter)) {
            Trial trial = rows.get(r.getString(0));
            trial.evals().add(new Point(r.getLong(1), r.getDouble(2)));
            trial.evalStds().add(r.getDouble(3));
        }
        for (Row r : select(spark, fs, layout, SweepLayout.EPISODES, SweepTables.EPISODES,
                "trial_id, global_step, `return`", filter)) {
            rows.get(r.getString(0)).returns().add(new Point(r.getLong(1), r.getDouble(2)));
        }
        return rows;
    }

    private static List<Row> select(SparkSession spark, FileSystem fs, SweepLayout layout, String table,
                                    StructType schema, String columns, String filter) throws IOException {
        // trial_id values are hex; left to inference, "1234…" would become a number.
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        return SweepTables.read(spark, fs, layout, table, schema).where(filter)
                .selectExpr(columns.split(", ")).orderBy("trial_id", "global_step").collectAsList();
    }
}
