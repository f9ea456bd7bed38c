package dev.qsweep.config;

/**
 * A user's setting or config file is wrong. The message says what is wrong, why, and how to fix it; the CLI prints it
 * and exits with code 2.
 */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
