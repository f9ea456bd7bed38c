package dev.qsweep.env.synthetic;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code qsweep/RandomImages-v0}: every observation is a fresh image of uniformly random uint8 pixels,
 * {@code [height][width][channels]}, from a SplitMix64 stream seeded by {@code reset(seed)}; two actions, reward 1
 * when the action equals the lowest bit of the image's first pixel. No termination (the registry's time limit
 * truncates). It fills a replay memory of any size in seconds, to test and measure checkpoints of gigabytes.
 */
public final class RandomImages implements Environment {
    public static final String ID = "qsweep/RandomImages-v0";
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final int height;
    private final int width;
    private final int channels;
    private long state;
    private float[] current;

    public RandomImages(int height, int width, int channels) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("height, width and channels must be positive");
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Space observationSpace() {
        int size = height * width * channels;
        double[] low = new double[size];
        double[] high = new double[size];
        Arrays.fill(high, 255);
        return new Space.Box(low, high, new int[] {height, width, channels}, Space.DType.UINT8);
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(2);
    }

    @Override
    public float[] reset(long seed) {
        state = seed;
        return reset();
    }

    @Override
    public float[] reset() {
        current = nextImage();
        return current.clone();
    }

    @Override
    public StepResult step(int action) {
        double reward = ((int) current[0] & 1) == action ? 1 : 0;
        current = nextImage();
        return new StepResult(current.clone(), reward, false, false);
    }

    /** Eight pixels per SplitMix64 draw. */
    private float[] nextImage() {
        float[] pixels = new float[height * width * channels];
        for (int i = 0; i < pixels.length; i += 8) {
            long bits = splitMix64();
            for (int k = 0; k < 8 && i + k < pixels.length; k++, bits >>>= 8) {
                pixels[i + k] = (float) (bits & 0xFF);
            }
        }
        return pixels;
    }

    private long splitMix64() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(state);
        out.writeBoolean(current != null);
        if (current != null) {
            for (float v : current) {
                out.writeByte((int) v);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        state = in.readLong();
        if (in.readBoolean()) {
            current = new float[height * width * channels];
            for (int i = 0; i < current.length; i++) {
                current[i] = in.readUnsignedByte();
            }
        } else {
            current = null;
        }
    }
}
