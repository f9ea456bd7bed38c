package dev.qsweep.track;

import dev.qsweep.sweep.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mlflow.api.proto.Service.RunInfo;

/**
 * Tags a scheduled sweep's child runs with the scheduler's decisions, from the driver once a rung or generation is
 * decided: where the trial is ({@code scheduler.rung} or {@code pbt.generation}), its outcome and score, a stopped
 * trial's {@code status}, and PBT's lineage (the donor's trial and run, the settings it goes on with, and one
 * {@code pbt.exploited_at_generation_<g>} tag per exploit). Tags overwrite, so re-tagging after a re-submission is
 * harmless; the decisions table stays the record, and a server that does not answer costs a warning only.
 */
public final class MlflowScheduleTags {
    private MlflowScheduleTags() {
    }

    public static void tag(MlflowTarget target, List<Decision> decisions, boolean pbt, Consumer<String> warn) {
        try (MlflowServer server = new MlflowServer(target.trackingUri())) {
            Map<String, String> runIds = new LinkedHashMap<>();
            for (Decision d : decisions) {
                String runId = runId(server, target, d.trialId(), runIds);
                if (runId != null) {
                    server.logParamsAndTags(runId, Map.of(), tags(server, target, d, pbt, runIds));
                }
            }
        } catch (RuntimeException e) {
            warn.accept("MLflow: cannot tag the child runs with the scheduler's decisions (" + MlflowServer.describe(e)
                    + "); the decisions table has them");
        }
    }

    static Map<String, String> tags(MlflowServer server, MlflowTarget target, Decision d, boolean pbt,
                                    Map<String, String> runIds) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (pbt) {
            tags.put("pbt.generation", String.valueOf(d.rung() + 1));
            tags.put("pbt.settings", d.settings());
        } else {
            tags.put("scheduler.bracket", String.valueOf(d.bracket() + 1));
            tags.put("scheduler.rung", String.valueOf(d.rung() + 1));
        }
        tags.put("scheduler.budget_steps", String.valueOf(d.budgetSteps()));
        tags.put("scheduler.outcome", d.outcome().key());
        tags.put("scheduler.rank", String.valueOf(d.rank()));
        if (!Double.isNaN(d.score())) {
            tags.put("scheduler.score", String.valueOf(d.score()));
        }
        if (d.outcome() == Decision.Outcome.STOPPED) {
            tags.put("status", "STOPPED"); // the task ended the run DONE at the rung's budget; the scheduler stopped it
        }
        if (d.donorTrialId() != null) {
            tags.put("pbt.donor_trial_id", d.donorTrialId());
            String donorRun = runId(server, target, d.donorTrialId(), runIds);
            if (donorRun != null) {
                tags.put("pbt.donor_run_id", donorRun);
            }
            tags.put("pbt.exploited_at_generation_" + (d.rung() + 1), d.donorTrialId());
        }
        return tags;
    }

    private static String runId(MlflowServer server, MlflowTarget target, String trialId, Map<String, String> cache) {
        return cache.computeIfAbsent(trialId, id -> {
            List<RunInfo> runs = server.runsTagged(target.experimentId(), RunKeys.TAG, RunKeys.of(target.sweepRoot(), id));
            return runs.isEmpty() ? null : runs.get(0).getRunId();
        });
    }
}
