package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Uniform experience replay over preallocated primitive arrays: O(1) add, the oldest transition overwritten when
 * full, sampling uniformly with replacement from a seeded generator. Observations are stored raw (as the env gives
 * them), so a Discrete state costs one float, not a one-hot vector.
 *
 * <p>{@code nextObservation} is the true next observation, also at the end of an episode (not the next episode's
 * first observation); {@code terminated} is stored, not truncation, so time-limit cuts still bootstrap.
 */
public final class ReplayMemory implements Replay {
    private final TransitionSlots slots;
    private final int observationSize;
    private final float[] observations;
    private final float[] nextObservations;

    public ReplayMemory(int capacity, int observationSize) {
        this.slots = new TransitionSlots(capacity, observationSize, "floats");
        this.observationSize = observationSize;
        this.observations = new float[slots.observationValues()];
        this.nextObservations = new float[slots.observationValues()];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        add(observation, action, reward, nextObservation, isTerminated);
    }

    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated) {
        int i = slots.nextSlot();
        System.arraycopy(observation, 0, observations, i * observationSize, observationSize);
        System.arraycopy(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        slots.add(action, reward, isTerminated);
    }

    @Override
    public void clear() {
        slots.clear();
    }

    @Override
    public long footprintBytes() {
        return 4L * observations.length + 4L * nextObservations.length + slots.footprintBytes();
    }

    @Override
    public long maxStateBytes() {
        return slots.maxStateBytes(4);
    }

    @Override
    public int size() {
        return slots.size();
    }

    @Override
    public int capacity() {
        return slots.capacity;
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
    public void writeState(DataOutput out) throws IOException {
        slots.writeHeader(out);
        // Only the filled part; a fresh memory of 1M transitions should not write megabytes of zeros.
        int filled = slots.size() * observationSize;
        for (int i = 0; i < filled; i++) {
            out.writeFloat(observations[i]);
        }
        for (int i = 0; i < filled; i++) {
            out.writeFloat(nextObservations[i]);
        }
        slots.writeScalars(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        slots.readHeader(in);
        int filled = slots.size() * observationSize;
        for (int i = 0; i < filled; i++) {
            observations[i] = in.readFloat();
        }
        for (int i = 0; i < filled; i++) {
            nextObservations[i] = in.readFloat();
        }
        slots.readScalars(in);
    }

    /** A reusable batch of transitions, laid out row-major for the network. */
    public static final class Batch {
        final int size;
        final float[] observations;
        final float[] nextObservations;
        final int[] actions;
        final float[] rewards;
        final boolean[] terminated;

        public Batch(int size, int observationSize) {
            this.size = size;
            this.observations = new float[size * observationSize];
            this.nextObservations = new float[size * observationSize];
            this.actions = new int[size];
            this.rewards = new float[size];
            this.terminated = new boolean[size];
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
