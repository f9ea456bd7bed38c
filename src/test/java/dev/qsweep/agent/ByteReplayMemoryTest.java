package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One byte per uint8 value, and otherwise the float replay's exact behaviour. */
class ByteReplayMemoryTest {
    private static final int OBS = 10 * 10 * 4;

    @Test
    void samplesEqualTheFloatReplaysForTheSameSeed() throws IOException {
        ReplayMemory floats = new ReplayMemory(100, OBS);
        ByteReplayMemory bytes = new ByteReplayMemory(100, OBS);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 250; i++) { // wraps around
            float[] obs = new float[OBS];
            float[] next = new float[OBS];
            for (int k = 0; k < OBS; k++) {
                obs[k] = random.nextInt(2);
                next[k] = k % 7 == 0 ? 255 : random.nextInt(2);
            }
            boolean terminated = random.nextInt(10) == 0;
            floats.add(obs, i % 5, i * 0.1f, next, terminated, terminated);
            bytes.add(obs, i % 5, i * 0.1f, next, terminated, terminated);
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        bytes.writeState(new DataOutputStream(saved));
        ByteReplayMemory restored = new ByteReplayMemory(100, OBS);
        restored.readState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        for (Replay replay : new Replay[] {bytes, restored}) {
            ReplayMemory.Batch expected = new ReplayMemory.Batch(50, OBS);
            ReplayMemory.Batch actual = new ReplayMemory.Batch(50, OBS);
            floats.sample(new NumpyGenerator(9), expected);
            replay.sample(new NumpyGenerator(9), actual);
            assertArrayEquals(expected.observations(), actual.observations());
            assertArrayEquals(expected.nextObservations(), actual.nextObservations());
            assertArrayEquals(expected.actions(), actual.actions());
            assertArrayEquals(expected.rewards(), actual.rewards());
            assertArrayEquals(expected.terminated(), actual.terminated());
        }
    }

    @Test
    void usesAQuarterOfTheFloatReplaysMemoryForObservations() {
        long floats = new ReplayMemory(1_000, OBS).footprintBytes();
        long bytes = new ByteReplayMemory(1_000, OBS).footprintBytes();
        assertEquals(1_000L * (2 * 4 * OBS + 9), floats);
        assertEquals(1_000L * (2 * OBS + 9), bytes);
    }

    @Test
    void refusesValuesThatAreNotUint8() {
        ByteReplayMemory memory = new ByteReplayMemory(4, 2);
        assertThrows(IllegalArgumentException.class, () -> memory.add(new float[] {0.5f, 0}, 0, 0, new float[2], false, false));
        assertThrows(IllegalArgumentException.class, () -> memory.add(new float[] {256, 0}, 0, 0, new float[2], false, false));
        assertThrows(IllegalArgumentException.class, () -> memory.add(new float[] {-1, 0}, 0, 0, new float[2], false, false));
        assertEquals(0, memory.size());
    }
}
