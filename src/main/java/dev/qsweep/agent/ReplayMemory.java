package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Uniform experience replay over preallocated primitive arrays: O(1) add, the oldest transition overwritten when
 * full, sampling uniformly with replacement from a seeded generator. Observations are stored raw (as the env gives
 * them), so a Discrete state costs one float, not a one-hot vector.
 *
 * <p>{@code nextObservation} is the true next observation, also at the end of an episode (not the next episode's
 * first observation); {@code terminated} is stored, not truncation, so time-limit cuts still bootstrap.
 */
public final class ReplayMemory extends SlotReplay {
    private final float[] observations;
    private final float[] nextObservations;

    public ReplayMemory(int capacity, int observationSize) {
        super(new TransitionSlots(capacity, observationSize, "floats", 4), observationSize);
        this.observations = new float[slots.observationValues()];
        this.nextObservations = new float[slots.observationValues()];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        int i = slots.nextSlot();
        System.arraycopy(observation, 0, observations, i * observationSize, observationSize);
        System.arraycopy(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        slots.add(action, reward, isTerminated, episodeEnded);
    }

    /** A transition whose episode ends only if it terminated. */
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated) {
        add(observation, action, reward, nextObservation, isTerminated, isTerminated);
    }

    @Override
    public void copyTransition(int slot, int bootstrapSlot, Batch batch, int row) {
        batch.actions[row] = slots.action(slot);
        System.arraycopy(observations, slot * observationSize, batch.observations, row * observationSize, observationSize);
        System.arraycopy(nextObservations, bootstrapSlot * observationSize, batch.nextObservations,
                row * observationSize, observationSize);
    }

    @Override
    public long footprintBytes() {
        return 4L * observations.length + 4L * nextObservations.length + slots.footprintBytes();
    }

    /** Fills {@code batch} with {@code batch.size()} transitions drawn uniformly with replacement. */
    @Override
    public void sample(NumpyGenerator rng, Batch batch) {
        for (int b = 0; b < batch.size; b++) {
            int i = slots.sampleInto(rng, batch, b);
            System.arraycopy(observations, i * observationSize, batch.observations, b * observationSize, observationSize);
            System.arraycopy(nextObservations, i * observationSize, batch.nextObservations, b * observationSize, observationSize);
        }
    }

    @Override
    public void writeChunk(int chunk, DataOutput out) throws IOException {
        int from = slots.chunkStart(chunk) * observationSize;
        int to = from + slots.chunkFilledSlots(chunk) * observationSize;
        for (int i = from; i < to; i++) {
            out.writeFloat(observations[i]);
        }
        for (int i = from; i < to; i++) {
            out.writeFloat(nextObservations[i]);
        }
        slots.writeChunkScalars(chunk, out);
    }

    @Override
    public void readChunk(int chunk, DataInput in) throws IOException {
        zeroChunk(chunk);
        int from = slots.chunkStart(chunk) * observationSize;
        int to = from + slots.chunkFilledSlots(chunk) * observationSize;
        for (int i = from; i < to; i++) {
            observations[i] = in.readFloat();
        }
        for (int i = from; i < to; i++) {
            nextObservations[i] = in.readFloat();
        }
        slots.readChunkScalars(chunk, in);
    }

    @Override
    public void zeroChunk(int chunk) {
        int from = slots.chunkStart(chunk) * observationSize;
        int to = from + slots.chunkSlots(chunk) * observationSize;
        Arrays.fill(observations, from, to, 0f);
        Arrays.fill(nextObservations, from, to, 0f);
        slots.zeroChunkScalars(chunk);
    }

    /** A reusable batch of transitions, laid out row-major for the network. */
    public static final class Batch {
        final int size;
        final float[] observations;
        final float[] nextObservations;
        final int[] actions;
        final float[] rewards;
        final boolean[] terminated;
        /** Bootstrap discount of each row (gamma^steps of its n-step window); filled by {@link ReplaySampler}. */
        final double[] discounts;
        /** Ring slot of each row, for priority updates; filled by {@link ReplaySampler}. */
        final int[] slots;
        /** Importance-sampling weight of each row under prioritized replay; all ones otherwise. */
        final float[] weights;

        public Batch(int size, int observationSize) {
            this.size = size;
            this.observations = new float[size * observationSize];
            this.nextObservations = new float[size * observationSize];
            this.actions = new int[size];
            this.rewards = new float[size];
            this.terminated = new boolean[size];
            this.discounts = new double[size];
            this.slots = new int[size];
            this.weights = new float[size];
            Arrays.fill(weights, 1f);
        }

        public double[] discounts() {
            return discounts;
        }

        public int[] slots() {
            return slots;
        }

        public float[] weights() {
            return weights;
        }

        public int size() {
            return size;
        }

        public float[] observations() {
            return observations;
        }

        public float[] nextObservations() {
            return nextObservations;
        }

        public int[] actions() {
            return actions;
        }

        public float[] rewards() {
            return rewards;
        }

        public boolean[] terminated() {
            return terminated;
        }
    }
}
