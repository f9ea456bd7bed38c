package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the flat replay memories share, whatever type they store observations in: the ring of slots (oldest overwritten
 * when full), the per-transition action, reward and termination flag, uniform sampling with replacement, and their
 * checkpoint layout. The memory owning it stores observation {@code i} at {@code i * observationSize}.
 *
 * <p>For incremental checkpoints the slots are cut into chunks of about {@link #CHUNK_BYTES}; a chunk remembers
 * whether a transition was added to it since the last save.
 */
final class TransitionSlots {
    /** Target bytes of one checkpoint chunk: big enough that a 1M-slot memory has few files, small enough to write only what changed. */
    static final int CHUNK_BYTES = 4 << 20;
    final int capacity;
    final int observationSize;
    final int slotsPerChunk;
    private final boolean[] changedChunks;
    private final int[] actions;
    private final float[] rewards;
    private final byte[] flags; // see encodeFlags
    private int nextIndex;
    private int size;

    /** @param unit what an observation value is stored as, for the error message ({@code floats}, {@code bytes}) */
    TransitionSlots(int capacity, int observationSize, String unit, int bytesPerValue) {
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
        this.flags = new byte[capacity];
        this.slotsPerChunk = Math.max(1, CHUNK_BYTES / (2 * bytesPerValue * observationSize + 9));
        this.changedChunks = new boolean[(capacity + slotsPerChunk - 1) / slotsPerChunk];
    }

    /** Length of each of the owner's two observation arrays. */
    int observationValues() {
        return capacity * observationSize;
    }

    /** The slot the next {@link #add} fills: the owner stores its observations there first, so a refused one adds nothing. */
    int nextSlot() {
        return nextIndex;
    }

    /**
     * A transition's end-of-episode flags in one byte: 1 terminated (which also ends the episode), 2 truncated (ended,
     * bootstraps), 0 neither. Written as the byte that {@code writeBoolean(terminated)} wrote before truncation was
     * stored, so older checkpoints read back unchanged (their truncations read as running on, which only n-step
     * returns, newer than those checkpoints, look at).
     */
    static byte encodeFlags(boolean isTerminated, boolean episodeEnded) {
        return (byte) (isTerminated ? 1 : episodeEnded ? 2 : 0);
    }

    static boolean terminatedFlag(byte flags) {
        return flags == 1;
    }

    static boolean endedFlag(byte flags) {
        return flags != 0;
    }

    /** Records a transition's scalars in {@link #nextSlot} and makes it part of the memory. */
    void add(int action, float reward, boolean isTerminated, boolean episodeEnded) {
        int i = nextIndex;
        actions[i] = action;
        rewards[i] = reward;
        flags[i] = encodeFlags(isTerminated, episodeEnded);
        changedChunks[i / slotsPerChunk] = true;
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
        batch.terminated[b] = terminatedFlag(flags[i]);
        return i;
    }

    /** Ring index of the oldest transition: 0 until the ring is full, then the slot the next add overwrites. */
    int oldestSlot() {
        return size < capacity ? 0 : nextIndex;
    }

    int action(int slot) {
        return actions[slot];
    }

    float reward(int slot) {
        return rewards[slot];
    }

    boolean terminated(int slot) {
        return terminatedFlag(flags[slot]);
    }

    boolean episodeEnded(int slot) {
        return endedFlag(flags[slot]);
    }

    int size() {
        return size;
    }

    void clear() {
        nextIndex = 0;
        size = 0;
        Arrays.fill(changedChunks, true);
    }

    int chunkCount() {
        return changedChunks.length;
    }

    boolean chunkChanged(int chunk) {
        return changedChunks[chunk];
    }

    void markSaved() {
        Arrays.fill(changedChunks, false);
    }

    void markAllChanged() {
        Arrays.fill(changedChunks, true);
    }

    /** First slot of a chunk. */
    int chunkStart(int chunk) {
        return chunk * slotsPerChunk;
    }

    /** Slots in a chunk (the last one may be short). */
    int chunkSlots(int chunk) {
        return Math.min(slotsPerChunk, capacity - chunk * slotsPerChunk);
    }

    /** Bytes of the scalar arrays. */
    long footprintBytes() {
        return 4L * actions.length + 4L * rewards.length + flags.length;
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

    /**
     * Slots of a chunk that hold transitions: until the memory is full they are slots 0 … size − 1, so a checkpoint
     * of a fresh 1M memory writes what was added, not megabytes of zeros.
     */
    int chunkFilledSlots(int chunk) {
        return Math.max(0, Math.min(chunkSlots(chunk), size - chunkStart(chunk)));
    }

    /** A chunk's filled scalars: written after its observations. */
    void writeChunkScalars(int chunk, DataOutput out) throws IOException {
        for (int i = chunkStart(chunk), end = i + chunkFilledSlots(chunk); i < end; i++) {
            out.writeInt(actions[i]);
            out.writeFloat(rewards[i]);
            out.writeByte(flags[i]);
        }
    }

    /** Reads what {@link #writeChunkScalars} wrote, after {@link #readHeader}; the unfilled slots become zeros. */
    void readChunkScalars(int chunk, DataInput in) throws IOException {
        zeroChunkScalars(chunk);
        for (int i = chunkStart(chunk), end = i + chunkFilledSlots(chunk); i < end; i++) {
            actions[i] = in.readInt();
            rewards[i] = in.readFloat();
            flags[i] = in.readByte();
        }
    }

    void zeroChunkScalars(int chunk) {
        int from = chunkStart(chunk);
        int to = from + chunkSlots(chunk);
        Arrays.fill(actions, from, to, 0);
        Arrays.fill(rewards, from, to, 0f);
        Arrays.fill(flags, from, to, (byte) 0);
    }
}
