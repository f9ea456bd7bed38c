package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayMemoryTest {

    /** Transition i has observation {i, -i}, next observation {i+1, -(i+1)}, action i%3, reward i/10. */
    private static void addTransition(ReplayMemory memory, int i) {
        memory.add(new float[] {i, -i}, i % 3, i / 10f, new float[] {i + 1, -(i + 1)}, i % 5 == 4);
    }

    @Test
    void overwritesTheOldestWhenFull() {
        ReplayMemory memory = new ReplayMemory(4, 2);
        for (int i = 0; i < 6; i++) {
            addTransition(memory, i);
        }
        assertEquals(4, memory.size());
        ReplayMemory.Batch batch = new ReplayMemory.Batch(200, 2);
        memory.sample(new NumpyGenerator(3), batch);
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < batch.size(); b++) {
            int i = (int) batch.observations()[2 * b];
            seen.add(i);
            // Every field of a sampled row belongs to the same transition.
            assertEquals(-i, batch.observations()[2 * b + 1]);
            assertEquals(i + 1, batch.nextObservations()[2 * b]);
            assertEquals(i % 3, batch.actions()[b]);
            assertEquals(i / 10f, batch.rewards()[b]);
            assertEquals(i % 5 == 4, batch.terminated()[b]);
        }
        assertEquals(Set.of(2, 3, 4, 5), seen, "transitions 0 and 1 were overwritten");
    }

    @Test
    void sameGeneratorSeedSamplesTheSameBatch() {
        ReplayMemory memory = new ReplayMemory(100, 2);
        for (int i = 0; i < 50; i++) {
            addTransition(memory, i);
        }
        ReplayMemory.Batch first = new ReplayMemory.Batch(32, 2);
        ReplayMemory.Batch second = new ReplayMemory.Batch(32, 2);
        memory.sample(new NumpyGenerator(7), first);
        memory.sample(new NumpyGenerator(7), second);
        assertArrayEquals(first.observations(), second.observations());
        assertArrayEquals(first.actions(), second.actions());
    }

    @Test
    void stateRoundTripsExactly() throws IOException {
        ReplayMemory memory = new ReplayMemory(8, 2);
        for (int i = 0; i < 11; i++) {
            addTransition(memory, i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        memory.writeState(new DataOutputStream(bytes));
        ReplayMemory restored = new ReplayMemory(8, 2);
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ReplayMemory.Batch a = new ReplayMemory.Batch(64, 2);
        ReplayMemory.Batch b = new ReplayMemory.Batch(64, 2);
        memory.sample(new NumpyGenerator(1), a);
        restored.sample(new NumpyGenerator(1), b);
        assertArrayEquals(a.observations(), b.observations());
        assertArrayEquals(a.nextObservations(), b.nextObservations());
        assertArrayEquals(a.rewards(), b.rewards());
        assertArrayEquals(a.terminated(), b.terminated());
        // Both continue identically: the next add lands in the same slot.
        addTransition(memory, 99);
        addTransition(restored, 99);
        assertEquals(memory.size(), restored.size());
    }

    @Test
    void refusesAStateOfAnotherShape() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ReplayMemory(8, 2).writeState(new DataOutputStream(bytes));
        IOException e = assertThrows(IOException.class, () -> new ReplayMemory(8, 3)
                .readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(e.getMessage().contains("8×2"), e.getMessage());
    }

    @Test
    void samplingAnEmptyMemoryIsAnError() {
        assertThrows(IllegalStateException.class,
                () -> new ReplayMemory(4, 1).sample(new NumpyGenerator(0), new ReplayMemory.Batch(1, 1)));
    }
}
