package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * SB3's {@code MaxAndSkipEnv}: repeats the action {@code skip} times, sums the rewards and returns the pixel-wise
 * maximum of the last two observations (Atari sprites flicker between frames). Stops early when the episode ends;
 * the two-frame buffer persists across steps and resets, exactly as SB3's does, so it is part of the saved state.
 */
public final class MaxAndSkip extends EnvWrapper {

    private final int skip;
    private final float[][] lastTwo;

    public MaxAndSkip(Environment inner, int skip) {
        super(inner);
        if (skip < 1) {
            throw new IllegalArgumentException("max_and_skip needs skip >= 1, got " + skip);
        }
        this.skip = skip;
        int size = inner.observationSpace().flatSize();
        this.lastTwo = new float[2][size];
    }

    public int skip() {
        return skip;
    }

    @Override
    public StepResult step(int action) {
        double totalReward = 0;
        boolean terminated = false;
        boolean truncated = false;
        for (int i = 0; i < skip; i++) {
            StepResult result = inner().step(action);
            if (i == skip - 2) {
                System.arraycopy(result.observation(), 0, lastTwo[0], 0, lastTwo[0].length);
            }
            if (i == skip - 1) {
                System.arraycopy(result.observation(), 0, lastTwo[1], 0, lastTwo[1].length);
            }
            totalReward += result.reward();
            terminated = result.terminated();
            truncated = result.truncated();
            if (result.done()) {
                break;
            }
        }
        float[] max = new float[lastTwo[0].length];
        for (int i = 0; i < max.length; i++) {
            max[i] = Math.max(lastTwo[0][i], lastTwo[1][i]);
        }
        return new StepResult(max, totalReward, terminated, truncated);
    }

    @Override
    protected void writeOwnState(DataOutput out) throws IOException {
        for (float[] frame : lastTwo) {
            out.writeInt(frame.length);
            for (float value : frame) {
                out.writeFloat(value);
            }
        }
    }

    @Override
    protected void readOwnState(DataInput in) throws IOException {
        for (float[] frame : lastTwo) {
            int length = in.readInt();
            if (length != frame.length) {
                throw new IOException("saved frame has " + length + " values, this environment's has " + frame.length);
            }
            for (int i = 0; i < length; i++) {
                frame[i] = in.readFloat();
            }
        }
    }
}
