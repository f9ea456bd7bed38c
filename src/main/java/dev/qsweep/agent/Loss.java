package dev.qsweep.agent;

/** Per-sample TD loss ℓ(d) of the error d = Q(s,a) − y. */
public enum Loss {
    /** ℓ(d) = d²  (CleanRL's {@code F.mse_loss}). */
    MSE,
    /** Smooth L1 with δ = 1: ℓ(d) = d²/2 if |d| < 1, else |d| − 1/2 (SB3's default). */
    HUBER;

    /** ℓ(d). */
    public double value(double error) {
        return switch (this) {
            case MSE -> error * error;
            case HUBER -> Math.abs(error) < 1.0 ? 0.5 * error * error : Math.abs(error) - 0.5;
        };
    }

    /** dℓ/dd. */
    public double derivative(double error) {
        return switch (this) {
            case MSE -> 2.0 * error;
            case HUBER -> Math.max(-1.0, Math.min(1.0, error));
        };
    }
}
