package dev.qsweep.report.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Performance profile with rliable's score distribution ({@code run_score_deviation}): for each threshold tau, the
 * fraction of all runs × tasks with score &gt; tau.
 *
 * <p>Each score is replaced once by the number of thresholds below it; a replicate histograms those numbers over the
 * resampled runs, and a suffix sum gives every threshold's count — O(runs + thresholds) per replicate.
 */
final class Profile {
    private final int[] taskStart;
    private final int[] thresholdsBelow;
    private final int[] order; // order[j] = index into the caller's taus of the j-th smallest threshold
    private final long[] histogram;

    Profile(ScoreSet scores, double[] taus) {
        FlatScores flat = FlatScores.of(scores);
        taskStart = flat.taskStart;
        order = IntStream.range(0, taus.length).boxed()
                .sorted((a, b) -> Double.compare(taus[a], taus[b])).mapToInt(Integer::intValue).toArray();
        double[] sorted = new double[taus.length];
        for (int j = 0; j < taus.length; j++) {
            sorted[j] = taus[order[j]];
        }
        thresholdsBelow = new int[flat.size()];
        for (int i = 0; i < flat.size(); i++) {
            thresholdsBelow[i] = countBelow(sorted, flat.values[i]);
        }
        histogram = new long[taus.length + 1];
    }

    /** Number of sorted thresholds strictly below {@code value} (the thresholds the score beats). */
    private static int countBelow(double[] sortedTaus, double value) {
        int low = 0;
        int high = sortedTaus.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedTaus[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The profile on the scores as given, into {@code out} (in the caller's tau order). */
    void estimate(double[] out) {
        for (int below : thresholdsBelow) {
            histogram[below]++;
        }
        fractions(out);
    }

    /** One stratified bootstrap replicate, into {@code out}. */
    void replicate(SplittableRandom random, double[] out) {
        for (int t = 0; t < taskStart.length - 1; t++) {
            int start = taskStart[t];
            int runs = taskStart[t + 1] - start;
            for (int i = 0; i < runs; i++) {
                histogram[thresholdsBelow[start + random.nextInt(runs)]]++;
            }
        }
        fractions(out);
    }

    private void fractions(double[] out) {
        long above = 0;
        double total = thresholdsBelow.length;
        for (int j = order.length - 1; j >= 0; j--) {
            above += histogram[j + 1]; // scores beating thresholds 0..j include tau_j
            out[order[j]] = above / total;
        }
        Arrays.fill(histogram, 0);
    }
}
