package dev.qsweep.train;

/**
 * The outcome of a run (or of the part of it run by this process, after a resume).
 *
 * @param finalEval the last evaluation, or null when evaluation is off
 * @param bestEval the evaluation with the highest mean, or null
 * @param resumedFromStep the checkpoint step this process started from (0 for a fresh run)
 */
public record TrainResult(long envSteps, long episodes, double wallSeconds, double stepsPerSecond, EvalRecord finalEval,
                          EvalRecord bestEval, double recentMeanReturn, long resumedFromStep) {
}
