package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.QNetworkHead;
import dev.qsweep.config.SettingsCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with the dueling and distributional (C51) heads (issue 14) on the real CartPole and MinAtar Breakout:
 * a crash and resume gives the numbers of an uninterrupted run, bit for bit, with double_q, tau < 1 and
 * gradient_steps > 1, on an MLP and on minatar_cnn; the same settings give the same numbers. The same holds for the
 * full Rainbow combination with noisy nets (plus n-step and prioritized replay, epsilon 0) on CartPole (MLP, fused
 * path), MinAtar Breakout (minatar_cnn) and the synthetic Atari env (nature_cnn).
 */
class HeadTrainingTest {
    private static final Map<String, Object> RAINBOW_HEAD = Map.of("dueling", true, "num_atoms", 51,
            "v_min", -20.0, "v_max", 20.0, "double_q", true, "tau", 0.5, "gradient_steps", 2);

    private static Map<String, Object> cartPoleSettings() {
        Map<String, Object> s = new HashMap<>(Map.of(
                "learning_rate", 1e-3, "buffer_size", 5_000, "learning_starts", 200, "batch_size", 32,
                "train_frequency", 4, "target_update_interval", 100, "hidden_sizes", "32,32",
                "eval_interval", 1_000, "eval_episodes", 2, "checkpoint_interval", 1_000));
        s.putAll(RAINBOW_HEAD);
        return s;
    }

    private static Map<String, Object> minAtarSettings() {
        Map<String, Object> s = new HashMap<>(Map.of(
                "network", "minatar_cnn", "learning_rate", 1e-3, "buffer_size", 2_000, "learning_starts", 64,
                "batch_size", 8, "train_frequency", 4, "target_update_interval", 100,
                "eval_interval", 400, "eval_episodes", 1, "checkpoint_interval", 200));
        s.putAll(RAINBOW_HEAD);
        return s;
    }

    /** Every Rainbow component with noisy nets (issue 14), exploring by noise alone (epsilon 0). */
    private static Map<String, Object> fullRainbow(Map<String, Object> base) {
        Map<String, Object> s = new HashMap<>(base);
        s.putAll(Map.of("noisy", true, "noisy_sigma0", 0.5, "n_step", 3, "prioritized_replay", true,
                "exploration_initial_eps", 0.0, "exploration_final_eps", 0.0));
        return s;
    }

    private static final QNetworkHead NOISY_RAINBOW_HEAD = new QNetworkHead(true, 51, -20, 20, true, 0.5);

    private static Trainer trainer(String env, long steps, Map<String, Object> settings, MetricsSink sink, CheckpointStore store) {
        return new Trainer(new RunSpec(env, Map.of(), 7, steps, SettingsCatalog.resolve(settings)), sink, store);
    }

    /** Makes a trainer of one run, given its sink and checkpoint store. */
    private interface TrainerFactory {
        Trainer make(MetricsSink sink, CheckpointStore store);
    }

    private static float[] parameters(Trainer trainer, boolean online) {
        DqnAgent agent = (DqnAgent) trainer.agent();
        return (online ? agent.onlineNetwork() : agent.targetNetwork()).dl4jNetwork().params().toFloatVector();
    }

    @Test
    void cartPoleWithDuelingC51ResumesBitIdentically(@TempDir Path dir) throws IOException {
        assertResumesBitIdentically(dir, "CartPole-v1", cartPoleSettings(), 2_400, 1_500, 1_000);
    }

    @Test
    void minAtarBreakoutWithDuelingC51ResumesBitIdentically(@TempDir Path dir) throws IOException {
        assertResumesBitIdentically(dir, "MinAtar/Breakout-v1", minAtarSettings(), 600, 300, 200);
    }

    @Test
    void natureCnnWithDuelingC51Trains(@TempDir Path dir) throws IOException {
        Map<String, Object> s = minAtarSettings();
        s.put("network", "nature_cnn");
        RunSpec spec = new RunSpec("synthetic", Map.of(), 3, 300, SettingsCatalog.resolve(s));
        Trainer trainer = new Trainer(spec, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir), () -> SyntheticPixelEnv.atari(60));
        float[] before = parameters(trainer, true);
        TrainResult result = trainer.run(false);
        assertEquals(300, result.envSteps());
        assertEquals(new QNetworkHead(true, 51, -20, 20), ((DqnAgent) trainer.agent()).onlineNetwork().spec().head());
        assertFalse(java.util.Arrays.equals(before, parameters(trainer, true)), "the network learned");
    }

    @Test
    void cartPoleWithFullNoisyRainbowResumesBitIdentically(@TempDir Path dir) throws IOException {
        Map<String, Object> s = fullRainbow(cartPoleSettings());
        assertResumesBitIdentically(dir, (sink, store) -> trainer("CartPole-v1", 2_400, s, sink, store), 1_500, 1_000,
                NOISY_RAINBOW_HEAD);
    }

    @Test
    void minAtarBreakoutWithFullNoisyRainbowResumesBitIdentically(@TempDir Path dir) throws IOException {
        Map<String, Object> s = fullRainbow(minAtarSettings());
        assertResumesBitIdentically(dir, (sink, store) -> trainer("MinAtar/Breakout-v1", 600, s, sink, store), 300, 200,
                NOISY_RAINBOW_HEAD);
    }

    @Test
    void natureCnnWithFullNoisyRainbowResumesBitIdentically(@TempDir Path dir) throws IOException {
        Map<String, Object> s = fullRainbow(minAtarSettings());
        s.put("network", "nature_cnn");
        RunSpec spec = new RunSpec("synthetic", Map.of(), 3, 300, SettingsCatalog.resolve(s));
        assertResumesBitIdentically(dir, (sink, store) -> new Trainer(spec, sink, store, () -> SyntheticPixelEnv.atari(60)),
                250, 200, NOISY_RAINBOW_HEAD);
    }

    private static void assertResumesBitIdentically(Path dir, String env, Map<String, Object> settings, long steps,
                                                    long crashAfter, long checkpoint) throws IOException {
        assertResumesBitIdentically(dir, (sink, store) -> trainer(env, steps, settings, sink, store), crashAfter,
                checkpoint, new QNetworkHead(true, 51, -20, 20));
    }

    private static void assertResumesBitIdentically(Path dir, TrainerFactory factory, long crashAfter, long checkpoint,
                                                    QNetworkHead expectedHead) throws IOException {
        TrainerTest.RecordingSink uninterrupted = new TrainerTest.RecordingSink();
        Trainer reference = factory.make(uninterrupted, new LocalCheckpointStore(dir.resolve("ref")));
        QNetworkHead head = ((DqnAgent) reference.agent()).onlineNetwork().spec().head();
        assertEquals(expectedHead, head);
        float[] initial = parameters(reference, true);
        TrainResult referenceResult = reference.run(false);
        assertFalse(java.util.Arrays.equals(initial, parameters(reference, true)), "the network learned");

        TrainerTest.RecordingSink again = new TrainerTest.RecordingSink();
        Trainer repeat = factory.make(again, new LocalCheckpointStore(dir.resolve("again")));
        repeat.run(false);
        assertEquals(uninterrupted.episodes, again.episodes, "same settings and seed, same numbers");
        assertArrayEquals(parameters(reference, true), parameters(repeat, true));

        TrainerTest.RecordingSink interrupted = new TrainerTest.RecordingSink();
        interrupted.failAfterStep = crashAfter;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> factory.make(interrupted, store).run(false));
        interrupted.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = factory.make(interrupted, store);
        TrainResult resumedResult = resumed.run(true);

        assertEquals(checkpoint, resumedResult.resumedFromStep());
        assertTrue(uninterrupted.episodes.size() > 3, "episodes: " + uninterrupted.episodes.size());
        assertEquals(uninterrupted.episodes, interrupted.episodes);
        assertEquals(uninterrupted.evals, interrupted.evals);
        assertEquals(referenceResult.finalEval(), resumedResult.finalEval());
        assertArrayEquals(parameters(reference, true), parameters(resumed, true));
        assertArrayEquals(parameters(reference, false), parameters(resumed, false));
    }
}
