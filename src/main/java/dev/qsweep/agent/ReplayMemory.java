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
    private final int capacity;
    private final int observationSize;
    private final float[] observations;
    private final float[] nextObservations;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private int nextIndex;
    private int size;

    public ReplayMemory(int capacity, int observationSize) {
        if (capacity <= 0 || observationSize <= 0) {
            throw new IllegalArgumentException("capacity and observationSize must be positive");
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        long floats = (long) capacity * observationSize;
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("replay of " + capacity + " × " + observationSize
                    + " floats exceeds one Java array; lower buffer_size");
        }
        this.observations = new float[(int) floats];
        this.nextObservations = new float[(int) floats];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        add(observation, action, reward, nextObservation, isTerminated);
    }

    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated) {
        int i = nextIndex;
        System.arraycopy(observation, 0, observations, i * observationSize, observationSize);
        System.arraycopy(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        actions[i] = action;
        rewards[i] = reward;
        terminated[i] = isTerminated;
        nextIndex = (i + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    @Override
    public void clear() {
        nextIndex = 0;
        size = 0;
    }

    @Override
    public long footprintBytes() {
        return 4L * observations.length + 4L * nextObservations.length + 4L * actions.length + 4L * rewards.length
                + terminated.length;
    }

    @Override
    public long maxStateBytes() {
        return 16 + 8L * capacity * observationSize + 9L * capacity;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Fills {@code batch} with {@code batch.size()} transitions drawn uniformly with replacement. */
    @Override
    public void sample(NumpyGenerator rng, Batch batch) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay memory");
        }
        for (int b = 0; b < batch.size; b++) {
            int i = (int) rng.integers(0, size);
            System.arraycopy(observations, i * observationSize, batch.observations, b * observationSize, observationSize);
            System.arraycopy(nextObservations, i * observationSize, batch.nextObservations, b * observationSize, observationSize);
            batch.actions[b] = actions[i];
            batch.rewards[b] = rewards[i];
            batch.terminated[b] = terminated[i];
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(observationSize);
        out.writeInt(nextIndex);
        out.writeInt(size);
        // Only the filled part; a fresh memory of 1M transitions should not write megabytes of zeros.
        for (int i = 0; i < size * observationSize; i++) {
            out.writeFloat(observations[i]);
        }
        for (int i = 0; i < size * observationSize; i++) {
            out.writeFloat(nextObservations[i]);
        }
        for (int i = 0; i < size; i++) {
            out.writeInt(actions[i]);
            out.writeFloat(rewards[i]);
            out.writeBoolean(terminated[i]);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int savedCapacity = in.readInt();
        int savedObservationSize = in.readInt();
        if (savedCapacity != capacity || savedObservationSize != observationSize) {
            throw new IOException("checkpoint replay memory is " + savedCapacity + "×" + savedObservationSize
                    + " but this run's is " + capacity + "×" + observationSize);
        }
        nextIndex = in.readInt();
        size = in.readInt();
        for (int i = 0; i < size * observationSize; i++) {
            observations[i] = in.readFloat();
        }
        for (int i = 0; i < size * observationSize; i++) {
            nextObservations[i] = in.readFloat();
        }
        for (int i = 0; i < size; i++) {
            actions[i] = in.readInt();
            rewards[i] = in.readFloat();
            terminated[i] = in.readBoolean();
        }
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
