package dev.qsweep.agent;

import dev.qsweep.env.Space;
import java.util.Arrays;

/**
 * Turns an environment's flat observation into the network's input: a Box passes through, a Discrete state becomes
 * a one-hot vector (a network cannot use a state index as a magnitude). For a CNN the encoder also scales (pixels by
 * 1/255, as the Nature DQN does inside its network) and reorders {@code [height][width][channels]} observations
 * (MinAtar's) to the channels-first layout the network reads.
 */
public final class ObservationEncoder {
    private enum Mode { COPY, ONE_HOT, SCALE, HWC_TO_CHW }

    private final int rawSize;
    private final int encodedSize;
    private final Mode mode;
    private final float scale;
    private final int height;
    private final int width;
    private final int channels;

    /** The MLP encoder: Box passes through, Discrete becomes one-hot. */
    public ObservationEncoder(Space observationSpace) {
        this(observationSpace, architectureFor("mlp", new int[0], observationSpace)); // hidden sizes do not matter here
    }

    /** The encoder feeding {@code architecture}, which must have been made for this space (see {@link #architectureFor}). */
    public ObservationEncoder(Space observationSpace, QNetworkArchitecture architecture) {
        this.rawSize = observationSpace.flatSize();
        if (architecture instanceof QNetworkArchitecture.Mlp) {
            this.mode = observationSpace instanceof Space.Discrete ? Mode.ONE_HOT : Mode.COPY;
            this.encodedSize = observationSpace instanceof Space.Discrete discrete ? discrete.n() : rawSize;
            this.scale = 1f;
            this.height = 0;
            this.width = 0;
            this.channels = 0;
        } else {
            this.encodedSize = architecture.inputSize();
            if (encodedSize != rawSize) {
                throw new IllegalArgumentException(architecture + " reads " + encodedSize + " values, the observation has " + rawSize);
            }
            this.scale = (float) architecture.inputScale();
            int[] chw = architecture.inputChannelsHeightWidth();
            this.channels = chw[0];
            this.height = chw[1];
            this.width = chw[2];
            this.mode = architecture instanceof QNetworkArchitecture.MinAtarCnn ? Mode.HWC_TO_CHW
                    : scale == 1f ? Mode.COPY : Mode.SCALE;
        }
    }

    /**
     * The architecture the {@code network} setting asks for on this observation space, or a clear error if it does
     * not fit: {@code nature_cnn} needs a Box of shape {@code [frames][height][width]} (Atari: [4][84][84]),
     * {@code minatar_cnn} a Box of shape {@code [height][width][channels]} (MinAtar: [10][10][C]).
     */
    public static QNetworkArchitecture architectureFor(String network, int[] hiddenSizes, Space observationSpace) {
        switch (network) {
            case "mlp":
                int inputSize = observationSpace instanceof Space.Discrete discrete ? discrete.n() : observationSpace.flatSize();
                return new QNetworkArchitecture.Mlp(inputSize, hiddenSizes);
            case "nature_cnn":
            case "minatar_cnn":
                int[] shape = observationSpace instanceof Space.Box box ? box.shape() : null;
                String expected = network.equals("nature_cnn")
                        ? "[frames][height][width] (stacked Atari frames: [4][84][84])"
                        : "[height][width][channels] (MinAtar: [10][10][C])";
                if (shape == null || shape.length != 3) {
                    throw new IllegalArgumentException("network=" + network + " needs a Box observation of shape " + expected
                            + ", but the environment's observation space is " + observationSpace
                            + ". Use network=mlp for flat observations.");
                }
                try {
                    return network.equals("nature_cnn")
                            ? new QNetworkArchitecture.NatureCnn(shape[0], shape[1], shape[2])
                            : new QNetworkArchitecture.MinAtarCnn(shape[0], shape[1], shape[2]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("network=" + network + " does not fit the observation space "
                            + observationSpace + " (expected " + expected + "): " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException("unknown network '" + network + "'; valid: mlp, nature_cnn, minatar_cnn");
        }
    }

    public int rawSize() {
        return rawSize;
    }

    public int encodedSize() {
        return encodedSize;
    }

    /** Encodes {@code count} raw observations stored back to back in {@code raw} into {@code encoded}. */
    public void encode(float[] raw, int count, float[] encoded) {
        switch (mode) {
            case COPY -> System.arraycopy(raw, 0, encoded, 0, count * rawSize);
            case ONE_HOT -> {
                Arrays.fill(encoded, 0, count * encodedSize, 0f);
                for (int i = 0; i < count; i++) {
                    encoded[i * encodedSize + (int) raw[i]] = 1f;
                }
            }
            case SCALE -> {
                for (int k = 0; k < count * rawSize; k++) {
                    encoded[k] = raw[k] * scale;
                }
            }
            case HWC_TO_CHW -> {
                for (int i = 0; i < count; i++) {
                    hwcToChw(raw, i * rawSize, encoded, i * encodedSize);
                }
            }
        }
    }

    /** Encodes one observation into a new array ({@code raw} itself when nothing changes). */
    public float[] encode(float[] raw) {
        if (mode == Mode.COPY) {
            return raw;
        }
        float[] encoded = new float[encodedSize];
        if (mode == Mode.ONE_HOT) {
            encoded[(int) raw[0]] = 1f;
        } else {
            encode(raw, 1, encoded);
        }
        return encoded;
    }

    /** {@code out[c][h][w] = in[h][w][c] · scale}. */
    private void hwcToChw(float[] in, int inOffset, float[] out, int outOffset) {
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            int from = inOffset + p * channels;
            for (int c = 0; c < channels; c++) {
                out[outOffset + c * plane + p] = in[from + c] * scale;
            }
        }
    }
}
