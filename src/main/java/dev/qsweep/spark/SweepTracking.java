package dev.qsweep.spark;

import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowTrialTracker;
import java.io.IOException;
import dev.qsweep.track.Charts;
import dev.qsweep.track.MlflowSweepRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The sweep summary for MLflow's parent run, read from the sweep's tables with Spark SQL. */
final class SweepTracking {
    private SweepTracking() {
    }

    /**
     * Completes the runs of trials whose task could not reach the server, then logs the best configuration and the
     * evaluation curves of the top ones to the parent run. Needs {@link SweepTables#register}.
     */
    static void finish(MlflowSweepRun run, SparkSession spark, SweepPlan plan, SweepRunner.Result result,
                       List<SweepSummary.Configuration> top, PrintWriter err) throws IOException {
        completeUnfinishedRuns(run, plan, result, err);
        MlflowSweepRun.BestConfiguration best = top.isEmpty() ? null : new MlflowSweepRun.BestConfiguration(
                top.get(0).settings(), top.get(0).mean(), top.get(0).std(), top.get(0).seeds());
        run.finish(result.outcomes(), best, curves(spark, plan, top), err);
    }

    /**
     * A trial whose task gave up waiting for the server left its pending points (a DONE trial with its final
     * checkpoint, a FAILED or DIVERGED one with its newest); send them, the status and the artifacts from here, where
     * waiting holds no Spark slot. Also completes trials of an earlier submission (now skipped) whose driver stopped
     * before doing so.
     */
    static void completeUnfinishedRuns(MlflowSweepRun run, SweepPlan plan, SweepRunner.Result result, PrintWriter err)
            throws IOException {
        SweepLayout layout = result.layout();
        FileSystem fs = layout.rootPath().getFileSystem(HadoopFiles.configuration());
        long deadline = System.currentTimeMillis()
                + Long.getLong(MlflowSweepRun.COMPLETION_TIMEOUT_PROPERTY, MlflowSweepRun.DEFAULT_COMPLETION_TIMEOUT_MILLIS);
        List<String> incomplete = new ArrayList<>();
        for (int i = 0; i < plan.trials().size(); i++) {
            TrialSpec trial = plan.trials().get(i);
            TrialOutcome outcome = result.outcomes().get(i);
            HadoopPendingPoints pending = new HadoopPendingPoints(fs, layout.checkpoints(trial.trialId()));
            // A DONE trial's entry is its final checkpoint's; a FAILED or DIVERGED trial's is the newest its task left.
            OptionalLong unconfirmed = switch (outcome.status()) {
                case DONE -> pending.exists(trial.steps()) ? OptionalLong.of(trial.steps()) : OptionalLong.empty();
                case FAILED, DIVERGED -> pending.latest();
                default -> OptionalLong.empty();
            };
            if (unconfirmed.isEmpty()) {
                continue;
            }
            long remaining = deadline - System.currentTimeMillis();
            if (remaining <= 0) {
                incomplete.add(trial.trialId());
                continue;
            }
            err.println("qsweep: MLflow: completing the run of trial " + trial.trialId() + " from the driver");
            err.flush();
            MlflowTrialTracker tracker = new MlflowTrialTracker(run.target().withFinishTimeoutMillis(remaining), trial,
                    Math.max(0, outcome.attempts() - 1), pending);
            tracker.sink().onResume(unconfirmed.getAsLong());
            if (!tracker.finish(outcome.status(), outcome.reason(),
                    new HadoopCheckpointStore(fs, layout.checkpoints(trial.trialId())))) {
                incomplete.add(trial.trialId());
            }
        }
        if (!incomplete.isEmpty()) {
            err.println("qsweep: warning: MLflow: the runs of " + incomplete.size() + " trial(s) are incomplete (the "
                    + "server did not answer): " + String.join(", ", incomplete) + ". Their points are kept; submit the "
                    + "sweep again once the server is up to complete them.");
            err.flush();
        }
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

    /**
     * Values read back from Parquet (Scala lists, boxed numbers) compare by their text with the plan's; a multi-env
     * sweep's configurations also carry their {@code env}, a sweep with variants their {@code variant}.
     */
    private static boolean sameSettings(TrialSpec trial, Map<String, Object> settings) {
        return settings.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(switch (e.getKey()) {
            case "env" -> trial.envId();
            case "variant" -> trial.variant();
            default -> trial.settings().get(e.getKey());
        }), String.valueOf(e.getValue())));
    }
}
