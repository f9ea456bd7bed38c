package dev.qsweep.spark;

import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.track.MlflowTarget;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The one place Spark meets the core: the function a task applies to its trial. It reads the attempt number and the
 * task's CPU count from Spark and hands over to {@link TrialExecution}.
 */
final class TrialTask implements Function<TrialSpec, TrialOutcome> {
    private static final long serialVersionUID = 1L;
    private final SweepLayout layout;
    private final int maxAttempts;
    private final SweepCounters counters;
    private final MlflowTarget mlflow;
    private final long budgetSteps;

    /**
     * @param mlflow      where to track trials, or null for no tracking
     * @param budgetSteps the env steps to train each trial to (capped at its own steps): a scheduler's rung
     */
    TrialTask(SweepLayout layout, int maxAttempts, SweepCounters counters, MlflowTarget mlflow, long budgetSteps) {
        this.budgetSteps = budgetSteps;
        this.layout = layout;
        this.maxAttempts = maxAttempts;
        this.counters = counters;
        this.mlflow = mlflow;
    }

    @Override
    public TrialOutcome call(TrialSpec trial) throws Exception {
        TaskContext task = TaskContext.get();
        TrialOutcome outcome = new TrialExecution(trial, layout, task.attemptNumber(), maxAttempts, task.cpus(),
                mlflow, new LiveSteps(counters.trialSteps), budgetSteps).run();
        counters.count(outcome);
        return outcome;
    }
}
