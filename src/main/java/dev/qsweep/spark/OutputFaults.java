package dev.qsweep.spark;

import java.nio.file.AccessDeniedException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Tells an output that refuses writes — read-only, full, over quota, without permission, a file where a directory
 * should be — from other failures. Such a trial fails at once with a one-line reason: every retry would write to the
 * same output, fail the same way and print another stack trace, and the sweep's other trials should go on.
 */
final class OutputFaults {
    /** Lower-case fragments of the messages file systems give when they refuse a write (Linux, HDFS, S3A). */
    private static final List<String> REFUSALS = List.of("permission denied", "operation not permitted",
            "read-only file system", "no space left on device", "disk quota exceeded", "quota exceeded",
            "not a directory", "mkdirs failed to create", "accessdenied");

    /** How a refused write's reason starts. */
    static final String CANNOT_WRITE = "cannot write to the output";

    private OutputFaults() {
    }

    /**
     * One line saying what refused the write, when {@code failure} (or a cause) is a refused write; empty otherwise.
     */
    static Optional<String> unwritable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
            String lower = message.toLowerCase(Locale.ROOT);
            boolean refused = t instanceof AccessDeniedException || t instanceof AccessControlException
                    || t instanceof ParentNotDirectoryException || t instanceof NotDirectoryException
                    || REFUSALS.stream().anyMatch(lower::contains);
            if (refused) {
                return Optional.of(CANNOT_WRITE + " (" + t.getClass().getSimpleName() + ": " + message + ")");
            }
        }
        return Optional.empty();
    }
}
