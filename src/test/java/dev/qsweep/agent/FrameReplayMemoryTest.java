package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.Space;
import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The frame replay gives back exactly the stacks a naive replay (storing whole stacks) holds, over many episodes of
 * random length ending by termination or truncation, through wrap-around and eviction, and across a checkpoint.
 */
class FrameReplayMemoryTest {
    private static final int STACK = 4;
    private static final int FRAME = 6;

    /** One stored transition, stacks copied as the agent saw them. */
    private record Naive(float[] obs, int action, float reward, float[] next, boolean terminated) {}

    /**
     * A frame-stacking env: like Gymnasium's FrameStackObservation, reset pads with copies of the first frame
     * ({@code zeroPadding} pads with zeros instead). Frames are random bytes; with {@code repeats} a new frame
     * sometimes equals the previous one (a static screen).
     */
    private static final class StackingEnv {
        final SplittableRandom random;
        final boolean zeroPadding;
        final boolean repeats;
        final float[][] frames = new float[STACK][];

        StackingEnv(long seed, boolean zeroPadding, boolean repeats) {
            this.random = new SplittableRandom(seed);
            this.zeroPadding = zeroPadding;
            this.repeats = repeats;
        }

        float[] reset() {
            float[] first = newFrame(null);
            for (int f = 0; f < STACK; f++) frames[f] = zeroPadding && f < STACK - 1 ? new float[FRAME] : first;
            return stack();
        }

        float[] step() {
            float[] frame = newFrame(frames[STACK - 1]);
            System.arraycopy(frames, 1, frames, 0, STACK - 1);
            frames[STACK - 1] = frame;
            return stack();
        }

        private float[] newFrame(float[] previous) {
            if (repeats && previous != null && random.nextInt(3) == 0) return previous;
            float[] frame = new float[FRAME];
            for (int k = 0; k < FRAME; k++) frame[k] = random.nextInt(256);
            return frame;
        }

        private float[] stack() {
            float[] stack = new float[STACK * FRAME];
            for (int f = 0; f < STACK; f++) System.arraycopy(frames[f], 0, stack, f * FRAME, FRAME);
            return stack;
        }
    }

    /** Plays episodes into both memories; returns the naive list (all transitions ever added, oldest first). */
    private static List<Naive> play(FrameReplayMemory memory, StackingEnv env, int transitions, SplittableRandom random,
                                    List<Naive> naive, Runnable afterEachEpisode) {
        while (naive.size() < transitions) {
            float[] obs = env.reset();
            int length = 1 + random.nextInt(random.nextBoolean() ? 3 : 30); // many very short episodes too
            for (int t = 0; t < length; t++) {
                float[] next = env.step();
                boolean last = t == length - 1;
                boolean terminated = last && random.nextBoolean(); // otherwise truncated
                int action = random.nextInt(6);
                float reward = (float) random.nextDouble(-1, 1);
                memory.add(obs, action, reward, next, terminated, last);
                naive.add(new Naive(obs, action, reward, next, terminated));
                obs = next;
            }
            afterEachEpisode.run();
        }
        return naive;
    }

    /** Samples with one generator and checks every row against the naive transition a twin generator picks. */
    private static void assertSamplesMatch(FrameReplayMemory memory, List<Naive> naive, long seed) {
        ReplayMemory.Batch batch = new ReplayMemory.Batch(64, STACK * FRAME);
        memory.sample(new NumpyGenerator(seed), batch);
        NumpyGenerator twin = new NumpyGenerator(seed);
        int size = memory.size();
        int stack = STACK * FRAME;
        for (int b = 0; b < batch.size(); b++) {
            Naive expected = naive.get(naive.size() - size + (int) twin.integers(0, size));
            assertArrayEquals(expected.obs, Arrays.copyOfRange(batch.observations(), b * stack, (b + 1) * stack), "obs");
            assertArrayEquals(expected.next, Arrays.copyOfRange(batch.nextObservations(), b * stack, (b + 1) * stack), "next");
            assertEquals(expected.action, batch.actions()[b]);
            assertEquals(expected.reward, batch.rewards()[b]);
            assertEquals(expected.terminated, batch.terminated()[b]);
        }
    }

    @Test
    void sampledStacksEqualNaivelyStoredStacksOverManyEpisodes() {
        for (boolean zeroPadding : new boolean[] {false, true}) {
            for (boolean repeats : new boolean[] {false, true}) {
                FrameReplayMemory memory = new FrameReplayMemory(200, STACK, FRAME);
                SplittableRandom random = new SplittableRandom(zeroPadding ? 11 : 12);
                List<Naive> naive = new ArrayList<>();
                long[] checks = {0};
                play(memory, new StackingEnv(repeats ? 3 : 4, zeroPadding, repeats), 3_000, random, naive, () -> {
                    assertSamplesMatch(memory, naive, checks[0]++);
                });
                assertTrue(checks[0] > 150, "many episodes");
                assertTrue(memory.size() > 150 && memory.size() <= 200, "wrapped around and kept most: " + memory.size());
            }
        }
    }

    @Test
    void everyTransitionIsKeptWhenEpisodesAreLongEnough() {
        // One extra frame per episode fits the ring's ~3 % of spare slots once episodes have ≥ 32 steps.
        FrameReplayMemory memory = new FrameReplayMemory(320, STACK, FRAME);
        StackingEnv env = new StackingEnv(5, false, false);
        List<Naive> naive = new ArrayList<>();
        while (naive.size() < 2_000) {
            float[] obs = env.reset();
            for (int t = 0; t < 40; t++) {
                float[] next = env.step();
                memory.add(obs, 0, 0f, next, false, t == 39);
                naive.add(new Naive(obs, 0, 0f, next, false));
                obs = next;
            }
        }
        assertEquals(320, memory.size());
        assertSamplesMatch(memory, naive, 1);
    }

    @Test
    void checkpointRoundTripContinuesIdentically() throws IOException {
        FrameReplayMemory original = new FrameReplayMemory(150, STACK, FRAME);
        StackingEnv env = new StackingEnv(8, false, true);
        SplittableRandom random = new SplittableRandom(9);
        List<Naive> naive = new ArrayList<>();
        play(original, env, 700, random, naive, () -> {});
        // Stop in the middle of an episode: the restored memory must accept its continuation.
        float[] obs = env.reset();
        float[] next = env.step();
        original.add(obs, 1, 0.5f, next, false, false);
        naive.add(new Naive(obs, 1, 0.5f, next, false));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(bytes));
        FrameReplayMemory restored = new FrameReplayMemory(150, STACK, FRAME);
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(original.size(), restored.size());
        assertTrue(bytes.size() < 150 * (STACK * FRAME * 2), "frames are written once, not per stack: " + bytes.size());
        assertSamplesMatch(restored, naive, 21);

        float[] after = env.step();
        restored.add(next, 2, 1f, after, true, true);
        naive.add(new Naive(next, 2, 1f, after, true));
        assertSamplesMatch(restored, naive, 22);

        FrameReplayMemory wrongSize = new FrameReplayMemory(151, STACK, FRAME);
        assertThrows(IOException.class,
                () -> wrongSize.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void aClearedMemoryStartsFromAnyStackMidEpisode() {
        // After a resume without replay the first stack it sees is in the middle of an episode.
        FrameReplayMemory memory = new FrameReplayMemory(50, STACK, FRAME);
        StackingEnv env = new StackingEnv(13, false, false);
        env.reset();
        env.step();
        float[] obs = env.step(); // [f0, f0, f1, f2]
        memory.clear();
        List<Naive> naive = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            float[] next = env.step();
            memory.add(obs, t % 2, t, next, false, false);
            naive.add(new Naive(obs, t % 2, t, next, false));
            obs = next;
        }
        assertSamplesMatch(memory, naive, 3);
    }

    @Test
    void stacksThatDoNotContinueTheEpisodeAreRefused() {
        FrameReplayMemory memory = new FrameReplayMemory(10, STACK, FRAME);
        StackingEnv env = new StackingEnv(1, false, false);
        float[] obs = env.reset();
        float[] next = env.step();
        float[] unrelated = new StackingEnv(2, false, false).reset();
        IllegalArgumentException notSliding = assertThrows(IllegalArgumentException.class,
                () -> memory.add(obs, 0, 0f, unrelated, false, false));
        assertTrue(notSliding.getMessage().contains("moved on by one frame"), notSliding.getMessage());
        memory.add(obs, 0, 0f, next, false, false);
        // The episode did not end, so the next observation must continue from `next`.
        IllegalArgumentException notContinuing = assertThrows(IllegalArgumentException.class,
                () -> memory.add(unrelated, 0, 0f, unrelated, false, false));
        assertTrue(notContinuing.getMessage().contains("does not continue the episode"), notContinuing.getMessage());
        float[] fractional = obs.clone();
        fractional[FRAME * STACK - 1] = 0.5f;
        FrameReplayMemory fresh = new FrameReplayMemory(10, STACK, FRAME);
        assertThrows(IllegalArgumentException.class, () -> fresh.add(fractional, 0, 0f, fractional, true, true));
    }

    @Test
    void stackIndexArithmeticByHand() {
        // Newest frame 10 at episode position 1 (one step after reset): [9, 9, 9, 10], never before frame 9.
        long[] atPositionOne = new long[STACK];
        for (int j = 0; j < STACK; j++) atPositionOne[j] = FrameReplayMemory.stackFrameIndex(10, 1, STACK, j);
        assertArrayEquals(new long[] {9, 9, 9, 10}, atPositionOne);
        long[] settled = new long[STACK];
        for (int j = 0; j < STACK; j++) settled[j] = FrameReplayMemory.stackFrameIndex(10, 3, STACK, j);
        assertArrayEquals(new long[] {7, 8, 9, 10}, settled);
    }

    @Test
    void atariTransitionsCostAtMost7500Bytes() {
        int frame = 84 * 84;
        // The footprint of the arrays the constructor allocates, computed for the default buffer_size…
        double atMillion = FrameReplayMemory.bytesPerTransition(1_000_000, 4, frame);
        assertTrue(atMillion <= 7_500, atMillion + " bytes per transition at 1M");
        assertTrue(atMillion >= 7_056, "a frame per transition is the floor");
        // …and measured on a real instance: what it allocated, over its capacity.
        FrameReplayMemory memory = new FrameReplayMemory(5_000, 4, frame);
        assertEquals(FrameReplayMemory.footprintBytes(5_000, 4, frame), memory.footprintBytes());
        double perTransition = (double) memory.footprintBytes() / memory.capacity();
        assertTrue(perTransition <= 7_500, perTransition + " bytes per transition at 5,000");
    }

    @Test
    void theReplayIsChosenByTheObservationSpace() {
        assertInstanceOf(FrameReplayMemory.class,
                Replay.forObservationSpace(ConvQNetworkTest.box(new int[] {4, 84, 84}, 255, Space.DType.UINT8), 10));
        assertInstanceOf(ByteReplayMemory.class,
                Replay.forObservationSpace(ConvQNetworkTest.box(new int[] {10, 10, 4}, 1, Space.DType.UINT8), 10));
        assertInstanceOf(ReplayMemory.class,
                Replay.forObservationSpace(ConvQNetworkTest.box(new int[] {4, 84, 84}, 255, Space.DType.FLOAT32), 10));
        assertInstanceOf(ReplayMemory.class, Replay.forObservationSpace(new Space.Discrete(5), 10));
    }
}
