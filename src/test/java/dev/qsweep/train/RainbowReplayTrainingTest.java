package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.ByteReplayMemory;
import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.FrameReplayMemory;
import dev.qsweep.agent.Replay;
import dev.qsweep.agent.ReplayMemory;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * n-step returns, prioritized replay and RMSprop (issue 14) in whole training runs, on each replay memory: a run
 * interrupted and resumed from its checkpoint is bit-identical to an uninterrupted one.
 */
class RainbowReplayTrainingTest {
    /** n = 3, prioritized replay and centred RMSprop with momentum: every piece of state this change adds. */
    private static final Map<String, Object> REPLAY_COMPONENTS = Map.of(
            "n_step", 3, "prioritized_replay", true, "prioritized_replay_alpha", 0.5,
            "prioritized_replay_beta0", 0.4, "optimizer", "rmsprop", "rmsprop_alpha", 0.95, "rmsprop_eps", 0.01,
            "rmsprop_centered", true, "momentum", 0.9);

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(extra);
        return all;
    }

    /** Runs once through, then once crashing after {@code crashAfter} and resuming; asserts they agree bit for bit. */
    private static Trainer assertResumesBitIdentically(Path dir, Supplier<Environment> env, long steps, long crashAfter,
                                                       long checkpointStep, Map<String, Object> settings,
                                                       Class<? extends Replay> replayType) throws IOException {
        TrainerTest.RecordingSink uninterrupted = new TrainerTest.RecordingSink();
        Trainer reference = ConvTrainingTest.trainer(env, steps, settings, uninterrupted, new LocalCheckpointStore(dir.resolve("ref")));
        assertInstanceOf(replayType, ((DqnAgent) reference.agent()).replay());
        TrainResult referenceResult = reference.run(false);

        TrainerTest.RecordingSink interrupted = new TrainerTest.RecordingSink();
        interrupted.failAfterStep = crashAfter;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> ConvTrainingTest.trainer(env, steps, settings, interrupted, store).run(false));
        interrupted.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = ConvTrainingTest.trainer(env, steps, settings, interrupted, store);
        TrainResult resumedResult = resumed.run(true);

        assertEquals(checkpointStep, resumedResult.resumedFromStep());
        assertTrue(uninterrupted.episodes.size() > 5, "episodes: " + uninterrupted.episodes.size());
        assertEquals(uninterrupted.episodes, interrupted.episodes);
        assertEquals(uninterrupted.evals, interrupted.evals);
        assertEquals(referenceResult.finalEval(), resumedResult.finalEval());
        assertArrayEquals(ConvTrainingTest.onlineParameters(reference), ConvTrainingTest.onlineParameters(resumed));
        return reference;
    }

    @Test
    void cartPoleWithNStepPrioritizedReplayAndRmsPropResumesBitIdentically(@TempDir Path dir) throws IOException {
        Map<String, Object> base = Map.of(
                "learning_rate", 1e-3, "buffer_size", 5_000, "learning_starts", 200, "batch_size", 32,
                "train_frequency", 4, "target_update_interval", 250, "hidden_sizes", "32,32",
                "eval_interval", 1_000, "eval_episodes", 3, "checkpoint_interval", 1_000);
        Supplier<Environment> env = () -> EnvRegistry.make("CartPole-v1");
        Trainer rainbow = assertResumesBitIdentically(dir.resolve("rainbow"), env, 3_000, 1_500, 1_000,
                with(base, REPLAY_COMPONENTS), ReplayMemory.class);
        // The components change the run: the same seed with today's DQN ends elsewhere.
        Trainer dqn = ConvTrainingTest.trainer(env, 3_000, base, new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir.resolve("dqn")));
        dqn.run(false);
        assertFalse(java.util.Arrays.equals(ConvTrainingTest.onlineParameters(dqn), ConvTrainingTest.onlineParameters(rainbow)));
    }

    private static Map<String, Object> imageSettings(String network, Object... overrides) {
        return with(ConvTrainingTest.settings(network, overrides), REPLAY_COMPONENTS);
    }

    @Test
    void minAtarCnnWithTheReplayComponentsResumesBitIdentically(@TempDir Path dir) throws IOException {
        assertResumesBitIdentically(dir, () -> SyntheticPixelEnv.minAtar(40), 600, 300, 200,
                imageSettings("minatar_cnn"), ByteReplayMemory.class);
    }

    @Test
    void natureCnnWithTheReplayComponentsResumesBitIdenticallyWithItsFrameReplay(@TempDir Path dir) throws IOException {
        assertResumesBitIdentically(dir, () -> SyntheticPixelEnv.atari(30), 200, 150, 100,
                imageSettings("nature_cnn", "batch_size", 4, "eval_episodes", 1, "eval_interval", 200,
                        "checkpoint_interval", 100), FrameReplayMemory.class);
    }
}
