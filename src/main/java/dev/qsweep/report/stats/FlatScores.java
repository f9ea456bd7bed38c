package dev.qsweep.report.stats;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A score set laid out flat for the bootstrap's inner loop: task {@code t}'s runs are
 * {@code values[taskStart[t] .. taskStart[t + 1])}. Resampling writes into a second instance of the same layout, so a
 * replicate allocates nothing. {@code drawn[i]} is the index in the original scores that {@code values[i]} was drawn
 * from (the identity for the original), for statistics that precompute something per original score.
 */
final class FlatScores {
    final double[] values;
    final int[] drawn;
    final int[] taskStart;

    private FlatScores(double[] values, int[] drawn, int[] taskStart) {
        this.values = values;
        this.drawn = drawn;
        this.taskStart = taskStart;
    }

    static FlatScores of(ScoreSet scores) {
        List<double[]> runsByTask = scores.runsByTask();
        int[] taskStart = new int[runsByTask.size() + 1];
        for (int t = 0; t < runsByTask.size(); t++) {
            taskStart[t + 1] = taskStart[t] + runsByTask.get(t).length;
        }
        double[] values = new double[taskStart[runsByTask.size()]];
        for (int t = 0; t < runsByTask.size(); t++) {
            System.arraycopy(runsByTask.get(t), 0, values, taskStart[t], runsByTask.get(t).length);
        }
        return new FlatScores(values, IntStream.range(0, values.length).toArray(), taskStart);
    }

    int taskCount() {
        return taskStart.length - 1;
    }

    int size() {
        return values.length;
    }

    /** Mean over task {@code t}'s runs. */
    double taskMean(int t) {
        double sum = 0;
        for (int i = taskStart[t]; i < taskStart[t + 1]; i++) {
            sum += values[i];
        }
        return sum / (taskStart[t + 1] - taskStart[t]);
    }

    /** A buffer with this layout, for resamples. */
    FlatScores emptyLike() {
        return new FlatScores(new double[values.length], new int[values.length], taskStart);
    }

    /** Stratified resample: each task's runs drawn with replacement from that task's own runs, into {@code target}. */
    void resampleInto(FlatScores target, SplittableRandom random) {
        for (int t = 0; t < taskCount(); t++) {
            int start = taskStart[t];
            int runs = taskStart[t + 1] - start;
            for (int i = start; i < start + runs; i++) {
                int source = start + random.nextInt(runs);
                target.drawn[i] = source;
                target.values[i] = values[source];
            }
        }
    }
}
