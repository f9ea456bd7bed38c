package dev.qsweep.agent.rainbow;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NStepReturnsTest {

    private static float[] obs(int id) {
        return new float[] {id};
    }

    private static void assertTransition(NStepReturns.Transition t, int obs, double reward, double discount,
                                         int nextObs, int steps, boolean terminated) {
        String where = "transition from obs " + obs;
        assertEquals(obs, t.observation()[0], where);
        assertEquals(reward, t.reward(), 1e-12, where);
        assertEquals(discount, t.discount(), 1e-15, where);
        assertEquals(nextObs, t.nextObservation()[0], where);
        assertEquals(steps, t.steps(), where);
        assertEquals(terminated, t.terminated(), where);
    }

    /** n = 3, γ = 0.5, rewards 1, 2, 4, 8, 16; the fifth step ends the episode. */
    private static List<NStepReturns.Transition> episode(boolean terminated) {
        NStepReturns acc = new NStepReturns(3, 0.5);
        assertTrue(acc.add(obs(0), 0, 1, obs(1), false, false).isEmpty());
        assertTrue(acc.add(obs(1), 1, 2, obs(2), false, false).isEmpty());
        List<NStepReturns.Transition> out = new ArrayList<>(acc.add(obs(2), 2, 4, obs(3), false, false));
        assertEquals(1, out.size());
        out.addAll(acc.add(obs(3), 3, 8, obs(4), false, false));
        assertEquals(2, out.size());
        List<NStepReturns.Transition> end = acc.add(obs(4), 0, 16, obs(5), terminated, !terminated);
        assertEquals(3, end.size(), "the episode end flushes every waiting step");
        assertEquals(0, acc.waiting());
        out.addAll(end);
        return out;
    }

    @Test
    void fullWindowsSumNDiscountedRewardsAndBootstrapWithGammaToTheN() {
        List<NStepReturns.Transition> t = episode(true);
        assertTransition(t.get(0), 0, 1 + 0.5 * 2 + 0.25 * 4, 0.125, 3, 3, false); // 3
        assertTransition(t.get(1), 1, 2 + 0.5 * 4 + 0.25 * 8, 0.125, 4, 3, false); // 6
    }

    @Test
    void terminationCutsTheSumAndDoesNotBootstrap() {
        List<NStepReturns.Transition> t = episode(true);
        assertTransition(t.get(2), 2, 4 + 0.5 * 8 + 0.25 * 16, 0.0, 5, 3, true); // 12
        assertTransition(t.get(3), 3, 8 + 0.5 * 16, 0.0, 5, 2, true);             // 16
        assertTransition(t.get(4), 4, 16, 0.0, 5, 1, true);
        for (NStepReturns.Transition x : t.subList(2, 5)) assertTrue(x.episodeEnded());
    }

    @Test
    void truncationCutsTheSumButBootstrapsFromTheStateWhereItWasCut() {
        List<NStepReturns.Transition> t = episode(false);
        assertTransition(t.get(2), 2, 12, 0.125, 5, 3, false);
        assertTransition(t.get(3), 3, 16, 0.25, 5, 2, false);
        assertTransition(t.get(4), 4, 16, 0.5, 5, 1, false);
    }

    @Test
    void actionsTravelWithTheirObservations() {
        List<NStepReturns.Transition> t = episode(true);
        int[] actions = t.stream().mapToInt(NStepReturns.Transition::action).toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 0}, actions);
    }

    @Test
    void anEpisodeShorterThanNIsFlushedWhole() {
        NStepReturns acc = new NStepReturns(3, 0.9);
        assertTrue(acc.add(obs(0), 0, 1, obs(1), false, false).isEmpty());
        List<NStepReturns.Transition> t = acc.add(obs(1), 0, 1, obs(2), false, true);
        assertEquals(2, t.size());
        assertTransition(t.get(0), 0, 1.9, 0.81, 2, 2, false);
        assertTransition(t.get(1), 1, 1.0, 0.9, 2, 1, false);
        // the next episode starts clean
        assertTrue(acc.add(obs(10), 0, 5, obs(11), false, false).isEmpty());
        assertEquals(1, acc.waiting());
    }

    @Test
    void nOneIsTheOneStepTransition() {
        NStepReturns acc = new NStepReturns(1, 0.99);
        assertTransition(acc.add(obs(0), 1, 2.5, obs(1), false, false).get(0), 0, 2.5, 0.99, 1, 1, false);
        assertTransition(acc.add(obs(1), 1, -1, obs(2), true, false).get(0), 1, -1, 0.0, 2, 1, true);
    }

    @Test
    void observationsAreCopied() {
        NStepReturns acc = new NStepReturns(2, 0.5);
        float[] reused = {7};
        acc.add(reused, 0, 1, obs(8), false, false);
        reused[0] = 99;
        assertEquals(7, acc.add(obs(8), 0, 1, obs(9), false, false).get(0).observation()[0]);
    }

    @Test
    void aRestoredAccumulatorContinuesIdentically() throws IOException {
        NStepReturns original = new NStepReturns(4, 0.97);
        for (int t = 0; t < 6; t++) original.add(new float[] {t, -t}, t % 3, t * 0.5, new float[] {t + 1, -t - 1}, false, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(bytes));
        NStepReturns restored = new NStepReturns(4, 0.97);
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(original.waiting(), restored.waiting());
        for (int t = 6; t < 9; t++) {
            List<NStepReturns.Transition> a = original.add(new float[] {t, -t}, 1, t, new float[] {t + 1, -t - 1}, false, t == 8);
            List<NStepReturns.Transition> b = restored.add(new float[] {t, -t}, 1, t, new float[] {t + 1, -t - 1}, false, t == 8);
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                assertArrayEquals(a.get(k).observation(), b.get(k).observation());
                assertEquals(a.get(k).action(), b.get(k).action());
                assertEquals(Double.doubleToRawLongBits(a.get(k).reward()), Double.doubleToRawLongBits(b.get(k).reward()));
                assertEquals(a.get(k).discount(), b.get(k).discount());
                assertArrayEquals(a.get(k).nextObservation(), b.get(k).nextObservation());
            }
        }
        NStepReturns otherN = new NStepReturns(3, 0.97);
        assertThrows(IOException.class,
                () -> otherN.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NStepReturns(0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new NStepReturns(3, 1.5));
    }

    @Test
    void theSampleTimeWindowByHand() {
        float[] rewards = {1, 2, 4, 8};
        boolean[] no = new boolean[4];
        assertEquals(new NStepReturns.Window(3, 0.125, 3, true), NStepReturns.window(3, 0.5, rewards, no, no, 4));
        assertEquals(new NStepReturns.Window(1 + 0.5 * 2, 0.25, 2, false), NStepReturns.window(3, 0.5, rewards, no, no, 2),
                "two successors known, the episode goes on: not complete");
        boolean[] endsAtSecond = {false, true, false, false};
        assertEquals(new NStepReturns.Window(2, 0.0, 2, true),
                NStepReturns.window(3, 0.5, rewards, endsAtSecond, endsAtSecond, 4), "terminated: no bootstrap");
        assertEquals(new NStepReturns.Window(2, 0.25, 2, true),
                NStepReturns.window(3, 0.5, rewards, no, endsAtSecond, 4), "truncated: bootstraps");
    }

    /** For a stream with every kind of episode end, the sample-time window equals what the accumulator emits. */
    @Test
    void theSampleTimeWindowEqualsTheAccumulator() {
        int steps = 40;
        NumpyGenerator rng = new NumpyGenerator(12);
        float[] rewards = new float[steps];
        boolean[] terminated = new boolean[steps];
        boolean[] ended = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            rewards[t] = (float) rng.uniform(-1, 1);
            double u = rng.random();
            terminated[t] = u < 0.1;
            ended[t] = terminated[t] || u > 0.9;
        }
        for (int n = 1; n <= 5; n++) {
            NStepReturns acc = new NStepReturns(n, 0.9);
            List<NStepReturns.Transition> emitted = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                emitted.addAll(acc.add(obs(t), 0, rewards[t], obs(t + 1), terminated[t], ended[t] && !terminated[t]));
            }
            int complete = 0;
            for (int t = 0; t < steps; t++) {
                int available = steps - t;
                NStepReturns.Window w = NStepReturns.window(n, 0.9, Arrays.copyOfRange(rewards, t, steps),
                        Arrays.copyOfRange(terminated, t, steps), Arrays.copyOfRange(ended, t, steps), available);
                if (!w.complete()) continue;
                NStepReturns.Transition e = emitted.get(complete++);
                assertEquals(t, (int) e.observation()[0], "n " + n);
                assertEquals(e.reward(), w.reward(), 0.0, "n " + n + ", t " + t);
                assertEquals(e.discount(), w.discount(), 0.0, "n " + n + ", t " + t);
                assertEquals(e.steps(), w.steps(), "n " + n + ", t " + t);
            }
            assertEquals(emitted.size(), complete, "n " + n + ": the same transitions are complete");
        }
    }

    // ---------------------------------------------------------------- frame replay's index math

    @Test
    void stackFramesAfterMStepsByHand() {
        // mid-episode, position capped at 3: the next state's stack is the window moved on by one frame
        assertArrayEquals(new long[] {98, 99, 100, 101}, NStepReturns.stackFramesAfter(100, 3, 1, 4));
        assertArrayEquals(new long[] {100, 101, 102, 103}, NStepReturns.stackFramesAfter(100, 3, 3, 4));
        // the episode's first stack (frame 10 at position 0): two steps on, the first frame still pads the stack
        assertArrayEquals(new long[] {10, 10, 11, 12}, NStepReturns.stackFramesAfter(10, 0, 2, 4));
        assertArrayEquals(new long[] {10, 10, 10, 10}, NStepReturns.stackFramesAfter(10, 0, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> NStepReturns.stackFramesAfter(10, 4, 1, 4));
    }

    /**
     * Against the stacks an agent sees: an episode's frames f_0..f_T stored from global index s (frame k at s + k,
     * Gymnasium's reset padding: the stack at step t is f_max(0, t−3) .. f_t). For every t and m, the indices for the
     * state m steps after t must name exactly the frames of the stack at t + m.
     */
    @Test
    void stackFramesAfterMatchTheFrameStacksOfAnEpisode() {
        int stack = 4;
        long start = 1_000;
        int length = 12;
        for (int t = 0; t < length; t++) {
            int position = Math.min(t, stack - 1);
            for (int m = 0; t + m < length && m <= 5; m++) {
                long[] frames = NStepReturns.stackFramesAfter(start + t, position, m, stack);
                for (int j = 0; j < stack; j++) {
                    long expectedFrame = start + Math.max(0, t + m - (stack - 1 - j));
                    assertEquals(expectedFrame, frames[j], "t " + t + ", m " + m + ", element " + j);
                }
            }
        }
    }
}
