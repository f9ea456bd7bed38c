package dev.qsweep.agent.rainbow;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the stream of one-step experience into n-step transitions: for the step taken at t it emits
 * {@code (obs_t, a_t, R = Σ_{k<m} γ^k r_{t+k}, discount, obs_{t+m})} with m = n, or fewer steps when the episode ends
 * first (the sum is cut there). The discount to bootstrap with is γ^m, or 0 when the episode terminated (a terminal
 * state has no value); a truncated episode (time limit) bootstraps from the observation where it was cut. When an
 * episode ends, every step still waiting is emitted with its shortened sum. With n = 1 this is the one-step
 * transition with discount γ (or 0).
 *
 * <p>The return is summed oldest reward first in double ({@code R += γ^k·r; γ^k *= γ}), so γ^m is the same running
 * product the sum used. Observations are copied on {@link #add}. Not thread-safe.
 */
public final class NStepReturns {

    /** One n-step transition; {@code steps} = m, {@code terminated}: the episode terminated within them. */
    public record Transition(float[] observation, int action, double reward, double discount, float[] nextObservation,
                             int steps, boolean terminated, boolean episodeEnded) {
    }

    private final int n;
    private final double gamma;
    // The steps waiting for their n-th successor, oldest first (a ring of n).
    private final float[][] observations;
    private final int[] actions;
    private final double[] rewards;
    private int oldest;
    private int waiting;

    public NStepReturns(int n, double gamma) {
        if (n < 1) throw new IllegalArgumentException("n must be ≥ 1, got " + n);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        this.n = n;
        this.gamma = gamma;
        this.observations = new float[n][];
        this.actions = new int[n];
        this.rewards = new double[n];
    }

    public int n() {
        return n;
    }

    /** Steps seen but not yet emitted (fewer than n; 0 right after an episode end). */
    public int waiting() {
        return waiting;
    }

    /**
     * One environment step {@code obs --action--> (reward, nextObservation, terminated, truncated)}; returns the
     * transitions it completes, oldest first: none while fewer than n steps wait, one in the middle of an episode,
     * every waiting one at its end.
     */
    public List<Transition> add(float[] observation, int action, double reward, float[] nextObservation,
                                boolean terminated, boolean truncated) {
        int slot = (oldest + waiting) % n;
        observations[slot] = observation.clone();
        actions[slot] = action;
        rewards[slot] = reward;
        waiting++;
        List<Transition> out = new ArrayList<>(1);
        if (terminated || truncated) {
            while (waiting > 0) {
                out.add(emitOldest(nextObservation, terminated, true));
            }
            oldest = 0;
        } else if (waiting == n) {
            out.add(emitOldest(nextObservation, false, false));
        }
        return out;
    }

    private Transition emitOldest(float[] nextObservation, boolean terminated, boolean episodeEnded) {
        double sum = 0;
        double discount = 1;
        for (int k = 0; k < waiting; k++) {
            sum += discount * rewards[(oldest + k) % n];
            discount *= gamma;
        }
        Transition t = new Transition(observations[oldest], actions[oldest], sum, terminated ? 0.0 : discount,
                nextObservation.clone(), waiting, terminated, episodeEnded);
        observations[oldest] = null;
        oldest = (oldest + 1) % n;
        waiting--;
        return t;
    }

    /** Drops the waiting steps (e.g. a run restarted its episode without ending it). */
    public void clear() {
        for (int k = 0; k < n; k++) observations[k] = null;
        oldest = 0;
        waiting = 0;
    }

    /** n, γ and the waiting steps oldest first (observation, action, reward). */
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(n);
        out.writeDouble(gamma);
        out.writeInt(waiting);
        for (int k = 0; k < waiting; k++) {
            int slot = (oldest + k) % n;
            float[] observation = observations[slot];
            out.writeInt(observation.length);
            for (float v : observation) out.writeFloat(v);
            out.writeInt(actions[slot]);
            out.writeDouble(rewards[slot]);
        }
    }

    public void readState(DataInput in) throws IOException {
        int savedN = in.readInt();
        double savedGamma = in.readDouble();
        if (savedN != n || Double.doubleToLongBits(savedGamma) != Double.doubleToLongBits(gamma)) {
            throw new IOException("checkpoint n-step accumulator is n=" + savedN + ", gamma=" + savedGamma
                    + " but this run's is n=" + n + ", gamma=" + gamma);
        }
        int savedWaiting = in.readInt();
        if (savedWaiting < 0 || savedWaiting >= n) throw new IOException("corrupt n-step accumulator: " + savedWaiting + " waiting");
        clear();
        for (int k = 0; k < savedWaiting; k++) {
            int length = in.readInt();
            if (length < 0) throw new IOException("corrupt n-step accumulator: observation length " + length);
            float[] observation = new float[length];
            for (int i = 0; i < length; i++) observation[i] = in.readFloat();
            observations[k] = observation;
            actions[k] = in.readInt();
            rewards[k] = in.readDouble();
        }
        waiting = savedWaiting;
    }

    /** The n-step return of one stored transition computed at sample time; {@code complete} false: not yet known. */
    public record Window(double reward, double discount, int steps, boolean complete) {
    }

    /**
     * The same n-step return computed at sample time from one-step transitions stored in order (Dopamine's way; frame
     * replay needs it, because an n-step transition's next observation is not its observation's stack moved on by
     * one frame, so it cannot be stored as one). Element k of the arrays describes the transition k steps after
     * the sampled one ({@code k < available}); the sum stops at the first that terminated or ended its episode.
     * When fewer than n are available and none ended the episode, the return is not known yet: {@code complete} is
     * false and the transition must not be sampled (give it priority 0 until it is). Equal to what {@link #add}
     * emits for the same steps.
     */
    public static Window window(int n, double gamma, float[] rewards, boolean[] terminated, boolean[] episodeEnded,
                                int available) {
        double sum = 0;
        double discount = 1;
        for (int k = 0; k < Math.min(n, available); k++) {
            sum += discount * rewards[k];
            discount *= gamma;
            if (terminated[k]) return new Window(sum, 0.0, k + 1, true);
            if (episodeEnded[k]) return new Window(sum, discount, k + 1, true);
        }
        return available >= n ? new Window(sum, discount, n, true) : new Window(sum, discount, available, false);
    }

    /**
     * Frame replay ({@code dev.qsweep.agent.FrameReplayMemory}) stores each frame once and rebuilds a stack from its
     * newest frame g and g's position in its episode (capped at stack − 1): element j, oldest first, is frame
     * {@code g − min(stack − 1 − j, position)}. Within an episode every step adds exactly one frame (the final
     * observation included), so the state m steps after the one whose newest frame is g has newest frame g + m at
     * position {@code min(position + m, stack − 1)}. Returns the frame indices of that stack, oldest first; with m = 1
     * they are the one-step next observation's.
     */
    public static long[] stackFramesAfter(long newestFrame, int position, int steps, int stackSize) {
        if (steps < 0 || position < 0 || position >= stackSize) {
            throw new IllegalArgumentException("need steps ≥ 0 and 0 ≤ position < stack, got steps " + steps
                    + ", position " + position + ", stack " + stackSize);
        }
        long newest = newestFrame + steps;
        int newestPosition = (int) Math.min((long) position + steps, stackSize - 1);
        long[] frames = new long[stackSize];
        for (int j = 0; j < stackSize; j++) {
            frames[j] = newest - Math.min(stackSize - 1 - j, newestPosition);
        }
        return frames;
    }
}
