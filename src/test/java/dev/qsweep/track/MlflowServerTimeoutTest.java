package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tracking server that accepts connections and never answers must not block the sender forever. */
class MlflowServerTimeoutTest {

    @Test
    void aHungServerFailsTheCallWithinTheRequestTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hung.accept()); // reads nothing, answers nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Duration timeout = Duration.ofSeconds(2);
            try (MlflowServer server = new MlflowServer("http://127.0.0.1:" + hung.getLocalPort(), timeout)) {
                long started = System.nanoTime();
                // Without the timeout the call never returns: fail after 30 s instead of hanging the build.
                assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(RuntimeException.class, () -> server.run("0123456789abcdef")));
                double seconds = (System.nanoTime() - started) / 1e9;
                // With the timeout it fails after about 2 s (the client may retry once or twice).
                assertTrue(seconds >= 1.5 && seconds < 30, "the call failed after " + seconds + " s");
                assertTrue(!accepted.isEmpty(), "the client never connected, so the test proved nothing");
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
