package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricPointTest {

    @Test
    void pendingPointsRoundTripExactly() throws IOException {
        List<MetricPoint> points = List.of(new MetricPoint("episode_return", 17, 17.0, 1_700_000_000_123L),
                new MetricPoint("loss", 1000, 0.1 + 0.2, 5), new MetricPoint("q_mean", 2000, Double.NaN, 6),
                new MetricPoint("épsilon", Long.MAX_VALUE, -0.0, 0));
        assertEquals(points, MetricPoint.decode(MetricPoint.encode(points)));
        assertEquals(List.of(), MetricPoint.decode(MetricPoint.encode(List.of())));
        byte[] bad = MetricPoint.encode(points);
        bad[3] = 9;
        assertTrue(assertThrows(IOException.class, () -> MetricPoint.decode(bad)).getMessage().contains("format 9"));
    }

    @Test
    void runKeysAreStablePerOutputAndTrial() {
        String key = RunKeys.of("file:/results/grid", "0123456789abcdef");
        assertEquals(24, key.length());
        assertEquals(key, RunKeys.of("file:/results/grid", "0123456789abcdef"));
        assertTrue(!key.equals(RunKeys.of("file:/other/grid", "0123456789abcdef")));
        assertTrue(!key.equals(RunKeys.of("file:/results/grid", "0123456789abcdee")));
    }

    @Test
    void proxiedArtifactPathsComeFromTheRunsArtifactUri() throws IOException {
        assertEquals("1/abc/artifacts", MlflowServer.proxiedPath("mlflow-artifacts:/1/abc/artifacts"));
        assertEquals("1/abc/artifacts", MlflowServer.proxiedPath("mlflow-artifacts://host:5000/1/abc/artifacts"));
        String message = assertThrows(IOException.class, () -> MlflowServer.proxiedPath("s3://bucket/1/abc")).getMessage();
        assertTrue(message.contains("start the server with artifact serving"), message);
    }
}
