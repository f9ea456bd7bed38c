package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowTestServer.Point;
import dev.qsweep.track.MlflowTestServer.Run;
import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trial tracker against a real MLflow server, driven by hand-made rows so that what reached the server before a
 * "crash" is known, not left to timing: a resumed attempt drops exactly what the server has and sends the rest.
 */
class MlflowTrialTrackerTest {
    private static final long STEPS = 2000;
    private static MlflowTestServer server;
    private static String experimentId;
    private static String parentRunId;

    @BeforeAll
    static void experiment() throws Exception {
        server = MlflowTestServer.shared();
        Map<String, Object> created = MlflowTestServer.object(server.post("/api/2.0/mlflow/experiments/create",
                "{\"name\": \"tracker-" + UUID.randomUUID() + "\"}"));
        experimentId = (String) created.get("experiment_id");
        Map<String, Object> parent = MlflowTestServer.object(server.post("/api/2.0/mlflow/runs/create",
                "{\"experiment_id\": \"" + experimentId + "\", \"run_name\": \"parent\"}"));
        parentRunId = (String) MlflowTestServer.object(MlflowTestServer.object(parent.get("run")).get("info")).get("run_id");
    }

    /** Pending points in memory, as the Hadoop store keeps them per checkpoint. */
    private static final class MemoryPending implements PendingPoints {
        final Map<Long, List<MetricPoint>> kept = new HashMap<>();

        @Override
        public void save(long step, List<MetricPoint> points) {
            kept.put(step, List.copyOf(points));
        }

        @Override
        public List<MetricPoint> load(long step) {
            return kept.getOrDefault(step, List.of());
        }

        @Override
        public boolean exists(long step) {
            return kept.containsKey(step);
        }

        @Override
        public void delivered(long step) {
            kept.remove(step);
        }
    }

    private static final CheckpointStore NO_CHECKPOINT = new CheckpointStore() {
        @Override
        public PendingFile create(String name) {
            throw new UnsupportedOperationException("nothing is written here");
        }

        @Override
        public java.io.InputStream open(String name) throws java.io.IOException {
            throw new java.io.FileNotFoundException(name);
        }

        @Override
        public Map<String, Long> list() {
            return Map.of();
        }

        @Override
        public void delete(String name) {
        }

        @Override
        public void deleteTemporaries() {
        }

        @Override
        public String location() {
            return "memory";
        }
    };

    private static TrialSpec trial() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new TrialSpec(id, 0, "tracker", "CartPole-v1", Map.of(), 3, STEPS, Map.of("learning_rate", 0.001));
    }

    private static MlflowTarget target(String uri) {
        return new MlflowTarget(uri, experimentId, parentRunId, "file:/tmp/tracker-test", List.of("learning_rate"),
                100, 60_000);
    }

    /** An episode every 10 steps in (from, to], an evaluation and a checkpoint every 500: like the trainer's calls. */
    private static void feed(MetricsSink sink, long from, long to) throws IOException {
        for (long step = from + 10; step <= to; step += 10) {
            sink.onEpisode(new EpisodeRecord(step / 10, step, step * 0.5, 10, 1.0 - step / 1e4, 0));
            if (step % 500 == 0) {
                sink.onEval(new EvalRecord(step, step / 4.0, 1.5, 0, 0, 2));
                sink.onCheckpoint(step);
            }
        }
    }

    private static List<Point> expectedReturns() {
        List<Point> points = new ArrayList<>();
        for (long step = 10; step <= STEPS; step += 10) {
            points.add(new Point(step, step * 0.5));
        }
        return points;
    }

    private static Run run(TrialSpec trial) throws Exception {
        List<Run> runs = server.runs(experimentId).stream().filter(r -> trial.trialId().equals(r.tags().get("trial_id")))
                .toList();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private static void awaitStep(TrialSpec trial, String key, long step) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<Run> run = server.runs(experimentId).stream()
                    .filter(r -> trial.trialId().equals(r.tags().get("trial_id"))).findFirst();
            List<Point> history = run.isEmpty() ? List.of() : server.history(run.get().runId(), key);
            if (!history.isEmpty() && history.get(history.size() - 1).step() >= step) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never got step " + step + " of " + key);
    }

    private static void assertComplete(TrialSpec trial) throws Exception {
        Run run = run(trial);
        assertEquals("FINISHED", run.status());
        assertEquals("DONE", run.tags().get("status"));
        assertEquals(expectedReturns(), server.history(run.runId(), MlflowTrialTracker.EPISODE_RETURN),
                "every point once, in step order");
        assertEquals(List.of(new Point(500, 125), new Point(1000, 250), new Point(1500, 375), new Point(2000, 500)),
                server.history(run.runId(), MlflowTrialTracker.EVAL_RETURN_MEAN));
        assertEquals(List.of(MlflowTrialTracker.LEARNING_CURVE_ARTIFACT), server.artifacts(run.runId(), ""));
    }

    @Test
    void aResumedAttemptDropsExactlyWhatTheServerAlreadyHas() throws Exception {
        TrialSpec trial = trial();
        MemoryPending pending = new MemoryPending();
        MlflowTrialTracker first = new MlflowTrialTracker(target(server.uri()), trial, 0, pending);
        feed(first.sink(), 0, 990); // checkpoint at 500; the crash comes before the one at 1000
        awaitStep(trial, MlflowTrialTracker.EPSILON, 990);
        first.abandon("injected crash");
        assertEquals("KILLED", run(trial).status());

        int keptAtCheckpoint = pending.load(500).size();
        MlflowTrialTracker second = new MlflowTrialTracker(target(server.uri()), trial, 1, pending);
        second.sink().onResume(500);
        feed(second.sink(), 500, STEPS);
        assertTrue(second.finish(TrialStatus.DONE, null, NO_CHECKPOINT));
        assertComplete(trial);
        // The server had everything up to 990: the rerun's 49 episodes × 3 metrics past the checkpoint, plus whatever
        // the first attempt had not confirmed at the checkpoint (it had arrived since).
        assertEquals(49 * 3 + keptAtCheckpoint, second.pointsDroppedAsPresent());
        assertEquals(101 * 3 + 3 * 2, second.pointsSent(), "episodes 1000..2000 and three evaluations");
        assertEquals("2", run(trial).tags().get("attempt"));
        assertFalse(pending.exists(STEPS), "a complete run leaves nothing to deliver");
    }

    @Test
    void pointsAnUnreachableServerNeverTookAreSentByTheResumedAttempt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TrialSpec trial = trial();
        MemoryPending pending = new MemoryPending();
        MlflowTrialTracker first = new MlflowTrialTracker(target("http://127.0.0.1:" + closed), trial, 0, pending);
        feed(first.sink(), 0, 990);
        first.abandon("injected crash");
        assertEquals(50 * 3 + 2, pending.load(500).size(), "nothing confirmed: every point up to the checkpoint kept");

        MlflowTrialTracker second = new MlflowTrialTracker(target(server.uri()), trial, 1, pending);
        second.sink().onResume(500);
        feed(second.sink(), 500, STEPS);
        assertTrue(second.finish(TrialStatus.DONE, null, NO_CHECKPOINT));
        assertComplete(trial);
        assertEquals(0, second.pointsDroppedAsPresent());
        assertEquals(200 * 3 + 4 * 2, second.pointsSent());
    }

    @Test
    void aServerThatNeverAnswersDoesNotSlowTraining() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts connections (the backlog does) and never answers: a blocking sink would hang here forever.
            MlflowTarget hung = new MlflowTarget("http://127.0.0.1:" + blackHole.getLocalPort(), experimentId,
                    parentRunId, "file:/tmp/tracker-test", List.of(), 100, 500);
            TrialSpec trial = trial();
            MemoryPending pending = new MemoryPending();
            MlflowTrialTracker tracker = new MlflowTrialTracker(hung, trial, 0, pending);
            long started = System.nanoTime();
            for (int repeat = 0; repeat < 50; repeat++) {
                feed(tracker.sink(), 0, STEPS); // 10,000 episodes
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 10, "recording 30,000 points took " + seconds + " s");
            assertFalse(tracker.finish(TrialStatus.DONE, null, NO_CHECKPOINT), "the run cannot be complete");
            assertEquals(0, tracker.pointsSent());
            assertTrue(pending.exists(STEPS), "the last checkpoint's points stay for the driver to deliver");
        }
    }
}
