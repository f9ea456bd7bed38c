package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether tracking is on, and the checks made before Spark starts. No server needed: these are the failures. */
class MlflowDestinationTest {

    private static SweepSpec spec(String mlflowBlock) {
        return SweepFiles.parse("""
                name = tracked
                env = CartPole-v1
                steps = 2000
                output = "file:/tmp/qsweep-test"
                """ + mlflowBlock, "jobs/tracked.conf");
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void withoutAUriTrackingIsOffAndTheRunSaysSoOnce() {
        StringWriter err = new StringWriter();
        assertEquals(Optional.empty(), MlflowSweepRun.destination(spec(""), Map.of(), new PrintWriter(err, true)));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("qsweep: MLflow tracking is off (set mlflow { tracking_uri = "
                + "\"http://127.0.0.1:5000\" } in jobs/tracked.conf or MLFLOW_TRACKING_URI"), err.toString());
        assertEquals(Optional.empty(), MlflowSweepRun.destination(spec(""), Map.of("MLFLOW_TRACKING_URI", " "),
                new PrintWriter(new StringWriter())), "a blank variable is no URI");
    }

    @Test
    void aNonHttpUriFromTheEnvironmentIsABadInputNamingTheVariable() {
        String message = assertThrows(SettingsException.class, () -> MlflowSweepRun.destination(spec(""),
                Map.of("MLFLOW_TRACKING_URI", "file:./mlruns"), new PrintWriter(new StringWriter()))).getMessage();
        assertTrue(message.startsWith("environment variable MLFLOW_TRACKING_URI: 'file:./mlruns' is not an http(s) URL"),
                message);
    }

    @Test
    void anUnreachableServerIsABadInputWithTheFixBeforeAnythingStarts() throws IOException {
        int port = closedPort();
        String message = assertThrows(SettingsException.class, () -> MlflowSweepRun.destination(
                spec("mlflow {\n  tracking_uri = \"http://127.0.0.1:" + port + "\"\n}\n"), Map.of(),
                new PrintWriter(new StringWriter()))).getMessage();
        assertTrue(message.startsWith("jobs/tracked.conf:6: mlflow.tracking_uri: cannot use the MLflow server: no answer "
                + "from http://127.0.0.1:" + port + " (connection refused: nothing listens there)."), message);
        assertTrue(message.contains("Start it (bin/mlflow-server serves http://127.0.0.1:5000), fix the URL, or remove "
                + "the setting to run without tracking."), message);
        // The file's URI wins over the environment's.
        String fromFile = assertThrows(SettingsException.class, () -> MlflowSweepRun.destination(
                spec("mlflow.tracking_uri = \"http://127.0.0.1:" + port + "\""),
                Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"), new PrintWriter(new StringWriter()))).getMessage();
        assertTrue(fromFile.contains("no answer from http://127.0.0.1:" + port), fromFile);
    }

    @Test
    void aServerThatIsNotMlflowIsNamedAsSuch() throws Exception {
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = "<html>not here</html>".getBytes();
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            String uri = "http://127.0.0.1:" + other.getAddress().getPort();
            String message = assertThrows(SettingsException.class, () -> MlflowSweepRun.destination(spec(""),
                    Map.of("MLFLOW_TRACKING_URI", uri), new PrintWriter(new StringWriter()))).getMessage();
            assertTrue(message.contains(uri + " answered HTTP 404 to an MLflow API call; is it an MLflow tracking server?"),
                    message);
        } finally {
            other.stop(0);
        }
    }
}
