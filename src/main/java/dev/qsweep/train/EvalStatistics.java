package dev.qsweep.train;

/** Summary statistics of evaluation returns. */
public final class EvalStatistics {
    private EvalStatistics() {
    }

    /** Mean, population standard deviation (numpy's default, ddof=0), min and max. */
    public static EvalRecord of(long globalStep, double[] returns) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double r : returns) {
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double mean = sum / returns.length;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        return new EvalRecord(globalStep, mean, Math.sqrt(squares / returns.length), min, max, returns.length);
    }
}
