package dev.qsweep.report.stats;

import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One group's scores: for each task (environment), the scores of its runs. Run counts may differ by task (rliable
 * itself needs a full runs × tasks matrix; the estimators here are its formulas applied to ragged columns).
 *
 * <p>The arrays are copied on the way in; callers must not modify the arrays {@link #runsByTask()} returns.
 */
public record ScoreSet(List<String> tasks, List<double[]> runsByTask) {

    public ScoreSet {
        if (tasks == null || runsByTask == null || tasks.isEmpty()) {
            throw new SettingsException("a score set needs at least one task; got none. Check that the grouping "
                    + "leaves at least one environment with finished trials in every group.");
        }
        if (tasks.size() != runsByTask.size()) {
            throw new IllegalArgumentException(tasks.size() + " task names but " + runsByTask.size() + " score arrays");
        }
        Set<String> seen = new HashSet<>();
        List<double[]> copies = new ArrayList<>(runsByTask.size());
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            double[] runs = runsByTask.get(t);
            if (task == null || !seen.add(task)) {
                throw new IllegalArgumentException("task names must be distinct and non-null; got " + tasks);
            }
            if (runs == null || runs.length == 0) {
                throw new SettingsException("task '" + task + "' has no runs: every task of a group needs at least one "
                        + "finished run with a score. Drop the task or finish its trials first.");
            }
            for (int r = 0; r < runs.length; r++) {
                if (!Double.isFinite(runs[r])) {
                    throw new SettingsException("task '" + task + "' run " + r + " has score " + runs[r]
                            + "; scores must be finite numbers. Check the metric in the trial tables (a run that "
                            + "diverged or never evaluated has no usable score).");
                }
            }
            copies.add(runs.clone());
        }
        tasks = List.copyOf(tasks);
        runsByTask = List.copyOf(copies);
    }

    /** A single-task score set. */
    public static ScoreSet of(String task, double... runs) {
        return new ScoreSet(List.of(task), List.<double[]>of(runs));
    }

    public int taskCount() {
        return tasks.size();
    }

    /** Number of scores over all runs × tasks. */
    public int scoreCount() {
        int count = 0;
        for (double[] runs : runsByTask) {
            count += runs.length;
        }
        return count;
    }

    /** Smallest number of runs of any task. */
    public int minRuns() {
        int min = Integer.MAX_VALUE;
        for (double[] runs : runsByTask) {
            min = Math.min(min, runs.length);
        }
        return min;
    }
}
