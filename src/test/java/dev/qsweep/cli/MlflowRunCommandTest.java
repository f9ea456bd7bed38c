package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.cli.Cli.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsweep run} with a bad MLflow setting: exit 2 before Spark starts, nothing written. */
class MlflowRunCommandTest {

    private static Path sweepFile(Path dir, String trackingUri) throws IOException {
        return Files.writeString(dir.resolve("tiny.conf"), """
                name = tiny
                env = FrozenLake-v1
                preset = frozenlake-qtable
                seeds = [1]
                steps = 1000
                output = "%s"
                mlflow {
                  tracking_uri = "%s"
                }
                """.formatted(dir.resolve("out").toUri(), trackingUri));
    }

    @Test
    void aNonHttpTrackingUriExitsWithTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Cli.Outcome run = Cli.run("run", sweepFile(dir, "file:/tmp/mlruns").toString(), "--master", "local[1]");
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("tiny.conf:8: mlflow.tracking_uri: 'file:/tmp/mlruns' is not an http(s) URL"),
                run.stderr());
        assertEquals("", run.stdout());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void anUnreachableServerExitsWithTwoBeforeSparkStartsAndWritesNothing(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Cli.Outcome run = Cli.run("run", sweepFile(dir, "http://127.0.0.1:" + port).toString(), "--master", "local[1]");
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("tiny.conf:8: mlflow.tracking_uri: cannot use the MLflow server: no answer from "
                + "http://127.0.0.1:" + port), run.stderr());
        assertFalse(run.stderr().contains("SparkContext"), "Spark never started: " + run.stderr());
        assertEquals("", run.stdout());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }
}
