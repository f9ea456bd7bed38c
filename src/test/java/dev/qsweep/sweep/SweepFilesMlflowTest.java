package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import org.junit.jupiter.api.Test;

/** The sweep file's {@code mlflow} block: parsed when right, a {@code file:line: key: what, fix} error when wrong. */
class SweepFilesMlflowTest {
    private static final String SOURCE = "jobs/test.conf";
    private static final String BASE = """
            name = tracked
            env = CartPole-v1
            seeds = [1]
            steps = 2000
            output = "file:/tmp/qsweep-test"
            """;
    /** The mlflow block starts on this line; its first key is on the next. */
    private static final int BLOCK_LINE = (int) BASE.lines().count() + 1;

    private static SweepSpec parse(String block) {
        return SweepFiles.parse(BASE + block, SOURCE);
    }

    private static String error(String block) {
        return assertThrows(SettingsException.class, () -> parse(block)).getMessage();
    }

    @Test
    void noBlockMeansNoTrackingSettings() {
        MlflowSettings settings = parse("").mlflow();
        assertNull(settings.trackingUri());
        assertNull(settings.experiment());
    }

    @Test
    void aValidBlockIsReadWithItsLocation() {
        MlflowSettings settings = parse("""
                mlflow {
                  tracking_uri = "http://127.0.0.1:5000/"
                  experiment = "cartpole runs"
                }
                """).mlflow();
        assertEquals("http://127.0.0.1:5000", settings.trackingUri(), "a trailing slash is dropped");
        assertEquals("cartpole runs", settings.experiment());
        assertEquals(SOURCE + ":" + (BLOCK_LINE + 1), settings.origin());
        assertEquals("https://mlflow.example.org/tracking",
                parse("mlflow.tracking_uri = \"https://mlflow.example.org/tracking\"").mlflow().trackingUri());
        assertNull(parse("mlflow { experiment = x }").mlflow().trackingUri(), "the URI may come from the environment");
    }

    @Test
    void nonHttpAndMalformedUrisAreRejectedWithFileLineAndAFix() {
        String file = error("""
                mlflow {
                  tracking_uri = "file:/tmp/mlruns"
                }
                """);
        assertTrue(file.startsWith(SOURCE + ":" + (BLOCK_LINE + 1) + ": mlflow.tracking_uri: 'file:/tmp/mlruns' is not an "
                + "http(s) URL (scheme 'file')"), file);
        assertTrue(file.contains("e.g. http://127.0.0.1:5000 (bin/mlflow-server starts one)"), file);
        assertTrue(error("mlflow.tracking_uri = \"sqlite:///mlflow.db\"").contains("(scheme 'sqlite')"));
        String noScheme = error("mlflow.tracking_uri = \"127.0.0.1:5000\"");
        assertTrue(noScheme.contains("mlflow.tracking_uri: '127.0.0.1:5000' has no http:// or https:// in front."), noScheme);
        String spaces = error("mlflow.tracking_uri = \"http://local host:5000\"");
        assertTrue(spaces.contains("is not a valid URL"), spaces);
        assertTrue(error("mlflow.tracking_uri = \"http:///path\"").contains("names no host"));
        assertTrue(error("mlflow.tracking_uri = \"http://h:5000/?x=1\"").contains("has a query or fragment"));
        assertTrue(error("mlflow.tracking_uri = 5000").contains("mlflow.tracking_uri: expected a string, got a number"));
    }

    @Test
    void unknownKeysAndEmptyExperimentsAreRejected() {
        String typo = error("""
                mlflow {
                  trackinguri = "http://127.0.0.1:5000"
                }
                """);
        assertTrue(typo.startsWith(SOURCE + ":" + (BLOCK_LINE + 1) + ": mlflow.trackinguri: unknown key 'trackinguri'. "
                + "Did you mean 'tracking_uri'?"), typo);
        assertTrue(typo.contains("Allowed here: tracking_uri, experiment."), typo);
        assertTrue(error("mlflow { experiment = \"  \" }").contains("mlflow.experiment: give a name of 1 to 500 characters"));
        assertTrue(error("mlflow = \"http://127.0.0.1:5000\"").contains("mlflow: expected a block { … }, got a string"));
    }
}
