package dev.qsweep.cli;

/** Bad input from the user: printed without a stack trace, exit code 2. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
