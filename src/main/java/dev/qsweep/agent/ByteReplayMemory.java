package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@link ReplayMemory} for uint8 observations (MinAtar's 0/1 channels, small images): one byte per value instead of a
 * four-byte float, otherwise the same layout, order and sampling (equal seeds draw equal transitions).
 */
public final class ByteReplayMemory extends SlotReplay {
    private final byte[] observations;
    private final byte[] nextObservations;

    public ByteReplayMemory(int capacity, int observationSize) {
        super(new TransitionSlots(capacity, observationSize, "bytes", 1), observationSize);
        this.observations = new byte[slots.observationValues()];
        this.nextObservations = new byte[slots.observationValues()];
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        int i = slots.nextSlot();
        Uint8.pack(observation, 0, observations, i * observationSize, observationSize);
        Uint8.pack(nextObservation, 0, nextObservations, i * observationSize, observationSize);
        slots.add(action, reward, isTerminated, episodeEnded);
    }

    @Override
    public void copyTransition(int slot, int bootstrapSlot, ReplayMemory.Batch batch, int row) {
        batch.actions[row] = slots.action(slot);
        Uint8.unpack(observations, slot * observationSize, batch.observations, row * observationSize, observationSize);
        Uint8.unpack(nextObservations, bootstrapSlot * observationSize, batch.nextObservations, row * observationSize,
                observationSize);
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
    public long footprintBytes() {
        return observations.length + (long) nextObservations.length + slots.footprintBytes();
    }

    @Override
    public void writeChunk(int chunk, DataOutput out) throws IOException {
        int from = slots.chunkStart(chunk) * observationSize;
        int length = slots.chunkFilledSlots(chunk) * observationSize;
        out.write(observations, from, length);
        out.write(nextObservations, from, length);
        slots.writeChunkScalars(chunk, out);
    }

    @Override
    public void readChunk(int chunk, DataInput in) throws IOException {
        zeroChunk(chunk);
        int from = slots.chunkStart(chunk) * observationSize;
        int length = slots.chunkFilledSlots(chunk) * observationSize;
        in.readFully(observations, from, length);
        in.readFully(nextObservations, from, length);
        slots.readChunkScalars(chunk, in);
    }

    @Override
    public void zeroChunk(int chunk) {
        int from = slots.chunkStart(chunk) * observationSize;
        int to = from + slots.chunkSlots(chunk) * observationSize;
        Arrays.fill(observations, from, to, (byte) 0);
        Arrays.fill(nextObservations, from, to, (byte) 0);
        slots.zeroChunkScalars(chunk);
    }
}
