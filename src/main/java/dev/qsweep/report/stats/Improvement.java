package dev.qsweep.report.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Probability of improvement P(X > Y) for one pair of score sets, as rliable's {@code probability_of_improvement}: per
 * task the Mann–Whitney U of X over Y divided by m·n (a tie counts 1/2), averaged over tasks.
 *
 * <p>Each task's X and Y scores are replaced once by their ranks among the task's distinct values; a replicate then
 * only counts how often each rank was drawn, and U is one pass over the ranks — O(m + n + distinct values) per task
 * instead of O(m·n), with no sorting and no allocation per replicate. (commons-math3's {@code MannWhitneyUTest} does
 * not fit: its {@code mannWhitneyU} returns max(U1, U2), not X's U1, and ranks afresh on every call.)
 */
final class Improvement {
    private final int[][] xRanks;
    private final int[][] yRanks;
    private final long[][] xCounts;
    private final long[][] yCounts;

    Improvement(ScoreSet x, ScoreSet y) {
        int tasks = x.taskCount();
        xRanks = new int[tasks][];
        yRanks = new int[tasks][];
        xCounts = new long[tasks][];
        yCounts = new long[tasks][];
        for (int t = 0; t < tasks; t++) {
            double[] xs = x.runsByTask().get(t);
            double[] ys = y.runsByTask().get(y.tasks().indexOf(x.tasks().get(t)));
            double[] distinct = Ranks.distinctSorted(xs, ys);
            xRanks[t] = Ranks.of(xs, distinct);
            yRanks[t] = Ranks.of(ys, distinct);
            xCounts[t] = new long[distinct.length];
            yCounts[t] = new long[distinct.length];
        }
    }

    /** The point estimate on the scores as given. */
    double estimate() {
        for (int t = 0; t < xRanks.length; t++) {
            for (int rank : xRanks[t]) {
                xCounts[t][rank]++;
            }
            for (int rank : yRanks[t]) {
                yCounts[t][rank]++;
            }
        }
        return fromCounts();
    }

    /** One stratified bootstrap replicate: X and Y resampled independently within each task. */
    double replicate(SplittableRandom random) {
        for (int t = 0; t < xRanks.length; t++) {
            draw(xRanks[t], xCounts[t], random);
            draw(yRanks[t], yCounts[t], random);
        }
        return fromCounts();
    }

    private static void draw(int[] ranks, long[] counts, SplittableRandom random) {
        for (int i = 0; i < ranks.length; i++) {
            counts[ranks[random.nextInt(ranks.length)]]++;
        }
    }

    /** Averages U / (m·n) over tasks and clears the counts for the next replicate. */
    private double fromCounts() {
        double sum = 0;
        for (int t = 0; t < xRanks.length; t++) {
            long[] xc = xCounts[t];
            long[] yc = yCounts[t];
            long twiceU = 0; // 2U stays an integer: each X above a Y adds 2, each tie 1
            long yBelow = 0;
            for (int r = 0; r < xc.length; r++) {
                twiceU += xc[r] * (2 * yBelow + yc[r]);
                yBelow += yc[r];
            }
            sum += twiceU / (2.0 * xRanks[t].length * yRanks[t].length);
            Arrays.fill(xc, 0);
            Arrays.fill(yc, 0);
        }
        return sum / xRanks.length;
    }
}
