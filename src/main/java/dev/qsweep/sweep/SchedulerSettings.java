package dev.qsweep.sweep;

import java.io.Serializable;
import java.util.Locale;

/**
 * The {@code scheduler} block of a sweep file: how compute is shared out between trials. {@link #NONE} (no block)
 * trains every trial to its full budget, as sweeps always did.
 *
 * @param type            which schedule
 * @param metric          what a trial is scored on at a rung
 * @param mode            whether a higher or a lower score is better
 * @param minSteps        the first rung's budget of env steps per trial
 * @param reductionFactor η: each rung keeps the best 1/η of its configurations
 * @param pbt             the population-based-training settings; {@link PbtSettings#NONE} unless type is pbt
 * @param evalWindow      eval_mean scores a trial on the mean of its last {@code evalWindow} evaluations at or before
 *                        the budget (1: the latest alone); successive halving and HyperBand only
 */
public record SchedulerSettings(Type type, Metric metric, Mode mode, long minSteps, int reductionFactor,
                                PbtSettings pbt, int evalWindow) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final SchedulerSettings NONE = new SchedulerSettings(Type.NONE, Metric.EVAL_MEAN, Mode.MAX, 0, 0);
    public static final int DEFAULT_REDUCTION_FACTOR = 3;

    /** A successive-halving or HyperBand schedule (no PBT settings) scored on the latest evaluation. */
    public SchedulerSettings(Type type, Metric metric, Mode mode, long minSteps, int reductionFactor) {
        this(type, metric, mode, minSteps, reductionFactor, PbtSettings.NONE);
    }

    /** A schedule scored on the latest evaluation. */
    public SchedulerSettings(Type type, Metric metric, Mode mode, long minSteps, int reductionFactor, PbtSettings pbt) {
        this(type, metric, mode, minSteps, reductionFactor, pbt, 1);
    }

    /** The schedules a sweep file can name; the key is how the file spells it. */
    public enum Type {
        NONE("none"),
        /** Rungs of growing budgets; the best 1/η configurations of each rung go on to the next. */
        SUCCESSIVE_HALVING("successive_halving"),
        /** Several successive-halving brackets, each starting at a different budget (Li et al. 2018). */
        HYPERBAND("hyperband"),
        /** Population-based training: generations of a fixed length; the bottom quantile copies the top (Jaderberg et al. 2017). */
        PBT("pbt");

        public final String key;

        Type(String key) {
            this.key = key;
        }
    }

    /** What a trial is scored on, from its recorded rows at the rung's budget. */
    public enum Metric {
        /** The mean return of the latest evaluation at or before the budget. */
        EVAL_MEAN,
        /** The mean return of the last 100 training episodes that ended at or before the budget. */
        RECENT_RETURN;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a higher score ({@code max}) or a lower one ({@code min}) is better. */
    public enum Mode {
        MAX, MIN;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean isEmpty() {
        return type == Type.NONE;
    }
}
