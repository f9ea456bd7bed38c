package dev.qsweep.agent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the vector and byte replay memories share: the transition scalars, the ring order and the chunk bookkeeping live
 * in {@link TransitionSlots}; a subclass adds only its observation storage (floats or bytes) and how it is copied.
 */
abstract sealed class SlotReplay implements Replay permits ReplayMemory, ByteReplayMemory {
    protected final TransitionSlots slots;
    protected final int observationSize;

    SlotReplay(TransitionSlots slots, int observationSize) {
        this.slots = slots;
        this.observationSize = observationSize;
    }

    @Override
    public final int oldestSlot() {
        return slots.oldestSlot();
    }

    @Override
    public final float reward(int slot) {
        return slots.reward(slot);
    }

    @Override
    public final boolean terminated(int slot) {
        return slots.terminated(slot);
    }

    @Override
    public final boolean episodeEnded(int slot) {
        return slots.episodeEnded(slot);
    }

    @Override
    public final int size() {
        return slots.size();
    }

    @Override
    public final int capacity() {
        return slots.capacity;
    }

    @Override
    public final void clear() {
        slots.clear();
    }

    @Override
    public final int chunkCount() {
        return slots.chunkCount();
    }

    @Override
    public final boolean chunkChanged(int chunk) {
        return slots.chunkChanged(chunk);
    }

    @Override
    public final void markSaved() {
        slots.markSaved();
    }

    @Override
    public final void markAllChanged() {
        slots.markAllChanged();
    }

    @Override
    public final void writeHeader(DataOutput out) throws IOException {
        slots.writeHeader(out);
    }

    @Override
    public final void readHeader(DataInput in) throws IOException {
        slots.readHeader(in);
    }
}
