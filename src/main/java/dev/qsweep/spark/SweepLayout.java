package dev.qsweep.spark;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * Where a sweep's files live, under {@code <output>/<sweep name>/}:
 * <pre>
 * trials/trial_id=&lt;id&gt;/trial.parquet            one row per trial
 * episodes/trial_id=&lt;id&gt;/seg-&lt;from&gt;-&lt;to&gt;.parquet   rows of env steps (from, to], one file per checkpoint
 * evals/trial_id=&lt;id&gt;/seg-&lt;from&gt;-&lt;to&gt;.parquet
 * checkpoints/&lt;id&gt;/checkpoint-&lt;step&gt;.qck
 * decisions/bracket-&lt;b&gt;-rung-&lt;r&gt;.parquet       a scheduler's decisions, one file per rung
 * </pre>
 * Hive-style {@code trial_id=} directories let Spark prune by trial.
 *
 * @param root the qualified URI of the sweep's directory
 */
public record SweepLayout(String root) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String TRIALS = "trials";
    public static final String EPISODES = "episodes";
    public static final String EVALS = "evals";
    public static final String DECISIONS = "decisions";
    static final String CHECKPOINTS = "checkpoints";
    static final String TRIAL_FILE = "trial.parquet";

    public Path rootPath() {
        return new Path(root);
    }

    public Path table(String table) {
        return new Path(rootPath(), table);
    }

    /** The directory of one trial's rows in {@code table}. */
    public Path partition(String table, String trialId) {
        return new Path(table(table), "trial_id=" + trialId);
    }

    public Path checkpoints(String trialId) {
        return new Path(new Path(rootPath(), CHECKPOINTS), trialId);
    }

    /** The decisions file of one rung of one bracket. */
    public Path decisions(int bracket, int rung) {
        return new Path(table(DECISIONS), String.format("bracket-%d-rung-%d.parquet", bracket, rung));
    }

    public Path trialRow(String trialId) {
        return new Path(partition(TRIALS, trialId), TRIAL_FILE);
    }
}
