package dev.qsweep.report.stats;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.util.KthSelector;

/**
 * rliable's four aggregate estimators over runs × tasks ({@code rliable/metrics.py}, version 1.2.0).
 *
 * <p>Each constant makes a {@link Kernel}: the estimator bound to one layout with its own scratch buffers, so the
 * bootstrap evaluates thousands of resamples without allocating.
 */
public enum Estimator {
    /** {@code aggregate_mean}: the mean over tasks of each task's mean over runs. */
    MEAN("mean") {
        @Override
        Kernel kernel(FlatScores layout) {
            int[] taskStart = layout.taskStart;
            return values -> {
                double sum = 0;
                for (int t = 0; t < taskStart.length - 1; t++) {
                    sum += Aggregates.mean(values, taskStart[t], taskStart[t + 1]);
                }
                return sum / (taskStart.length - 1);
            };
        }
    },
    /** {@code aggregate_median}: the median over tasks of each task's mean over runs (mean of the middle two if even). */
    MEDIAN("median") {
        @Override
        Kernel kernel(FlatScores layout) {
            int[] taskStart = layout.taskStart;
            double[] taskMeans = new double[taskStart.length - 1];
            Median median = new Median().withEstimationType(Percentile.EstimationType.R_7);
            return values -> {
                for (int t = 0; t < taskMeans.length; t++) {
                    taskMeans[t] = Aggregates.mean(values, taskStart[t], taskStart[t + 1]);
                }
                return median.evaluate(taskMeans);
            };
        }
    },
    /**
     * {@code aggregate_iqm}: scipy's {@code trim_mean(scores, 0.25)} over all runs × tasks flattened — drop the
     * {@code floor(n / 4)} lowest and as many highest scores, average the rest.
     */
    IQM("iqm") {
        @Override
        Kernel kernel(FlatScores layout) {
            int n = layout.size();
            int cut = (int) (0.25 * n);
            if (cut == 0) {
                return values -> Aggregates.mean(values, 0, n);
            }
            // Two selections instead of a sort: the first puts the `cut` lowest scores in front, the second (on the
            // rest) the next n - 2·cut; KthSelector works on whole arrays, hence the second, shorter buffer.
            double[] all = new double[n];
            double[] upper = new double[n - cut];
            KthSelector selector = new KthSelector();
            return values -> {
                System.arraycopy(values, 0, all, 0, n);
                selector.select(all, null, cut);
                System.arraycopy(all, cut, upper, 0, n - cut);
                selector.select(upper, null, n - 2 * cut);
                return Aggregates.mean(upper, 0, n - 2 * cut);
            };
        }
    },
    /** {@code aggregate_optimality_gap} with gamma = 1: 1 − mean over all runs × tasks of min(score, 1). */
    OPTIMALITY_GAP("optimality_gap") {
        @Override
        Kernel kernel(FlatScores layout) {
            return values -> {
                double sum = 0;
                for (double value : values) {
                    sum += Math.min(value, GAMMA);
                }
                return GAMMA - sum / values.length;
            };
        }
    };

    /** rliable's default optimality-gap threshold: normalised scores above 1 count as 1. */
    static final double GAMMA = 1.0;

    private final String columnName;

    Estimator(String columnName) {
        this.columnName = columnName;
    }

    /** The name used in {@code aggregates.csv}: "mean", "median", "iqm", "optimality_gap". */
    public String columnName() {
        return columnName;
    }

    public double apply(ScoreSet scores) {
        FlatScores flat = FlatScores.of(scores);
        return kernel(flat).applyAsDouble(flat.values);
    }

    /** This estimator over arrays laid out like {@code layout} (same task boundaries); reuses its buffers. */
    abstract Kernel kernel(FlatScores layout);

    /** An estimator bound to one layout. Not thread-safe: it owns scratch buffers. */
    interface Kernel extends ToDoubleFunction<double[]> {}
}
