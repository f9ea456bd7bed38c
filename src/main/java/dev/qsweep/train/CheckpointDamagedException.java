package dev.qsweep.train;

import java.io.IOException;

/** A checkpoint file is truncated, corrupted or missing: the previous checkpoint may still be good. */
public final class CheckpointDamagedException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointDamagedException(String message) {
        super(message);
    }

    public CheckpointDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
