package dev.qsweep.agent;

import dev.qsweep.env.Space;
import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Uniform experience replay: transitions in, minibatches drawn uniformly with replacement out. The implementations
 * differ only in how they store observations; all give back exactly the observations that were added.
 *
 * <p>{@code nextObservation} is the true next observation, also at the end of an episode (not the next episode's
 * first observation); {@code terminated} is stored, so time-limit cuts still bootstrap.
 */
public sealed interface Replay extends ChunkedState permits SlotReplay, FrameReplayMemory {

    /**
     * Stores one transition. {@code episodeEnded} (terminated or truncated) tells the memory that the next
     * transition starts a new episode.
     */
    void add(float[] observation, int action, float reward, float[] nextObservation, boolean terminated, boolean episodeEnded);

    int size();

    int capacity();

    /** Fills {@code batch} with {@code batch.size()} transitions drawn uniformly with replacement. */
    void sample(NumpyGenerator rng, ReplayMemory.Batch batch);

    /**
     * Ring index of the oldest stored transition. Transitions sit in the ring in the order they were added: the one
     * {@code k} steps after slot s is at {@code (s + k) % capacity()}, while {@code k} is below the number of
     * transitions from s to the newest. What n-step returns and prioritized replay ({@link ReplaySampler}) walk.
     */
    int oldestSlot();

    float reward(int slot);

    boolean terminated(int slot);

    /** Terminated or truncated: the next slot starts a new episode. */
    boolean episodeEnded(int slot);

    /**
     * Copies slot {@code slot}'s observation and action, and the next observation of {@code bootstrapSlot} (the same
     * slot for one-step returns, the n-th transition of the window for n-step ones), into row {@code row}.
     */
    void copyTransition(int slot, int bootstrapSlot, ReplayMemory.Batch batch, int row);

    /** Forgets every transition (the state of a fresh memory). */
    void clear();

    /** Bytes of the arrays this memory allocated for its contents. */
    long footprintBytes();

    /** The whole state in one stream: the header, then every chunk (checkpoints write only the changed chunks). */
    default void writeState(DataOutput out) throws IOException {
        writeHeader(out);
        for (int c = 0; c < chunkCount(); c++) {
            writeChunk(c, out);
        }
    }

    default void readState(DataInput in) throws IOException {
        readHeader(in);
        for (int c = 0; c < chunkCount(); c++) {
            readChunk(c, in);
        }
    }

    /**
     * The memory for an observation space: stacked uint8 frames ({@code [4][84][84]}, as Atari's frame-stack wrapper
     * gives them) store each frame once; other uint8 boxes store one byte per value; everything else floats.
     */
    static Replay forObservationSpace(Space space, int capacity) {
        if (space instanceof Space.Box box && box.dtype() == Space.DType.UINT8) {
            int[] shape = box.shape();
            if (FrameReplayMemory.isFrameStack(shape)) {
                return new FrameReplayMemory(capacity, shape[0], shape[1] * shape[2]);
            }
            return new ByteReplayMemory(capacity, box.flatSize());
        }
        return new ReplayMemory(capacity, space.flatSize());
    }
}
