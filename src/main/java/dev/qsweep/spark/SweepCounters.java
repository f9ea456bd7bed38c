package dev.qsweep.spark;

import dev.qsweep.sweep.TrialOutcome;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/** Trial counts by outcome, as Spark accumulators: executors add, the driver's progress display reads. */
final class SweepCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator done;
    final LongAccumulator skipped;
    final LongAccumulator failed;
    final LongAccumulator diverged;

    SweepCounters(SparkContext sc) {
        done = sc.longAccumulator("qsweep trials done");
        skipped = sc.longAccumulator("qsweep trials skipped");
        failed = sc.longAccumulator("qsweep trials failed");
        diverged = sc.longAccumulator("qsweep trials diverged");
    }

    void count(TrialOutcome outcome) {
        if (outcome.skipped()) {
            skipped.add(1);
            return;
        }
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
