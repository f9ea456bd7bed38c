package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.NStepReturns;
import dev.qsweep.agent.rainbow.PrioritizedSampling;
import dev.qsweep.agent.rainbow.SumTree;
import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How minibatches are drawn from a {@link Replay}: uniformly or in proportion to priorities (a {@link SumTree} indexed
 * by ring slot, Schaul et al. 2016), with one-step or n-step returns.
 *
 * <p><b>n-step.</b> The memories store one-step transitions with their termination and truncation flags; the n-step
 * return of a sampled slot is computed at sample time over the transitions that follow it in the ring
 * ({@link NStepReturns#window}), and its next observation is that of the window's last transition. So the three memories
 * need nothing more than per-slot accessors, and frame replay's next stack is the true state n steps on. A window
 * stops at its episode's end: termination gives discount 0, truncation bootstraps from the cut state. The newest
 * transitions of a running episode, whose n-step return is not known yet, are never sampled (priority 0 in the tree,
 * or outside the uniform range).
 *
 * <p><b>Defaults.</b> With n = 1 and uniform sampling it calls {@link Replay#sample}, today's path, so numbers and
 * generator draws are unchanged.
 */
final class ReplaySampler {
    private final int n;
    private final double gamma;
    /** Null for uniform sampling. */
    private final SumTree tree;
    private final double alpha;
    private final double beta0;
    private final double epsilon;
    private final long totalSteps;
    private final float[] windowRewards;
    private final boolean[] windowTerminated;
    private final boolean[] windowEnded;
    private double[] sampledPriorities = new double[0];

    /**
     * @param prioritized whether to sample by priority ({@code alpha}, {@code beta0}, {@code epsilon} apply only then)
     * @param totalSteps  the run's env steps, over which β rises from {@code beta0} to 1
     */
    ReplaySampler(int capacity, int n, double gamma, boolean prioritized, double alpha, double beta0, double epsilon,
                  long totalSteps) {
        if (n < 1) throw new IllegalArgumentException("n must be ≥ 1, got " + n);
        this.n = n;
        this.gamma = gamma;
        this.tree = prioritized ? new SumTree(capacity) : null;
        this.alpha = alpha;
        this.beta0 = beta0;
        this.epsilon = epsilon;
        this.totalSteps = totalSteps;
        this.windowRewards = new float[n];
        this.windowTerminated = new boolean[n];
        this.windowEnded = new boolean[n];
    }

    boolean prioritized() {
        return tree != null;
    }

    /** Uniform one-step sampling: {@link Replay#sample} as before n-step and priorities existed. */
    boolean plain() {
        return n == 1 && tree == null;
    }

    /** Adds a transition to {@code replay} and keeps the priorities in step with what the memory holds. */
    void add(Replay replay, float[] observation, int action, float reward, float[] nextObservation, boolean terminated,
             boolean episodeEnded) {
        int oldestBefore = replay.oldestSlot();
        int sizeBefore = replay.size();
        replay.add(observation, action, reward, nextObservation, terminated, episodeEnded);
        if (tree == null) {
            return;
        }
        int capacity = replay.capacity();
        // Transitions the memory let go (frame replay drops some before it is full) can no longer be drawn.
        for (int k = 0, dropped = sizeBefore + 1 - replay.size(); k < dropped; k++) {
            tree.set((oldestBefore + k) % capacity, 0);
        }
        int newest = newestSlot(replay);
        tree.set(newest, 0);
        // Only the newest n windows can have just become complete: they enter at the max priority.
        for (int k = 0; k < Math.min(n, replay.size()); k++) {
            int slot = Math.floorMod(newest - k, capacity);
            if (tree.get(slot) == 0 && window(replay, slot).complete()) {
                tree.setToMax(slot);
            }
        }
    }

    /** Whether a batch can be drawn: some stored transition has a known return. */
    boolean canSample(Replay replay) {
        if (tree != null) {
            return tree.total() > 0;
        }
        return replay.size() - pending(replay) > 0;
    }

    /**
     * Fills {@code batch}: observations, actions, returns, discounts, terminations, slots and (prioritized) weights.
     * {@code step} is the env step, for β's schedule.
     */
    void sample(Replay replay, NumpyGenerator rng, ReplayMemory.Batch batch, long step) {
        int size = batch.size();
        if (plain()) {
            replay.sample(rng, batch);
            java.util.Arrays.fill(batch.discounts, 0, size, gamma);
            return;
        }
        if (tree != null) {
            if (sampledPriorities.length < size) sampledPriorities = new double[size];
            tree.sampleStratified(rng, size, batch.slots, sampledPriorities);
            PrioritizedSampling.normalisedWeights(sampledPriorities, size,
                    PrioritizedSampling.beta(beta0, totalSteps, step), batch.weights);
        } else {
            int eligible = replay.size() - pending(replay);
            if (eligible <= 0) {
                throw new IllegalStateException("no stored transition has a complete " + n + "-step return yet");
            }
            for (int b = 0; b < size; b++) {
                batch.slots[b] = (replay.oldestSlot() + (int) rng.integers(0, eligible)) % replay.capacity();
            }
        }
        for (int b = 0; b < size; b++) {
            int slot = batch.slots[b];
            NStepReturns.Window w = window(replay, slot);
            int bootstrapSlot = (slot + w.steps() - 1) % replay.capacity();
            replay.copyTransition(slot, bootstrapSlot, batch, b);
            batch.rewards[b] = (float) w.reward();
            batch.discounts[b] = w.discount();
            batch.terminated[b] = replay.terminated(bootstrapSlot);
        }
    }

    /** Sets the sampled slots' priorities from their TD errors (prioritized replay only). */
    void updatePriorities(ReplayMemory.Batch batch, float[] tdErrors) {
        for (int b = 0; b < batch.size(); b++) {
            tree.set(batch.slots[b], PrioritizedSampling.priority(tdErrors[b], alpha, epsilon));
        }
    }

    /** The n-step window starting at {@code slot}, over the transitions stored after it. */
    NStepReturns.Window window(Replay replay, int slot) {
        int capacity = replay.capacity();
        int available = replay.size() - Math.floorMod(slot - replay.oldestSlot(), capacity);
        for (int k = 0; k < Math.min(n, available); k++) {
            int s = (slot + k) % capacity;
            windowRewards[k] = replay.reward(s);
            windowTerminated[k] = replay.terminated(s);
            windowEnded[k] = replay.episodeEnded(s);
        }
        return NStepReturns.window(n, gamma, windowRewards, windowTerminated, windowEnded, available);
    }

    /** The newest transitions of a running episode, whose n-step return is not known yet (at most n − 1). */
    int pending(Replay replay) {
        int count = 0;
        int capacity = replay.capacity();
        int newest = newestSlot(replay);
        while (count < Math.min(n - 1, replay.size()) && !replay.episodeEnded(Math.floorMod(newest - count, capacity))) {
            count++;
        }
        return count;
    }

    private static int newestSlot(Replay replay) {
        return (replay.oldestSlot() + replay.size() - 1) % replay.capacity();
    }

    /** Forgets the priorities (with a cleared memory). */
    void clear() {
        if (tree != null) tree.clear();
    }

    void writeState(DataOutput out) throws IOException {
        tree.writeState(out);
    }

    void readState(DataInput in) throws IOException {
        tree.readState(in);
    }
}
