package dev.qsweep.report.stats;

import java.util.Arrays;

/**
 * Scores replaced by their rank among the distinct values, so that statistics of resamples can count draws per rank
 * instead of sorting ({@link TrimmedMean}, {@link Improvement}). −0.0 and +0.0 are one value, as in numpy's comparisons.
 */
final class Ranks {
    private Ranks() {}

    /** The distinct values of all arrays, ascending. */
    static double[] distinctSorted(double[]... arrays) {
        return Arrays.stream(arrays).flatMapToDouble(Arrays::stream).map(Ranks::unsignedZero).sorted().distinct().toArray();
    }

    /** For each value, its index in {@code distinct} (which must hold it). */
    static int[] of(double[] values, double[] distinct) {
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ranks[i] = Arrays.binarySearch(distinct, unsignedZero(values[i]));
        }
        return ranks;
    }

    private static double unsignedZero(double value) {
        return value == 0.0 ? 0.0 : value;
    }
}
