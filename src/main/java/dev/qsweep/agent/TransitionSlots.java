package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the flat replay memories share, whatever type they store observations in: the ring of slots (oldest overwritten
 * when full), the per-transition action, reward and termination flag, uniform sampling with replacement, and their
 * checkpoint layout. The memory owning it stores observation {@code i} at {@code i * observationSize}.
 */
final class TransitionSlots {
    final int capacity;
    final int observationSize;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private int nextIndex;
    private int size;

    /** @param unit what an observation value is stored as, for the error message ({@code floats}, {@code bytes}) */
    TransitionSlots(int capacity, int observationSize, String unit) {
        if (capacity <= 0 || observationSize <= 0) {
            throw new IllegalArgumentException("capacity and observationSize must be positive");
        }
        if ((long) capacity * observationSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("replay of " + capacity + " × " + observationSize + " " + unit
                    + " exceeds one Java array; lower buffer_size");
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
    }

    /** Length of each of the owner's two observation arrays. */
    int observationValues() {
        return capacity * observationSize;
    }

    /** The slot the next {@link #add} fills: the owner stores its observations there first, so a refused one adds nothing. */
    int nextSlot() {
        return nextIndex;
    }

    /** Records a transition's scalars in {@link #nextSlot} and makes it part of the memory. */
    void add(int action, float reward, boolean isTerminated) {
        int i = nextIndex;
        actions[i] = action;
        rewards[i] = reward;
        terminated[i] = isTerminated;
        nextIndex = (i + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** Draws a filled slot uniformly and copies its scalars into row {@code b} of the batch. */
    int sampleInto(NumpyGenerator rng, ReplayMemory.Batch batch, int b) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay memory");
        }
        int i = (int) rng.integers(0, size);
        batch.actions[b] = actions[i];
        batch.rewards[b] = rewards[i];
        batch.terminated[b] = terminated[i];
        return i;
    }

    int size() {
        return size;
    }

    void clear() {
        nextIndex = 0;
        size = 0;
    }

    /** Bytes of the scalar arrays. */
    long footprintBytes() {
        return 4L * actions.length + 4L * rewards.length + terminated.length;
    }

    /** The largest checkpoint, given how many bytes one stored observation value takes there. */
    long maxStateBytes(int bytesPerValue) {
        return 16 + 2L * bytesPerValue * capacity * observationSize + 9L * capacity;
    }

    /** Capacity, observation size and cursor: written before the observations. */
    void writeHeader(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(observationSize);
        out.writeInt(nextIndex);
        out.writeInt(size);
    }

    /** @throws IOException when the checkpoint's memory has another shape than this one */
    void readHeader(DataInput in) throws IOException {
        int savedCapacity = in.readInt();
        int savedObservationSize = in.readInt();
        if (savedCapacity != capacity || savedObservationSize != observationSize) {
            throw new IOException("checkpoint replay memory is " + savedCapacity + "×" + savedObservationSize
                    + " but this run's is " + capacity + "×" + observationSize);
        }
        nextIndex = in.readInt();
        size = in.readInt();
    }

    /** The filled slots' scalars: written after the observations. */
    void writeScalars(DataOutput out) throws IOException {
        for (int i = 0; i < size; i++) {
            out.writeInt(actions[i]);
            out.writeFloat(rewards[i]);
            out.writeBoolean(terminated[i]);
        }
    }

    void readScalars(DataInput in) throws IOException {
        for (int i = 0; i < size; i++) {
            actions[i] = in.readInt();
            rewards[i] = in.readFloat();
            terminated[i] = in.readBoolean();
        }
    }
}
