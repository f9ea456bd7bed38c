package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.Replay;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.env.synthetic.RandomImages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint over 2 GB (format 1 held a checkpoint in one Java array and refused this) is written and restored bit
 * for bit: 10,700 random 210×160×3 images fill a 2.16 GB byte replay in seconds. The heap holds one such replay at a
 * time (surefire's -Xmx3g): the writer is dropped before the restoring trainer is made.
 */
class BigCheckpointTest {
    private static final int STEPS = 10_700;
    private static final long TRANSITION_BYTES = 2L * 210 * 160 * 3 + 9;

    private static RunSpec spec() {
        Map<String, Object> settings = new HashMap<>(Map.of("buffer_size", STEPS, "learning_starts", STEPS - 40,
                "batch_size", 4, "train_frequency", 16, "hidden_sizes", "2", "exploration_initial_eps", 1.0,
                "exploration_final_eps", 1.0, "eval_episodes", 0, "checkpoint_interval", STEPS / 2));
        settings.put("replay_in_checkpoint", true);
        return new RunSpec(RandomImages.ID, Map.of("height", "210", "width", "160", "channels", "3"), 3, STEPS,
                SettingsCatalog.resolve(settings));
    }

    /** CRC-32C of the replay's whole state (header and every slot), computed as it streams: no second copy. */
    private static long replayChecksum(Trainer trainer) throws IOException {
        Replay replay = ((DqnAgent) trainer.agent()).replay();
        CRC32C crc = new CRC32C();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(OutputStream.nullOutputStream(), crc))) {
            replay.writeState(out);
        }
        return crc.getValue();
    }

    private static long bytesOf(Path dir, String prefix) throws IOException {
        return new LocalCheckpointStore(dir).list().entrySet().stream().filter(f -> f.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aCheckpointOverTwoGigabytesIsWrittenAndRestored() throws IOException {
        Path dir = Files.createTempDirectory("qsweep-big-checkpoint");
        try {
            Trainer writer = new Trainer(spec(), new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir));
            writer.run(false);
            long expected = replayChecksum(writer);
            float[] parameters = ((DqnAgent) writer.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector();
            writer = null; // one 2 GB replay at a time

            long total = new LocalCheckpointStore(dir).list().entrySet().stream()
                    .filter(f -> f.getKey().startsWith("checkpoint-")).mapToLong(Map.Entry::getValue).sum();
            assertTrue(total > Integer.MAX_VALUE, "the newest checkpoint holds " + total + " bytes");
            long second = bytesOf(dir, String.format("checkpoint-%012d.", STEPS));
            assertTrue(second < (STEPS / 2 + 60) * TRANSITION_BYTES && second > (STEPS / 2) * TRANSITION_BYTES,
                    "the second checkpoint wrote the second half of the replay only: " + second);

            System.gc();
            Trainer restored = new Trainer(spec(), new TrainerTest.RecordingSink(), new LocalCheckpointStore(dir));
            TrainResult result = restored.run(true);
            assertEquals(STEPS, result.resumedFromStep());
            assertEquals(STEPS, ((DqnAgent) restored.agent()).replay().size());
            assertEquals(expected, replayChecksum(restored), "the replay, bit for bit");
            assertTrue(java.util.Arrays.equals(parameters,
                    ((DqnAgent) restored.agent()).onlineNetwork().dl4jNetwork().params().toFloatVector()));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
