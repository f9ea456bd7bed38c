package dev.qsweep.train;

/** A snapshot for progress displays. {@code recentMeanReturn} is NaN before the first episode ends. */
public record Progress(long stepsDone, long totalSteps, long episodes, double recentMeanReturn, double stepsPerSecond,
                       double elapsedSeconds) {

    /** Seconds left at the current rate, or NaN when unknown. */
    public double etaSeconds() {
        return stepsPerSecond > 0 ? (totalSteps - stepsDone) / stepsPerSecond : Double.NaN;
    }
}
