package dev.qsweep.sweep;

/**
 * One row of a sweep's {@code decisions} table: what the scheduler decided about one trial at one rung.
 *
 * @param bracket            the successive-halving bracket (0 unless HyperBand)
 * @param rung               0-based rung within the bracket
 * @param budgetSteps        the env steps every trial of the rung trained to
 * @param configuration      the trial's configuration, by its position in the sweep's expansion order
 * @param score              the trial's own score at the budget; NaN when it has none
 * @param configurationScore the mean over the configuration's seeds, on which it was ranked; NaN when unscored
 * @param rank               the configuration's place in the rung (1 = best); in PBT the member's place in its population
 * @param donorTrialId       PBT: the trial whose checkpoint an exploiting member copied; null otherwise
 * @param settings           PBT: the member's mutable settings for the next generation, as JSON; null otherwise
 */
public record Decision(int bracket, int rung, long budgetSteps, String trialId, int trialIndex, int configuration,
                       double score, double configurationScore, int rank, Outcome outcome, String donorTrialId,
                       String settings) {

    /** A successive-halving decision: no donor, no settings. */
    public Decision(int bracket, int rung, long budgetSteps, String trialId, int trialIndex, int configuration,
                    double score, double configurationScore, int rank, Outcome outcome) {
        this(bracket, rung, budgetSteps, trialId, trialIndex, configuration, score, configurationScore, rank, outcome,
                null, null);
    }

    /** What happened to the trial after the rung. */
    public enum Outcome {
        /** Goes on to the next rung. */
        PROMOTED,
        /** Trains no further: its configuration ranked below the cut, or it has no score. */
        STOPPED,
        /** Reached the last rung, which is the trial's full budget. */
        FINISHED,
        /** Failed or diverged in the rung: recorded as such in the trials table, never promoted. */
        FAILED,
        /** PBT: copied the donor's checkpoint and settings, perturbed the settings, and goes on. */
        EXPLOITED,
        /** PBT: goes on with its own checkpoint and settings. */
        CONTINUED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
