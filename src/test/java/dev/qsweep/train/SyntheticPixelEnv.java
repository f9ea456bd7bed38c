package dev.qsweep.train;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A test environment with image observations: a paddle on the bottom row and a falling ball; catching it scores +1,
 * missing it ends the episode (terminated); a time limit truncates. Two layouts:
 * <ul>
 *   <li>{@link #atari}: {@code [4][size][size]} uint8 stacks of frames (255 = lit), the newest frame last and the
 *       start of an episode padded with the reset frame, as Gymnasium's FrameStackObservation does;</li>
 *   <li>{@link #minAtar}: {@code [size][size][2]} 0/1 channels (paddle, ball), MinAtar's layout.</li>
 * </ul>
 */
final class SyntheticPixelEnv implements Environment {
    private static final int STACK = 4;

    private final boolean stacked;
    private final int size;
    private final int maxSteps;
    private NumpyGenerator rng = new NumpyGenerator(0);
    private int paddle;
    private int ballRow;
    private int ballColumn;
    private int steps;
    private float[][] frames = new float[STACK][];

    private SyntheticPixelEnv(boolean stacked, int size, int maxSteps) {
        this.stacked = stacked;
        this.size = size;
        this.maxSteps = maxSteps;
    }

    static SyntheticPixelEnv atari(int maxSteps) {
        return new SyntheticPixelEnv(true, 84, maxSteps);
    }

    static SyntheticPixelEnv minAtar(int maxSteps) {
        return new SyntheticPixelEnv(false, 10, maxSteps);
    }

    @Override
    public String id() {
        return stacked ? "SyntheticPixels-v0" : "SyntheticMinAtar-v0";
    }

    @Override
    public Space observationSpace() {
        int[] shape = stacked ? new int[] {STACK, size, size} : new int[] {size, size, 2};
        int length = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] high = new double[length];
        Arrays.fill(high, stacked ? 255 : 1);
        return new Space.Box(new double[length], high, shape, Space.DType.UINT8);
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(3); // left, stay, right
    }

    @Override
    public float[] reset(long seed) {
        rng = new NumpyGenerator(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        paddle = (int) rng.integers(0, size);
        ballRow = 0;
        ballColumn = (int) rng.integers(0, size);
        steps = 0;
        float[] frame = frame();
        Arrays.fill(frames, frame);
        return observation();
    }

    @Override
    public StepResult step(int action) {
        paddle = Math.max(0, Math.min(size - 1, paddle + action - 1));
        ballRow = Math.min(size - 1, ballRow + 1 + (int) rng.integers(0, 2));
        steps++;
        float reward = 0;
        boolean terminated = false;
        if (ballRow == size - 1) {
            if (Math.abs(ballColumn - paddle) <= 1) {
                reward = 1;
                ballRow = 0;
                ballColumn = (int) rng.integers(0, size);
            } else {
                terminated = true;
            }
        }
        System.arraycopy(frames, 1, frames, 0, STACK - 1);
        frames[STACK - 1] = frame();
        return new StepResult(observation(), reward, terminated, !terminated && steps >= maxSteps);
    }

    private float[] frame() {
        if (stacked) {
            float[] frame = new float[size * size];
            frame[(size - 1) * size + paddle] = 255;
            frame[ballRow * size + ballColumn] = 255;
            return frame;
        }
        float[] hwc = new float[size * size * 2];
        hwc[((size - 1) * size + paddle) * 2] = 1;
        hwc[(ballRow * size + ballColumn) * 2 + 1] = 1;
        return hwc;
    }

    private float[] observation() {
        if (!stacked) return frames[STACK - 1].clone();
        float[] stack = new float[STACK * size * size];
        for (int f = 0; f < STACK; f++) System.arraycopy(frames[f], 0, stack, f * size * size, size * size);
        return stack;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        rng.writeState(out);
        out.writeInt(paddle);
        out.writeInt(ballRow);
        out.writeInt(ballColumn);
        out.writeInt(steps);
        for (float[] frame : frames) {
            out.writeInt(frame.length);
            for (float v : frame) out.writeFloat(v);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        rng.readState(in);
        paddle = in.readInt();
        ballRow = in.readInt();
        ballColumn = in.readInt();
        steps = in.readInt();
        for (int f = 0; f < STACK; f++) {
            frames[f] = new float[in.readInt()];
            for (int k = 0; k < frames[f].length; k++) frames[f][k] = in.readFloat();
        }
    }
}
