package dev.qsweep.report.stats;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A score set laid out flat for the bootstrap's inner loop: task {@code t}'s runs are
 * {@code values[taskStart[t] .. taskStart[t + 1])}. Resampling writes into a second instance of the same layout, so a
 * replicate allocates nothing.
 */
final class FlatScores {
    final double[] values;
    final int[] taskStart;

    private FlatScores(double[] values, int[] taskStart) {
        this.values = values;
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
        return new FlatScores(values, taskStart);
    }

    int taskCount() {
        return taskStart.length - 1;
    }

    int size() {
        return values.length;
    }

    /** A buffer with this layout, for resamples. */
    FlatScores emptyLike() {
        return new FlatScores(new double[values.length], taskStart);
    }

    /** Stratified resample: each task's runs drawn with replacement from that task's own runs, into {@code target}. */
    void resampleInto(FlatScores target, SplittableRandom random) {
        for (int t = 0; t < taskCount(); t++) {
            int start = taskStart[t];
            int runs = taskStart[t + 1] - start;
            for (int i = start; i < start + runs; i++) {
                target.values[i] = values[start + random.nextInt(runs)];
            }
        }
    }
}
