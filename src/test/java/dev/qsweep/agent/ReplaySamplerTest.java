package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.rng.NumpyGenerator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * n-step returns and prioritized sampling on every replay memory, against returns and frequencies worked out by hand.
 */
class ReplaySamplerTest {
    private static final double GAMMA = 0.5;

    /** What a sampled row must hold for the transition whose observation is {@code key}. */
    private record Expected(float reward, double discount, float nextKey, boolean terminated, int action) {}

    /**
     * Three episodes, n = 3, γ = 0.5 (observation values are the keys; action = key + 1):
     * A: 0→1→2→3→4→5, rewards 1..5, terminated at the end; B: 10→11→12→13, rewards 10, 20, 30, truncated;
     * C: 20→21→22, rewards 100, 200, still running, so its two returns are not known yet.
     */
    private static final Map<Float, Expected> EXPECTED = Map.of(
            0f, new Expected(1 + 0.5f * 2 + 0.25f * 3, 0.125, 3, false, 1),   // 2.75
            1f, new Expected(2 + 0.5f * 3 + 0.25f * 4, 0.125, 4, false, 2),   // 4.5
            2f, new Expected(3 + 0.5f * 4 + 0.25f * 5, 0.0, 5, true, 3),      // 6.25, terminates inside
            3f, new Expected(4 + 0.5f * 5, 0.0, 5, true, 4),                   // 6.5
            4f, new Expected(5, 0.0, 5, true, 5),
            10f, new Expected(10 + 0.5f * 20 + 0.25f * 30, 0.125, 13, false, 11), // 27.5, the cut bootstraps
            11f, new Expected(20 + 0.5f * 30, 0.25, 13, false, 12),               // 35
            12f, new Expected(30, 0.5, 13, false, 13));

    /** Adds the episodes; {@code stack} turns a value into the observation the memory stores. */
    private static void addEpisodes(ReplaySampler sampler, Replay replay, IntFunction<float[][]> stack) {
        int[][] episodes = {{0, 1, 2, 3, 4, 5}, {10, 11, 12, 13}, {20, 21, 22}};
        float[][] rewards = {{1, 2, 3, 4, 5}, {10, 20, 30}, {100, 200}};
        for (int e = 0; e < episodes.length; e++) {
            int[] values = episodes[e];
            float[][] stacks = stack.apply(e); // one observation per value of the episode
            for (int t = 0; t + 1 < values.length; t++) {
                boolean last = t + 2 == values.length;
                boolean terminated = last && e == 0;
                boolean ended = last && e < 2;
                sampler.add(replay, stacks[t], values[t] + 1, rewards[e][t], stacks[t + 1], terminated, ended);
            }
        }
    }

    private static final int[][] VALUES = {{0, 1, 2, 3, 4, 5}, {10, 11, 12, 13}, {20, 21, 22}};

    /** Plain observations: one value. */
    private static float[][] plain(int episode) {
        int[] values = VALUES[episode];
        float[][] out = new float[values.length][];
        for (int t = 0; t < values.length; t++) out[t] = new float[] {values[t]};
        return out;
    }

    /** Two-frame stacks of one-value frames, the reset frame repeated as Gymnasium pads. */
    private static float[][] stacked(int episode) {
        int[] values = VALUES[episode];
        float[][] out = new float[values.length][];
        for (int t = 0; t < values.length; t++) out[t] = new float[] {values[Math.max(0, t - 1)], values[t]};
        return out;
    }

    private static void assertRowsMatchHandComputedReturns(Replay replay, IntFunction<float[][]> stacks, int width) {
        ReplaySampler sampler = new ReplaySampler(replay.capacity(), 3, GAMMA, false, 0, 0, 0, 0);
        addEpisodes(sampler, replay, stacks);
        assertEquals(10, replay.size());
        assertEquals(2, sampler.pending(replay), "C's two transitions wait for their third step or episode end");
        ReplayMemory.Batch batch = new ReplayMemory.Batch(400, width);
        sampler.sample(replay, new NumpyGenerator(4), batch, 0);
        Set<Float> seen = new HashSet<>();
        for (int b = 0; b < batch.size(); b++) {
            float key = batch.observations()[b * width + width - 1];
            Expected expected = EXPECTED.get(key);
            assertTrue(expected != null, "sampled " + key + ", whose 3-step return is not known yet");
            assertEquals(expected.reward(), batch.rewards()[b], "reward of " + key);
            assertEquals(expected.discount(), batch.discounts()[b], "discount of " + key);
            assertEquals(expected.nextKey(), batch.nextObservations()[b * width + width - 1], "bootstrap state of " + key);
            assertEquals(expected.terminated(), batch.terminated()[b], "terminated of " + key);
            assertEquals(expected.action(), batch.actions()[b], "action of " + key);
            assertEquals(1f, batch.weights()[b]);
            seen.add(key);
        }
        assertEquals(EXPECTED.keySet(), seen, "uniform over the eight known returns");
    }

    @Test
    void nStepReturnsOnVectorReplay() {
        assertRowsMatchHandComputedReturns(new ReplayMemory(16, 1), ReplaySamplerTest::plain, 1);
    }

    @Test
    void nStepReturnsOnByteReplay() {
        assertRowsMatchHandComputedReturns(new ByteReplayMemory(16, 1), ReplaySamplerTest::plain, 1);
    }

    @Test
    void nStepReturnsOnFrameReplayRebuildTheStackNStepsOn() {
        FrameReplayMemory replay = new FrameReplayMemory(16, 2, 1);
        assertRowsMatchHandComputedReturns(replay, ReplaySamplerTest::stacked, 2);
        // The n-th next stack is the real one: [2, 3] for A0 (frames two and three steps on), [12, 13] for B0.
        ReplaySampler sampler = new ReplaySampler(16, 3, GAMMA, false, 0, 0, 0, 0);
        ReplayMemory.Batch one = new ReplayMemory.Batch(1, 2);
        replay.copyTransition(replay.oldestSlot(), replay.oldestSlot() + sampler.window(replay, replay.oldestSlot()).steps() - 1, one, 0);
        assertEquals(2f, one.nextObservations()[0]);
        assertEquals(3f, one.nextObservations()[1]);
        assertEquals(0f, one.observations()[0], "the first stack repeats the reset frame");
    }

    @Test
    void nStepReturnsSurviveTheRingWrappingAround() {
        // Capacity 8 of 10 transitions: A0 and A1 are overwritten by C, A2… remain and keep their windows.
        ReplayMemory replay = new ReplayMemory(8, 1);
        ReplaySampler sampler = new ReplaySampler(8, 3, GAMMA, false, 0, 0, 0, 0);
        addEpisodes(sampler, replay, ReplaySamplerTest::plain);
        assertEquals(8, replay.size());
        ReplayMemory.Batch batch = new ReplayMemory.Batch(300, 1);
        sampler.sample(replay, new NumpyGenerator(5), batch, 0);
        Set<Float> seen = new HashSet<>();
        for (int b = 0; b < batch.size(); b++) {
            float key = batch.observations()[b];
            assertEquals(EXPECTED.get(key).reward(), batch.rewards()[b], "reward of " + key);
            assertEquals(EXPECTED.get(key).nextKey(), batch.nextObservations()[b], "bootstrap state of " + key);
            seen.add(key);
        }
        assertEquals(Set.of(2f, 3f, 4f, 10f, 11f, 12f), seen);
    }

    @Test
    void oneStepUniformSamplingIsTodaysPath() {
        ReplayMemory a = new ReplayMemory(8, 1);
        ReplayMemory b = new ReplayMemory(8, 1);
        ReplaySampler sampler = new ReplaySampler(8, 1, 0.99, false, 0, 0, 0, 0);
        for (int t = 0; t < 12; t++) {
            sampler.add(a, new float[] {t}, t % 3, t, new float[] {t + 1}, t % 5 == 4, t % 5 == 4);
            b.add(new float[] {t}, t % 3, t, new float[] {t + 1}, t % 5 == 4, t % 5 == 4);
        }
        ReplayMemory.Batch viaSampler = new ReplayMemory.Batch(64, 1);
        ReplayMemory.Batch direct = new ReplayMemory.Batch(64, 1);
        sampler.sample(a, new NumpyGenerator(9), viaSampler, 0);
        b.sample(new NumpyGenerator(9), direct);
        assertEquals(java.util.Arrays.toString(direct.observations()), java.util.Arrays.toString(viaSampler.observations()));
        assertEquals(java.util.Arrays.toString(direct.rewards()), java.util.Arrays.toString(viaSampler.rewards()));
        for (double discount : viaSampler.discounts()) assertEquals(0.99, discount);
    }

    @Test
    void prioritizedSamplingFollowsThePriorities() {
        ReplayMemory replay = new ReplayMemory(4, 1);
        // α = 1, ε = 0: the priority is |δ| itself.
        ReplaySampler sampler = new ReplaySampler(4, 1, GAMMA, true, 1.0, 0.4, 0.0, 100);
        for (int t = 0; t < 4; t++) {
            sampler.add(replay, new float[] {t}, 0, 0, new float[] {t + 1}, false, false);
        }
        ReplayMemory.Batch update = new ReplayMemory.Batch(4, 1);
        for (int k = 0; k < 4; k++) update.slots[k] = k;
        sampler.updatePriorities(update, new float[] {1, -2, 3, -4}); // priorities 1, 2, 3, 4 of total 10

        ReplayMemory.Batch single = new ReplayMemory.Batch(1, 1);
        NumpyGenerator rng = new NumpyGenerator(11);
        int draws = 100_000;
        int[] counts = new int[4];
        for (int d = 0; d < draws; d++) {
            sampler.sample(replay, rng, single, 0);
            counts[(int) single.observations()[0]]++;
            assertEquals(1f, single.weights()[0], "a batch of one is its own max");
        }
        for (int slot = 0; slot < 4; slot++) {
            double p = (slot + 1) / 10.0;
            double sigma = Math.sqrt(draws * p * (1 - p));
            assertEquals(draws * p, counts[slot], 5 * sigma, "draws of slot " + slot + ": " + counts[slot]);
        }

        // Weights of a batch: (p_min / p_i)^β with β = 0.4 + 0.6 · 50/100 = 0.7 at step 50.
        ReplayMemory.Batch batch = new ReplayMemory.Batch(4, 1);
        sampler.sample(replay, rng, batch, 50);
        double smallest = Double.MAX_VALUE;
        for (int b = 0; b < 4; b++) smallest = Math.min(smallest, batch.slots()[b] + 1);
        for (int b = 0; b < 4; b++) {
            double priority = batch.slots()[b] + 1;
            assertEquals((float) Math.pow(smallest / priority, 0.7), batch.weights()[b], 1e-7, "weight of row " + b);
        }
    }

    @Test
    void newTransitionsEnterAtTheMaxPriorityOnceTheirReturnIsKnown() {
        ReplayMemory replay = new ReplayMemory(16, 1);
        ReplaySampler sampler = new ReplaySampler(16, 3, GAMMA, true, 0.6, 0.4, 1e-6, 100);
        addEpisodes(sampler, replay, ReplaySamplerTest::plain);
        ReplayMemory.Batch all = new ReplayMemory.Batch(8, 1);
        for (int k = 0; k < 8; k++) all.slots[k] = k;
        float[] errors = {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f};
        sampler.updatePriorities(all, errors); // A and B now well below the max (1)

        ReplayMemory.Batch batch = new ReplayMemory.Batch(256, 1);
        sampler.sample(replay, new NumpyGenerator(2), batch, 0);
        for (int b = 0; b < batch.size(); b++) {
            assertTrue(batch.observations()[b] < 20, "C's returns are not known yet: priority 0");
        }
        // C terminates: its three transitions enter at the max priority 1 and take most of the draws.
        sampler.add(replay, new float[] {22}, 23, 300, new float[] {23}, true, true);
        sampler.sample(replay, new NumpyGenerator(2), batch, 0);
        Map<Float, Integer> counts = new HashMap<>();
        for (int b = 0; b < batch.size(); b++) counts.merge(batch.observations()[b], 1, Integer::sum);
        double low = Math.pow(0.1 + 1e-6, 0.6);
        double expectedShareOfC = 3 / (3 + 8 * low);
        int drawsOfC = counts.getOrDefault(20f, 0) + counts.getOrDefault(21f, 0) + counts.getOrDefault(22f, 0);
        assertEquals(expectedShareOfC * 256, drawsOfC, 3, "stratified draws are within one per segment boundary");
        assertFalse(counts.containsKey(23f));
    }
}
