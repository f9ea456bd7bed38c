package dev.qsweep.spark;

import dev.qsweep.sweep.TrialOutcome;
import java.io.Serializable;
import org.apache.spark.util.AccumulatorV2;

/**
 * The finished trial with the highest final evaluation mean so far, for the live console line. Executors add their
 * trial's outcome; Spark merges on the driver as each task ends. Trials without an evaluation do not count.
 */
final class BestTrialAccumulator extends AccumulatorV2<TrialOutcome, BestTrialAccumulator.Best> {
    private static final long serialVersionUID = 1L;

    /** A trial and its final evaluation mean. */
    record Best(String trialId, double finalEvalMean) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Higher mean wins; on a tie the smaller id, so the answer does not depend on arrival order. */
        boolean beats(Best other) {
            return other == null || finalEvalMean > other.finalEvalMean
                    || finalEvalMean == other.finalEvalMean && trialId.compareTo(other.trialId) < 0;
        }
    }

    private Best best;

    @Override
    public boolean isZero() {
        return best == null;
    }

    @Override
    public BestTrialAccumulator copy() {
        BestTrialAccumulator copy = new BestTrialAccumulator();
        copy.best = best;
        return copy;
    }

    @Override
    public void reset() {
        best = null;
    }

    @Override
    public void add(TrialOutcome outcome) {
        if (Double.isFinite(outcome.finalEvalMean())) {
            offer(new Best(outcome.trialId(), outcome.finalEvalMean()));
        }
    }

    @Override
    public void merge(AccumulatorV2<TrialOutcome, Best> other) {
        if (other.value() != null) {
            offer(other.value());
        }
    }

    @Override
    public Best value() {
        return best;
    }

    private void offer(Best candidate) {
        if (candidate.beats(best)) {
            best = candidate;
        }
    }
}
