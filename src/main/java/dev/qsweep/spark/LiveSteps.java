package dev.qsweep.spark;

import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Progress;
import org.apache.spark.util.LongAccumulator;

/**
 * Keeps a task's value of the {@code trialSteps} accumulator equal to its trial's env steps done, so the driver can
 * show progress while trials run: Spark ships running tasks' accumulator values with every executor heartbeat.
 */
final class LiveSteps implements MetricsSink {
    private final LongAccumulator trialSteps;
    private long reported;

    LiveSteps(LongAccumulator trialSteps) {
        this.trialSteps = trialSteps;
    }

    /** The trial is at {@code stepsDone} (its checkpoint when it starts or resumes, its length when skipped). */
    void onProgressAt(long stepsDone) {
        trialSteps.add(stepsDone - reported);
        reported = stepsDone;
    }

    @Override
    public void onProgress(Progress progress) {
        onProgressAt(progress.stepsDone());
    }
}
