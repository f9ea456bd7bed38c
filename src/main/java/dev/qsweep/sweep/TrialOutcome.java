package dev.qsweep.sweep;

import java.io.Serializable;

/**
 * What one trial attempt reports back to the sweep's driver. Missing numbers (no evaluation, or a trial skipped
 * because it had already finished) are NaN, and -1 for steps.
 *
 * @param skipped    the trial had finished in an earlier submission, so nothing ran now
 * @param attempts   the attempt that produced this outcome, counting from 1
 * @param resumedFromStep the checkpoint step this attempt started from; 0 for a fresh start
 */
public record TrialOutcome(String trialId, TrialStatus status, String reason, long envSteps, long episodes,
                           double finalEvalMean, double finalEvalStd, double bestEvalMean, long bestEvalStep,
                           double wallSeconds, double stepsPerSecond, String checkpointUri, int attempts,
                           long resumedFromStep, boolean skipped) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static TrialOutcome skipped(String trialId, long steps, String checkpointUri) {
        return new TrialOutcome(trialId, TrialStatus.DONE, null, steps, -1, Double.NaN, Double.NaN, Double.NaN, -1,
                Double.NaN, Double.NaN, checkpointUri, 0, steps, true);
    }
}
