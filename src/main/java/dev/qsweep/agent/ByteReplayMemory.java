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
    private final TransitionSlots slots;
    private final int observationSize;
    private final byte[] observations;
    private final byte[] nextObservations;

    public ByteReplayMemory(int capacity, int observationSize) {
        this.slots = new TransitionSlots(capacity, observationSize, "bytes");
        this.observationSize = observationSize;
        this.observations = new byte[slots.observationValues()];
        this.nextObservations = new byte[slots.observationValues()];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        int i = slots.nextSlot();
        Uint8.pack(observation, 0, observations, i * observationSize, observationSize);
        Uint8.pack(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        slots.add(action, reward, isTerminated);
    }

    @Override
    public int size() {
        return slots.size();
    }

    @Override
    public int capacity() {
        return slots.capacity;
    }

    @Override
    public void sample(NumpyGenerator rng, ReplayMemory.Batch batch) {
        for (int b = 0; b < batch.size; b++) {
            int i = slots.sampleInto(rng, batch, b);
            Uint8.unpack(observations, i * observationSize, batch.observations, b * observationSize, observationSize);
            Uint8.unpack(nextObservations, i * observationSize, batch.nextObservations, b * observationSize, observationSize);
        }
    }

    @Override
    public void clear() {
        slots.clear();
    }

    @Override
    public long footprintBytes() {
        return observations.length + (long) nextObservations.length + slots.footprintBytes();
    }

    @Override
    public long maxStateBytes() {
        return slots.maxStateBytes(1);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        slots.writeHeader(out);
        int filled = slots.size() * observationSize; // only the filled part
        out.write(observations, 0, filled);
        out.write(nextObservations, 0, filled);
        slots.writeScalars(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        slots.readHeader(in);
        int filled = slots.size() * observationSize;
        in.readFully(observations, 0, filled);
        in.readFully(nextObservations, 0, filled);
        slots.readScalars(in);
    }
}
