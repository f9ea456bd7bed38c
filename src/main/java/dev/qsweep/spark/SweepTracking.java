package dev.qsweep.spark;

import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.track.Charts;
import dev.qsweep.track.MlflowSweepRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The sweep summary for MLflow's parent run, read from the sweep's tables with Spark SQL. */
final class SweepTracking {
    private SweepTracking() {
    }

    /** Logs the best configuration and the evaluation curves of the top ones; needs {@link SweepTables#register}. */
    static void finish(MlflowSweepRun run, SparkSession spark, SweepPlan plan, SweepRunner.Result result,
                       List<SweepSummary.Configuration> top, PrintWriter err) {
        MlflowSweepRun.BestConfiguration best = top.isEmpty() ? null : new MlflowSweepRun.BestConfiguration(
                top.get(0).settings(), top.get(0).mean(), top.get(0).std(), top.get(0).seeds());
        run.finish(result.outcomes(), best, curves(spark, plan, top), err);
    }

    /** Each top configuration's evaluation curves, one per seed (trial) of this plan. */
    static List<Charts.ConfigurationCurves> curves(SparkSession spark, SweepPlan plan, List<SweepSummary.Configuration> top) {
        List<Charts.ConfigurationCurves> curves = new ArrayList<>();
        for (SweepSummary.Configuration c : top) {
            List<String> ids = plan.trials().stream().filter(t -> sameSettings(t, c.settings()))
                    .map(TrialSpec::trialId).toList();
            if (ids.isEmpty()) {
                continue;
            }
            String in = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
            Map<String, List<Charts.Point>> byTrial = new LinkedHashMap<>();
            for (Row row : spark.sql("SELECT trial_id, global_step, mean FROM evals WHERE trial_id IN (" + in
                    + ") ORDER BY trial_id, global_step").collectAsList()) {
                byTrial.computeIfAbsent(row.getString(0), id -> new ArrayList<>())
                        .add(new Charts.Point(row.getLong(1), row.getDouble(2)));
            }
            String settings = c.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            String label = (settings.isEmpty() ? "all trials" : settings) + String.format(" (final %.1f, %d seeds)",
                    c.mean(), c.seeds());
            curves.add(new Charts.ConfigurationCurves(label, new ArrayList<>(byTrial.values())));
        }
        return curves;
    }

    /** Values read back from Parquet (Scala lists, boxed numbers) compare by their text with the plan's. */
    private static boolean sameSettings(TrialSpec trial, Map<String, Object> settings) {
        return settings.entrySet().stream().allMatch(e ->
                Objects.equals(String.valueOf(trial.settings().get(e.getKey())), String.valueOf(e.getValue())));
    }
}
