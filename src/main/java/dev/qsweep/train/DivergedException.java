package dev.qsweep.train;

/** The loss or the Q-values became NaN or infinite: the run cannot continue meaningfully. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long globalStep;

    public DivergedException(long globalStep, String what) {
        super("training diverged at env step " + globalStep + ": " + what
                + " (lower learning_rate, set max_grad_norm, or use loss=huber)");
        this.globalStep = globalStep;
    }

    public long globalStep() {
        return globalStep;
    }
}
