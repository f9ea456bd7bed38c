package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Gymnasium's {@code FrameStackObservation(env, k)} with its default {@code padding_type="reset"}: the observation
 * is the last {@code k} inner observations stacked on a new first axis, oldest first; after a reset all {@code k}
 * slots hold the reset observation.
 */
public final class FrameStack extends EnvWrapper {

    private final int stackSize;
    private final int frameSize;
    private final float[][] frames;
    private final Space.Box observationSpace;
    private int newest = -1; // index in frames of the latest observation; frames form a ring

    public FrameStack(Environment inner, int stackSize) {
        super(inner);
        if (stackSize < 1) {
            throw new IllegalArgumentException("frame_stack needs at least 1 frame, got " + stackSize);
        }
        if (!(inner.observationSpace() instanceof Space.Box box)) {
            throw new IllegalArgumentException("frame_stack needs Box observations; " + inner.id() + " gives "
                    + inner.observationSpace());
        }
        this.stackSize = stackSize;
        this.frameSize = box.flatSize();
        this.frames = new float[stackSize][frameSize];
        int[] innerShape = box.shape();
        int[] shape = new int[innerShape.length + 1];
        shape[0] = stackSize;
        System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
        double[] low = new double[stackSize * frameSize];
        double[] high = new double[stackSize * frameSize];
        double[] innerLow = box.low();
        double[] innerHigh = box.high();
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(innerLow, 0, low, k * frameSize, frameSize);
            System.arraycopy(innerHigh, 0, high, k * frameSize, frameSize);
        }
        this.observationSpace = new Space.Box(low, high, shape, box.dtype());
    }

    public int stackSize() {
        return stackSize;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public float[] reset(long seed) {
        return fill(inner().reset(seed));
    }

    @Override
    public float[] reset() {
        return fill(inner().reset());
    }

    @Override
    public StepResult step(int action) {
        StepResult result = inner().step(action);
        newest = (newest + 1) % stackSize;
        System.arraycopy(result.observation(), 0, frames[newest], 0, frameSize);
        return new StepResult(stacked(), result.reward(), result.terminated(), result.truncated());
    }

    private float[] fill(float[] observation) {
        for (float[] frame : frames) {
            System.arraycopy(observation, 0, frame, 0, frameSize);
        }
        newest = stackSize - 1;
        return stacked();
    }

    private float[] stacked() {
        if (newest < 0) {
            throw new IllegalStateException(id() + ": frame_stack stepped before the first reset");
        }
        float[] out = new float[stackSize * frameSize];
        for (int k = 0; k < stackSize; k++) {
            int slot = (newest + 1 + k) % stackSize; // oldest first
            System.arraycopy(frames[slot], 0, out, k * frameSize, frameSize);
        }
        return out;
    }

    @Override
    protected void writeOwnState(DataOutput out) throws IOException {
        out.writeInt(newest);
        for (float[] frame : frames) {
            for (float value : frame) {
                out.writeFloat(value);
            }
        }
    }

    @Override
    protected void readOwnState(DataInput in) throws IOException {
        int saved = in.readInt();
        if (saved < -1 || saved >= stackSize) {
            throw new IOException("saved frame_stack position " + saved + " does not fit a stack of " + stackSize);
        }
        newest = saved;
        for (float[] frame : frames) {
            for (int i = 0; i < frameSize; i++) {
                frame[i] = in.readFloat();
            }
        }
    }
}
