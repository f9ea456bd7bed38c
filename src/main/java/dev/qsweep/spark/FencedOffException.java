package dev.qsweep.spark;

import java.io.IOException;

/**
 * A trial attempt that another, newer attempt of the same trial has taken over: it must stop without writing. Its
 * message is the one-line reason. An {@link IOException} so that it passes through the trainer's sinks and stores.
 */
final class FencedOffException extends IOException {
    private static final long serialVersionUID = 1L;

    FencedOffException(String message) {
        super(message);
    }
}
