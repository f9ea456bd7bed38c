package dev.qsweep.train;

/** A resume was asked for, but the checkpoint found belongs to a run with a different spec. */
public final class CheckpointMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CheckpointMismatchException(String message) {
        super(message);
    }
}
