package dev.qsweep.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which build of qsweep is running: its version and the git commit it was built from, recorded with every result so
 * a number can be traced back to the code that made it. Read from {@code qsweep-build.properties}, which Maven fills in.
 */
public record BuildInfo(String version, String gitCommit) {
    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = load();

    /** The build this class was loaded from. */
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/qsweep-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read qsweep-build.properties from the classpath", e);
        }
        String commit = filled(properties.getProperty("git.commit"));
        if (!commit.equals(UNKNOWN) && "true".equals(properties.getProperty("git.dirty"))) {
            commit += "-dirty"; // built from a working tree with uncommitted changes
        }
        return new BuildInfo(filled(properties.getProperty("version")), commit);
    }

    /** Maven leaves {@code ${…}} in place when it has no value (e.g. no .git directory). */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value;
    }
}
