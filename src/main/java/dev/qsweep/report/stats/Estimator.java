package dev.qsweep.report.stats;

import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

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
            return sample -> {
                double sum = 0;
                for (int t = 0; t < sample.taskCount(); t++) {
                    sum += sample.taskMean(t);
                }
                return sum / sample.taskCount();
            };
        }
    },
    /** {@code aggregate_median}: the median over tasks of each task's mean over runs (mean of the middle two if even). */
    MEDIAN("median") {
        @Override
        Kernel kernel(FlatScores layout) {
            double[] taskMeans = new double[layout.taskCount()];
            Median median = new Median().withEstimationType(Percentile.EstimationType.R_7);
            return sample -> {
                for (int t = 0; t < taskMeans.length; t++) {
                    taskMeans[t] = sample.taskMean(t);
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
            return new TrimmedMean(layout.values, 0.25)::of;
        }
    },
    /** {@code aggregate_optimality_gap} with gamma = 1: 1 − mean over all runs × tasks of min(score, 1). */
    OPTIMALITY_GAP("optimality_gap") {
        @Override
        Kernel kernel(FlatScores layout) {
            return sample -> {
                double sum = 0;
                for (double value : sample.values) {
                    sum += Math.min(value, GAMMA);
                }
                return GAMMA - sum / sample.values.length;
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
        return kernel(flat).of(flat);
    }

    /** This estimator over arrays laid out like {@code layout} (same task boundaries); reuses its buffers. */
    abstract Kernel kernel(FlatScores layout);

    /** An estimator bound to one layout. Not thread-safe: it owns scratch buffers. */
    @FunctionalInterface
    interface Kernel {
        /** The estimate on {@code sample}: the layout's own scores or a resample of them. */
        double of(FlatScores sample);
    }
}
