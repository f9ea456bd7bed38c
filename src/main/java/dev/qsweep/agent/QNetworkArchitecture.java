package dev.qsweep.agent;

import java.util.Arrays;

/**
 * The layer stack of a Q-network and the observation shape it reads. Every architecture ends in a dense identity
 * layer with one output per action; hidden layers use ReLU.
 *
 * <p>Convolutions are "valid" (no padding), as in the reference implementations. The network's input is always
 * {@code [channels][height][width]} (DL4J's NCHW); {@link ObservationEncoder} turns the env's layout into it.
 */
public sealed interface QNetworkArchitecture {

    /** Number of floats of one network input. */
    int inputSize();

    /** Input scale: observations are multiplied by this before the first layer (1/255 for pixels). */
    double inputScale();

    /** Name of the {@code network} setting value that selects this architecture. */
    String settingName();

    /** {@code inputSize → hiddenSizes… → actions}, dense ReLU layers. */
    record Mlp(int inputSize, int[] hiddenSizes) implements QNetworkArchitecture {
        public Mlp {
            if (inputSize <= 0) throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
            if (hiddenSizes == null) throw new IllegalArgumentException("hiddenSizes must not be null (use an empty array for a linear net)");
            hiddenSizes = hiddenSizes.clone();
            for (int h : hiddenSizes) {
                if (h <= 0) throw new IllegalArgumentException("hidden sizes must be > 0, got " + Arrays.toString(hiddenSizes));
            }
        }

        @Override
        public int[] hiddenSizes() {
            return hiddenSizes.clone();
        }

        @Override
        public double inputScale() {
            return 1.0;
        }

        @Override
        public String settingName() {
            return "mlp";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mlp m && inputSize == m.inputSize && Arrays.equals(hiddenSizes, m.hiddenSizes);
        }

        @Override
        public int hashCode() {
            return 31 * inputSize + Arrays.hashCode(hiddenSizes);
        }

        @Override
        public String toString() {
            return "Mlp[inputSize=" + inputSize + ", hiddenSizes=" + Arrays.toString(hiddenSizes) + "]";
        }
    }

    /**
     * Mnih et al. (2015): uint8 frames scaled by 1/255; conv 32 8×8 stride 4, conv 64 4×4 s2, conv 64 3×3 s1,
     * dense 512, dense actions. Reads {@code [frames][height][width]}; 4×84×84 in the paper.
     */
    record NatureCnn(int frames, int height, int width) implements QNetworkArchitecture {
        static final ConvLayer[] CONVOLUTIONS = {new ConvLayer(32, 8, 4), new ConvLayer(64, 4, 2), new ConvLayer(64, 3, 1)};
        static final int DENSE_UNITS = 512;

        public NatureCnn {
            checkConvolutionsFit("nature_cnn", frames, height, width, CONVOLUTIONS);
        }

        @Override
        public int inputSize() {
            return frames * height * width;
        }

        @Override
        public double inputScale() {
            return 1.0 / 255.0;
        }

        @Override
        public String settingName() {
            return "nature_cnn";
        }
    }

    /**
     * Young & Tian (2019), MinAtar's DQN: conv 16 3×3 stride 1 (valid), dense 128, actions, on 0/1 observations.
     * The env gives {@code [height][width][channels]}; the encoder transposes it to channels first.
     */
    record MinAtarCnn(int height, int width, int channels) implements QNetworkArchitecture {
        static final ConvLayer[] CONVOLUTIONS = {new ConvLayer(16, 3, 1)};
        static final int DENSE_UNITS = 128;

        public MinAtarCnn {
            checkConvolutionsFit("minatar_cnn", channels, height, width, CONVOLUTIONS);
        }

        @Override
        public int inputSize() {
            return channels * height * width;
        }

        @Override
        public double inputScale() {
            return 1.0;
        }

        @Override
        public String settingName() {
            return "minatar_cnn";
        }
    }

    /** A square valid convolution: {@code filters} outputs, {@code kernel}×{@code kernel}, stride {@code stride}. */
    record ConvLayer(int filters, int kernel, int stride) {
        /** Output length along one axis: ⌊(in − kernel) / stride⌋ + 1, or ≤ 0 if the kernel does not fit. */
        int outputSize(int inputSize) {
            return inputSize < kernel ? 0 : (inputSize - kernel) / stride + 1;
        }
    }

    default boolean isConvolutional() {
        return !(this instanceof Mlp);
    }

    /** The convolutions of a CNN architecture; empty for an MLP. */
    default ConvLayer[] convolutions() {
        if (this instanceof NatureCnn) return NatureCnn.CONVOLUTIONS.clone();
        if (this instanceof MinAtarCnn) return MinAtarCnn.CONVOLUTIONS.clone();
        return new ConvLayer[0];
    }

    /** Input as {@code {channels, height, width}} for a CNN. */
    default int[] inputChannelsHeightWidth() {
        if (this instanceof NatureCnn n) return new int[] {n.frames(), n.height(), n.width()};
        if (this instanceof MinAtarCnn m) return new int[] {m.channels(), m.height(), m.width()};
        throw new IllegalStateException("an MLP has a flat input");
    }

    /** Units of the dense layers between the convolutions (or the input) and the output layer. */
    default int[] denseHiddenSizes() {
        if (this instanceof NatureCnn) return new int[] {NatureCnn.DENSE_UNITS};
        if (this instanceof MinAtarCnn) return new int[] {MinAtarCnn.DENSE_UNITS};
        return ((Mlp) this).hiddenSizes();
    }

    /** Floats leaving the last convolution (the first dense layer's fan-in); the input size for an MLP. */
    default int flattenedConvolutionOutput() {
        if (this instanceof Mlp m) return m.inputSize();
        int[] chw = inputChannelsHeightWidth();
        int channels = chw[0];
        int height = chw[1];
        int width = chw[2];
        for (ConvLayer conv : convolutions()) {
            channels = conv.filters();
            height = conv.outputSize(height);
            width = conv.outputSize(width);
        }
        return channels * height * width;
    }

    private static void checkConvolutionsFit(String name, int channels, int height, int width, ConvLayer[] convolutions) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + " needs positive channels, height and width, got "
                    + channels + "×" + height + "×" + width);
        }
        int h = height;
        int w = width;
        for (ConvLayer conv : convolutions) {
            h = conv.outputSize(h);
            w = conv.outputSize(w);
            if (h <= 0 || w <= 0) {
                throw new IllegalArgumentException(name + " does not fit a " + height + "×" + width
                        + " observation: its " + conv.kernel() + "×" + conv.kernel() + " stride-" + conv.stride()
                        + " convolution has no valid position left");
            }
        }
    }
}
