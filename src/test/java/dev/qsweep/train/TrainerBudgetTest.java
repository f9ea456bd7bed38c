package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.config.SettingsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run trained in pieces up to rung budgets (as a scheduler does) equals the run trained at once. */
class TrainerBudgetTest {
    private static final Map<String, Object> SMALL_DQN = Map.of(
            "learning_rate", 1e-3, "buffer_size", 5_000, "learning_starts", 200, "batch_size", 32,
            "train_frequency", 4, "target_update_interval", 250, "hidden_sizes", "32,32",
            "eval_interval", 1_000, "eval_episodes", 3, "checkpoint_interval", 1_000);

    private static RunSpec cartPole() {
        return new RunSpec("CartPole-v1", Map.of(), 7, 3_000, SettingsCatalog.resolve(SMALL_DQN));
    }

    private static float[] parameters(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector();
    }

    @Test
    void stoppingAtBudgetsAndResumingIsBitIdenticalToOneRun(@TempDir Path dir) throws IOException {
        TrainerTest.RecordingSink straight = new TrainerTest.RecordingSink();
        Trainer reference = new Trainer(cartPole(), straight, new LocalCheckpointStore(dir.resolve("ref")));
        TrainResult referenceResult = reference.run(false);

        // Budgets that are not multiples of the eval or checkpoint interval, as rungs may be.
        TrainerTest.RecordingSink pieces = new TrainerTest.RecordingSink();
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("rungs"));
        TrainResult first = new Trainer(cartPole(), pieces, store).run(true, 700);
        assertEquals(700, first.envSteps());
        assertTrue(Files.exists(dir.resolve("rungs").resolve("checkpoint-000000000700.qck")),
                "a checkpoint at the budget, to resume from");
        assertEquals(700, first.finalEval().globalStep(), "an evaluation at the budget, to score the rung on");
        TrainResult second = new Trainer(cartPole(), pieces, store).run(true, 2_100);
        assertEquals(700, second.resumedFromStep());
        Trainer last = new Trainer(cartPole(), pieces, store);
        TrainResult finished = last.run(true, 3_000);
        assertEquals(2_100, finished.resumedFromStep());

        assertEquals(straight.episodes, pieces.episodes, "every training episode identical (epsilon included)");
        List<EvalRecord> regular = pieces.evals.stream().filter(e -> e.globalStep() != 700 && e.globalStep() != 2_100)
                .toList();
        assertEquals(straight.evals, regular, "the extra evaluations at the budgets change nothing after them");
        assertEquals(referenceResult.finalEval(), finished.finalEval());
        assertEquals(referenceResult.recentMeanReturn(), finished.recentMeanReturn());
        assertArrayEquals(parameters(reference), parameters(last));
    }

    @Test
    void aBudgetBeyondTheRunIsRefused(@TempDir Path dir) {
        Trainer trainer = new Trainer(cartPole(), new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir));
        assertThrows(IllegalArgumentException.class, () -> trainer.run(false, 3_001));
        assertThrows(IllegalArgumentException.class, () -> trainer.run(false, 0));
    }
}
