package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Pong job on the real ROM, with a budget CI can afford: it starts, learns from pixels through the
 * Nature CNN and frame replay, checkpoints, and a run that crashes resumes bit-identically.
 */
class AtariTrainingTest {

    /** jobs/pong.conf's trial, shrunk: a small replay (kept in checkpoints, as the preset says), learning from step 300, no evaluation. */
    private static RunSpec shortPong() {
        TrialSpec trial = TrialExpansion.expand(SweepFiles.load(Path.of("jobs/pong.conf"))).trials().get(0);
        Map<String, Object> settings = new HashMap<>(trial.settings());
        settings.putAll(Map.of("buffer_size", 1_000, "learning_starts", 300, "checkpoint_interval", 200,
                "eval_episodes", 0));
        return new RunSpec(trial.envId(), trial.envOptions(), trial.seed(), 500, SettingsCatalog.resolve(settings));
    }

    /** Fails when asked to commit the checkpoint at {@code failAtCheckpoint}, like an executor lost at that moment. */
    private static final class CrashingSink implements MetricsSink {
        long failAtCheckpoint = -1;

        @Override
        public void onCheckpoint(long globalStep) {
            if (globalStep == failAtCheckpoint) {
                throw new IllegalStateException("simulated crash at checkpoint " + globalStep);
            }
        }
    }

    private static byte[] replayState(Trainer trainer) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ((DqnAgent) trainer.agent()).replay().writeState(new java.io.DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static float[] parameters(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector();
    }

    @Test
    void pongJobTrainsFromPixelsAndResumesBitIdentically(@TempDir Path dir) throws IOException {
        RunSpec spec = shortPong();
        assertEquals("PongNoFrameskip-v4", spec.envId());
        assertEquals("nature_cnn", spec.settings().network());
        assertTrue(spec.settings().replayInCheckpoint(), "the atari preset keeps the replay in checkpoints");

        CrashingSink referenceSink = new CrashingSink();
        Trainer reference = new Trainer(spec, referenceSink, new LocalCheckpointStore(dir.resolve("reference")));
        float[] initial = parameters(reference);
        TrainResult referenceResult = reference.run(false);
        assertEquals(500, referenceResult.envSteps());
        assertFalse(Arrays.equals(initial, parameters(reference)), "the network learned after learning_starts");
        try (Stream<Path> files = Files.list(dir.resolve("reference"))) {
            assertEquals(List.of("checkpoint-000000000400.qck", "checkpoint-000000000500.qck"),
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".qck")).sorted().toList(),
                    "the newest two checkpoints are kept");
        }

        CrashingSink crashing = new CrashingSink();
        crashing.failAtCheckpoint = 400;
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("run"));
        assertThrows(IllegalStateException.class, () -> new Trainer(spec, crashing, store).run(false));
        crashing.failAtCheckpoint = -1;
        Trainer resumed = new Trainer(spec, crashing, store);
        TrainResult resumedResult = resumed.run(true);

        assertEquals(200, resumedResult.resumedFromStep());
        assertArrayEquals(parameters(reference), parameters(resumed), "same weights as the uninterrupted run");
        assertArrayEquals(((DqnAgent) reference.agent()).targetNetwork().dl4jNetwork().params().toFloatVector(),
                ((DqnAgent) resumed.agent()).targetNetwork().dl4jNetwork().params().toFloatVector());
        assertArrayEquals(replayState(reference), replayState(resumed), "the same replay, bit for bit");
    }
}
