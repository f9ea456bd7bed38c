package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.config.SettingsCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final Map<String, Object> SMALL_DQN = Map.of(
            "learning_rate", 1e-3, "buffer_size", 5_000, "learning_starts", 200, "batch_size", 32,
            "train_frequency", 4, "target_update_interval", 250, "hidden_sizes", "32,32",
            "eval_interval", 1_000, "eval_episodes", 3, "checkpoint_interval", 1_000);

    private static RunSpec cartPole(long steps, Map<String, Object> settings) {
        return new RunSpec("CartPole-v1", Map.of(), 7, steps, SettingsCatalog.resolve(settings));
    }

    /** Keeps every row; episode rows without the wall time, which is the one thing allowed to differ. */
    static final class RecordingSink implements MetricsSink {
        final List<String> episodes = new ArrayList<>();
        final List<EvalRecord> evals = new ArrayList<>();
        long resumedFrom = -1;
        long failAfterStep = Long.MAX_VALUE;

        @Override
        public void onResume(long checkpointStep) {
            resumedFrom = checkpointStep;
            episodes.removeIf(row -> Long.parseLong(row.split(" ")[1]) > checkpointStep);
            evals.removeIf(e -> e.globalStep() > checkpointStep);
        }

        @Override
        public void onEpisode(EpisodeRecord e) {
            if (e.globalStep() > failAfterStep) {
                throw new IllegalStateException("simulated crash at step " + e.globalStep());
            }
            episodes.add(e.episode() + " " + e.globalStep() + " " + e.episodeReturn() + " " + e.length() + " " + e.epsilon());
        }

        @Override
        public void onEval(EvalRecord e) {
            evals.add(e);
        }
    }

    private static float[] onlineParameters(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector();
    }

    private static float[] targetParameters(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).targetNetwork().dl4jNetwork().params().toFloatVector();
    }

    @Test
    void sameSpecGivesIdenticalNumbers(@TempDir Path dir) throws IOException {
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        Trainer a = new Trainer(cartPole(3_000, SMALL_DQN), first, new LocalCheckpointStore(dir.resolve("a")));
        Trainer b = new Trainer(cartPole(3_000, SMALL_DQN), second, new LocalCheckpointStore(dir.resolve("b")));
        TrainResult resultA = a.run(false);
        TrainResult resultB = b.run(false);
        assertTrue(first.episodes.size() > 20, "CartPole episodes end often under a random policy");
        assertEquals(first.episodes, second.episodes);
        assertEquals(first.evals, second.evals);
        assertEquals(resultA.finalEval(), resultB.finalEval());
        assertArrayEquals(onlineParameters(a), onlineParameters(b));
    }

    @Test
    void anotherSeedGivesOtherNumbers(@TempDir Path dir) throws IOException {
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        new Trainer(cartPole(1_000, SMALL_DQN), first, new LocalCheckpointStore(dir.resolve("a"))).run(false);
        RunSpec otherSeed = new RunSpec("CartPole-v1", Map.of(), 8, 1_000, SettingsCatalog.resolve(SMALL_DQN));
        new Trainer(otherSeed, second, new LocalCheckpointStore(dir.resolve("b"))).run(false);
        assertFalse(first.episodes.equals(second.episodes));
    }

    @Test
    void resumeFromACheckpointContinuesBitIdentically(@TempDir Path dir) throws IOException {
        RecordingSink uninterrupted = new RecordingSink();
        Trainer reference = new Trainer(cartPole(3_000, SMALL_DQN), uninterrupted, new LocalCheckpointStore(dir.resolve("ref")));
        TrainResult referenceResult = reference.run(false);

        // Crash between the checkpoints at 1,000 and 2,000 steps, then resume in a new trainer.
        RecordingSink interrupted = new RecordingSink();
        interrupted.failAfterStep = 1_500;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> new Trainer(cartPole(3_000, SMALL_DQN), interrupted, store).run(false));
        interrupted.failAfterStep = Long.MAX_VALUE;
        Trainer resumed = new Trainer(cartPole(3_000, SMALL_DQN), interrupted, store);
        TrainResult resumedResult = resumed.run(true);

        assertEquals(1_000, interrupted.resumedFrom);
        assertEquals(1_000, resumedResult.resumedFromStep());
        assertEquals(uninterrupted.episodes, interrupted.episodes);
        assertEquals(uninterrupted.evals, interrupted.evals);
        assertEquals(referenceResult.finalEval(), resumedResult.finalEval());
        assertEquals(referenceResult.recentMeanReturn(), resumedResult.recentMeanReturn());
        assertArrayEquals(onlineParameters(reference), onlineParameters(resumed));
        assertArrayEquals(targetParameters(reference), targetParameters(resumed));
    }

    @Test
    void resumingAFinishedRunTrainsNothing(@TempDir Path dir) throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(dir);
        new Trainer(cartPole(500, SMALL_DQN), new RecordingSink(), store).run(false);
        RecordingSink again = new RecordingSink();
        TrainResult result = new Trainer(cartPole(500, SMALL_DQN), again, store).run(true);
        assertEquals(500, result.resumedFromStep());
        assertEquals(500, result.envSteps());
        assertTrue(again.episodes.isEmpty());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(dir);
        new Trainer(cartPole(500, SMALL_DQN), new RecordingSink(), store).run(false);
        RunSpec otherSeed = new RunSpec("CartPole-v1", Map.of(), 99, 500, SettingsCatalog.resolve(SMALL_DQN));
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> new Trainer(otherSeed, new RecordingSink(), store).run(true));
        assertTrue(e.getMessage().contains("seed=99"), e.getMessage());
    }

    @Test
    void evaluationOffMeansNoEvalRows(@TempDir Path dir) throws IOException {
        Map<String, Object> noEval = new java.util.HashMap<>(SMALL_DQN);
        noEval.put("eval_episodes", 0);
        RecordingSink sink = new RecordingSink();
        TrainResult result = new Trainer(cartPole(1_200, noEval), sink, new LocalCheckpointStore(dir)).run(false);
        assertTrue(sink.evals.isEmpty());
        assertNull(result.finalEval());
    }

    @Test
    void aQTableRunTrainedInTwoPiecesEqualsOneTrainedAtOnce(@TempDir Path dir) throws IOException {
        RunSpec spec = new RunSpec("FrozenLake-v1", Map.of(), 4, 6_000,
                SettingsCatalog.resolve(Map.of("algorithm", "qtable", "learning_rate", 0.5, "gamma", 0.95,
                        "exploration_fraction", 0.5, "eval_interval", 3_000, "eval_episodes", 5,
                        "checkpoint_interval", 1_000)));
        Trainer straight = new Trainer(spec, new RecordingSink(), new LocalCheckpointStore(dir.resolve("straight")));
        straight.run(false);
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("pieces"));
        new Trainer(spec, new RecordingSink(), store).run(false, 2_500);
        Trainer resumed = new Trainer(spec, new RecordingSink(), store);
        assertEquals(2_500, resumed.run(true).resumedFromStep());
        assertTrue(store.list().containsKey("checkpoint-000000006000.agent.qtable.qsec"), store.list().toString());
        dev.qsweep.agent.QTableAgent a = (dev.qsweep.agent.QTableAgent) straight.agent();
        dev.qsweep.agent.QTableAgent b = (dev.qsweep.agent.QTableAgent) resumed.agent();
        for (int state = 0; state < 16; state++) {
            for (int action = 0; action < 4; action++) {
                assertEquals(a.q(state, action), b.q(state, action), 0, "Q(" + state + ", " + action + ")");
            }
        }
    }

    @Test
    void qTableSolvesDeterministicFrozenLake(@TempDir Path dir) throws IOException {
        RunSpec spec = new RunSpec("FrozenLake-v1", Map.of("is_slippery", "false"), 3, 20_000,
                SettingsCatalog.resolve(Map.of("algorithm", "qtable", "learning_rate", 0.5, "gamma", 0.95,
                        "exploration_fraction", 0.5, "eval_interval", 20_000, "eval_episodes", 10)));
        TrainResult result = new Trainer(spec, new RecordingSink(), new LocalCheckpointStore(dir)).run(false);
        assertNotNull(result.finalEval());
        assertEquals(1.0, result.finalEval().mean(), 0, "the greedy policy reaches the goal every time");
    }

    @Test
    void evaluatesEnvironmentsThatTakeOnly32BitSeeds(@TempDir Path dir) throws IOException {
        RunSpec spec = new RunSpec("MinAtar/Breakout-v1", Map.of(), 7, 600, SettingsCatalog.resolve(Map.of(
                "buffer_size", 1_000, "learning_starts", 100, "hidden_sizes", "16", "eval_interval", 300,
                "eval_episodes", 2)));
        RecordingSink sink = new RecordingSink();
        new Trainer(spec, sink, new LocalCheckpointStore(dir)).run(false);
        assertEquals(List.of(300L, 600L), sink.evals.stream().map(EvalRecord::globalStep).toList(),
                "MinAtar evaluates: its derived eval seeds fit numpy's 32-bit RandomState");
    }
}
