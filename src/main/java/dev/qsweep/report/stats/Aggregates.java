package dev.qsweep.report.stats;

/** Small shared sums. */
final class Aggregates {
    private Aggregates() {}

    /** Mean of {@code values[from .. to)}. */
    static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
