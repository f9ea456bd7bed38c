package dev.qsweep.spark;

import dev.qsweep.sweep.TrialOutcome;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Trial counts by outcome, env steps trained in this submission and the best trial so far, as Spark accumulators:
 * executors add, the driver's progress display and report read.
 */
final class SweepCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator done;
    final LongAccumulator skipped;
    final LongAccumulator failed;
    final LongAccumulator diverged;
    /** Env steps actually trained now: zero when every trial had finished in an earlier submission. */
    final LongAccumulator trainedSteps;
    final BestTrialAccumulator best = new BestTrialAccumulator();
    /**
     * Live progress: within a task, the value is its trial's env steps done so far (resumed steps included). Executors'
     * heartbeats carry running tasks' values to the driver, where {@link SweepProgress} reads them.
     */
    final LongAccumulator trialSteps;
    /** The sum of finished trials' env steps (a skipped trial counts its length): complete once the job returns. */
    final LongAccumulator finishedTrialSteps;

    SweepCounters(SparkContext sc) {
        done = sc.longAccumulator("qsweep trials done");
        skipped = sc.longAccumulator("qsweep trials skipped");
        failed = sc.longAccumulator("qsweep trials failed");
        diverged = sc.longAccumulator("qsweep trials diverged");
        trainedSteps = sc.longAccumulator("qsweep env steps trained");
        sc.register(best, "qsweep best final eval");
        trialSteps = sc.longAccumulator("qsweep trial env steps");
        finishedTrialSteps = sc.longAccumulator("qsweep finished trials' env steps");
    }

    void count(TrialOutcome outcome) {
        finishedTrialSteps.add(outcome.envSteps());
        if (outcome.skipped()) {
            skipped.add(1);
            return;
        }
        trainedSteps.add(Math.max(0, outcome.envSteps() - outcome.resumedFromStep()));
        best.add(outcome);
        switch (outcome.status()) {
            case DONE -> done.add(1);
            case FAILED -> failed.add(1);
            case DIVERGED -> diverged.add(1);
        }
    }

    long finished() {
        return done.value() + skipped.value() + failed.value() + diverged.value();
    }
}
