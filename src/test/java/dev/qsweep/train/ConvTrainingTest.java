package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.ByteReplayMemory;
import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.FrameReplayMemory;
import dev.qsweep.agent.QNetworkArchitecture;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.env.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training runs with the CNNs on image environments: end to end, deterministic, and resumable bit for bit. */
class ConvTrainingTest {

    static Map<String, Object> settings(String network, Object... overrides) {
        Map<String, Object> s = new HashMap<>(Map.of(
                "network", network, "learning_rate", 1e-3, "buffer_size", 2_000, "learning_starts", 64,
                "batch_size", 8, "train_frequency", 4, "target_update_interval", 100,
                "eval_interval", 400, "eval_episodes", 1, "checkpoint_interval", 200));
        for (int i = 0; i < overrides.length; i += 2) s.put((String) overrides[i], overrides[i + 1]);
        return s;
    }

    static Trainer trainer(Supplier<Environment> env, long steps, Map<String, Object> settings,
                                   MetricsSink sink, CheckpointStore store) {
        RunSpec spec = new RunSpec(env.get().id(), Map.of(), 3, steps, SettingsCatalog.resolve(settings));
        return new Trainer(spec, sink, store, env);
    }

    static float[] onlineParameters(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector();
    }

    @Test
    void natureCnnTrainsOnStackedUint8Frames(@TempDir Path dir) throws IOException {
        Supplier<Environment> env = () -> SyntheticPixelEnv.atari(60);
        TrainerTest.RecordingSink sink = new TrainerTest.RecordingSink();
        Trainer trainer = trainer(env, 400, settings("nature_cnn"), sink, new LocalCheckpointStore(dir));
        DqnAgent agent = (DqnAgent) trainer.agent();
        assertInstanceOf(QNetworkArchitecture.NatureCnn.class, agent.onlineNetwork().spec().architecture());
        assertInstanceOf(FrameReplayMemory.class, agent.replay());
        float[] before = onlineParameters(trainer);
        TrainResult result = trainer.run(false);
        assertEquals(400, result.envSteps());
        assertEquals(400, agent.replay().size());
        assertTrue(sink.episodes.size() >= 5, "episodes end by a miss or the time limit: " + sink.episodes.size());
        assertNotNull(result.finalEval());
        float[] after = onlineParameters(trainer);
        assertEquals(1_687_206 - 3 * 512 - 3, after.length, "Nature CNN with 3 actions");
        assertTrue(!java.util.Arrays.equals(before, after), "the network learned");
    }

    @Test
    void minAtarCnnResumesBitIdentically(@TempDir Path dir) throws IOException {
        Supplier<Environment> env = () -> SyntheticPixelEnv.minAtar(40);
        TrainerTest.RecordingSink uninterrupted = new TrainerTest.RecordingSink();
        Trainer reference = trainer(env, 600, settings("minatar_cnn"), uninterrupted, new LocalCheckpointStore(dir.resolve("ref")));
        assertInstanceOf(ByteReplayMemory.class, ((DqnAgent) reference.agent()).replay());
        TrainResult referenceResult = reference.run(false);

        TrainerTest.RecordingSink interrupted = new TrainerTest.RecordingSink();
        interrupted.failAfterStep = 300;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> trainer(env, 600, settings("minatar_cnn"), interrupted, store).run(false));
        interrupted.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = trainer(env, 600, settings("minatar_cnn"), interrupted, store);
        TrainResult resumedResult = resumed.run(true);

        assertEquals(200, resumedResult.resumedFromStep());
        assertTrue(uninterrupted.episodes.size() > 10);
        assertEquals(uninterrupted.episodes, interrupted.episodes);
        assertEquals(uninterrupted.evals, interrupted.evals);
        assertEquals(referenceResult.finalEval(), resumedResult.finalEval());
        assertArrayEquals(onlineParameters(reference), onlineParameters(resumed));
    }

    @Test
    void natureCnnResumesBitIdenticallyWithItsFrameReplay(@TempDir Path dir) throws IOException {
        Supplier<Environment> env = () -> SyntheticPixelEnv.atari(30);
        Map<String, Object> s = settings("nature_cnn", "batch_size", 4, "eval_episodes", 0, "checkpoint_interval", 100);
        Trainer reference = trainer(env, 200, s, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir.resolve("ref")));
        reference.run(false);
        TrainerTest.RecordingSink interrupted = new TrainerTest.RecordingSink();
        interrupted.failAfterStep = 150;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> trainer(env, 200, s, interrupted, store).run(false));
        interrupted.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = trainer(env, 200, s, interrupted, store);
        assertEquals(100, resumed.run(true).resumedFromStep());
        assertArrayEquals(onlineParameters(reference), onlineParameters(resumed));
        assertEquals(((DqnAgent) reference.agent()).replay().size(), ((DqnAgent) resumed.agent()).replay().size());
    }

    @Test
    void withoutReplayInCheckpointsAResumeRefillsTheReplay(@TempDir Path dir) throws IOException {
        Supplier<Environment> env = () -> SyntheticPixelEnv.minAtar(40);
        Map<String, Object> withReplay = settings("minatar_cnn", "eval_episodes", 0);
        Map<String, Object> withoutReplay = settings("minatar_cnn", "eval_episodes", 0, "replay_in_checkpoint", false);
        trainer(env, 400, withReplay, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir.resolve("with"))).run(false);
        TrainerTest.RecordingSink sink = new TrainerTest.RecordingSink();
        sink.failAfterStep = 300;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("without"));
        assertThrows(IllegalStateException.class, () -> trainer(env, 400, withoutReplay, sink, store).run(false));
        // At step 200 the replay holds 200 transitions of two 10×10×2 byte observations.
        long replayBytes = checkpointBytes(dir.resolve("with"), 200) - checkpointBytes(dir.resolve("without"), 200);
        assertTrue(replayBytes >= 200 * 2 * 200 && replayBytes < 200 * (2 * 200 + 16), "replay bytes " + replayBytes);

        sink.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = trainer(env, 400, withoutReplay, sink, store);
        TrainResult result = resumed.run(true);
        assertEquals(200, result.resumedFromStep());
        assertEquals(400, result.envSteps());
        assertEquals(200, ((DqnAgent) resumed.agent()).replay().size(), "only the steps since the resume");
    }

    @Test
    void aCnnThatDoesNotFitTheObservationIsAClearError(@TempDir Path dir) {
        RunSpec spec = new RunSpec("CartPole-v1", Map.of(), 1, 100, SettingsCatalog.resolve(Map.of("network", "nature_cnn")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(spec, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir)));
        assertTrue(e.getMessage().startsWith("network=nature_cnn needs a Box observation of shape [frames][height][width]"),
                e.getMessage());
        RunSpec minatar = new RunSpec("FrozenLake-v1", Map.of(), 1, 100, SettingsCatalog.resolve(Map.of("network", "minatar_cnn")));
        IllegalArgumentException discrete = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(minatar, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir)));
        assertTrue(discrete.getMessage().contains("network=minatar_cnn needs a Box observation of shape [height][width][channels]")
                && discrete.getMessage().contains("Discrete(16)"), discrete.getMessage());
    }

    /** Bytes written by the checkpoint of {@code step}: its manifest and the files it wrote then. */
    private static long checkpointBytes(Path dir, long step) throws IOException {
        String prefix = String.format("checkpoint-%012d.", step);
        return new LocalCheckpointStore(dir).list().entrySet().stream().filter(f -> f.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
