package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@link ReplayMemory} for uint8 observations (MinAtar's 0/1 channels, small images): one byte per value instead of a
 * four-byte float, otherwise the same layout, order and sampling (equal seeds draw equal transitions).
 */
public final class ByteReplayMemory implements Replay {
    private final int capacity;
    private final int observationSize;
    private final byte[] observations;
    private final byte[] nextObservations;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private int nextIndex;
    private int size;

    public ByteReplayMemory(int capacity, int observationSize) {
        if (capacity <= 0 || observationSize <= 0) {
            throw new IllegalArgumentException("capacity and observationSize must be positive");
        }
        long bytes = (long) capacity * observationSize;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("replay of " + capacity + " × " + observationSize
                    + " bytes exceeds one Java array; lower buffer_size");
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.observations = new byte[(int) bytes];
        this.nextObservations = new byte[(int) bytes];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        int i = nextIndex;
        Uint8.pack(observation, 0, observations, i * observationSize, observationSize);
        Uint8.pack(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        actions[i] = action;
        rewards[i] = reward;
        terminated[i] = isTerminated;
        nextIndex = (i + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void sample(NumpyGenerator rng, ReplayMemory.Batch batch) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay memory");
        }
        for (int b = 0; b < batch.size; b++) {
            int i = (int) rng.integers(0, size);
            Uint8.unpack(observations, i * observationSize, batch.observations, b * observationSize, observationSize);
            Uint8.unpack(nextObservations, i * observationSize, batch.nextObservations, b * observationSize, observationSize);
            batch.actions[b] = actions[i];
            batch.rewards[b] = rewards[i];
            batch.terminated[b] = terminated[i];
        }
    }

    @Override
    public void clear() {
        nextIndex = 0;
        size = 0;
    }

    @Override
    public long footprintBytes() {
        return observations.length + (long) nextObservations.length + 4L * actions.length + 4L * rewards.length
                + terminated.length;
    }

    @Override
    public long maxStateBytes() {
        return 16 + 2L * capacity * observationSize + 9L * capacity;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(observationSize);
        out.writeInt(nextIndex);
        out.writeInt(size);
        out.write(observations, 0, size * observationSize); // only the filled part
        out.write(nextObservations, 0, size * observationSize);
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
        in.readFully(observations, 0, size * observationSize);
        in.readFully(nextObservations, 0, size * observationSize);
        for (int i = 0; i < size; i++) {
            actions[i] = in.readInt();
            rewards[i] = in.readFloat();
            terminated[i] = in.readBoolean();
        }
    }
}
