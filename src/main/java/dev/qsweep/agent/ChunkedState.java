package dev.qsweep.agent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * State held in fixed-size chunks that remember whether they changed since the last save, so a checkpoint writes
 * only the chunks changed since the previous one (a replay memory's slots added since then) and refers to the
 * earlier files for the rest. A chunk never written holds zeros and needs no file.
 */
public interface ChunkedState {

    int chunkCount();

    /** Whether the chunk changed since {@link #markSaved} (or since construction or {@link Replay#clear}). */
    boolean chunkChanged(int chunk);

    /** Marks every chunk as saved: called once the checkpoint holding them is written, and after a restore. */
    void markSaved();

    /** The small part written in full every time: shape, cursors, sizes. */
    void writeHeader(DataOutput out) throws IOException;

    /** @throws IOException when the saved state has another shape than this one */
    void readHeader(DataInput in) throws IOException;

    void writeChunk(int chunk, DataOutput out) throws IOException;

    void readChunk(int chunk, DataInput in) throws IOException;

    /** Sets a chunk to zeros, the content of a chunk that was never written. */
    void zeroChunk(int chunk);
}
