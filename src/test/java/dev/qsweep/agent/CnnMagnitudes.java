package dev.qsweep.agent;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The <em>magnitudes</em> of a CNN Q-network's forward and backward pass, in double: the same sums of products on
 * absolute values (weights, inputs, backward seeds), through the ReLU masks of an exact (double) forward pass. The
 * classic bound for a float32 sum of products is |computed − exact| ≤ γ_N · magnitude (γ_N = N·u/(1 − N·u),
 * u = 2⁻²⁴, N the longest chain of roundings). A unit whose exact pre-activation is within 2·γ_F·magnitude of 0 may
 * be masked differently by a float path, so it is kept open (its terms counted); every other unit is masked the same
 * way by both float paths and by the exact one. Parameters are read element by element from DL4J's arrays ({@code getDouble}), sharing no code
 * with the production paths.
 */
final class CnnMagnitudes {
    private final QNetworkArchitecture.ConvLayer[] convolutions;
    private final int[] channels;
    private final int[] heights;
    private final int[] widths;
    private final int[] denseWidths;
    private final double[][] convWeights; // W [O][C][k][k] flattened
    private final double[][] convBiases;
    private final double[][][] denseWeights; // W [in][out]
    private final double[][] denseBiases;
    private final long[][] offsets; // per layer: {W offset, b offset} relative to the flat parameters' start
    private final int parameterCount;

    CnnMagnitudes(QNetworkSpec spec, MultiLayerNetwork net) {
        QNetworkArchitecture architecture = spec.architecture();
        convolutions = architecture.convolutions();
        int n = convolutions.length;
        channels = new int[n + 1];
        heights = new int[n + 1];
        widths = new int[n + 1];
        int[] chw = architecture.inputChannelsHeightWidth();
        channels[0] = chw[0];
        heights[0] = chw[1];
        widths[0] = chw[2];
        denseWidths = spec.denseLayerWidths();
        convWeights = new double[n][];
        convBiases = new double[n][];
        denseWeights = new double[denseWidths.length - 1][][];
        denseBiases = new double[denseWidths.length - 1][];
        offsets = new long[net.getnLayers()][];
        INDArray params = net.params();
        parameterCount = Math.toIntExact(params.length());
        for (int l = 0; l < n; l++) {
            QNetworkArchitecture.ConvLayer conv = convolutions[l];
            channels[l + 1] = conv.filters();
            heights[l + 1] = conv.outputSize(heights[l]);
            widths[l + 1] = conv.outputSize(widths[l]);
            INDArray w = net.getLayer(l).getParam("W");
            INDArray b = net.getLayer(l).getParam("b");
            int k = conv.kernel();
            convWeights[l] = new double[conv.filters() * channels[l] * k * k];
            int index = 0;
            for (int o = 0; o < conv.filters(); o++) {
                for (int c = 0; c < channels[l]; c++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) convWeights[l][index++] = w.getDouble(o, c, ky, kx);
                    }
                }
            }
            convBiases[l] = new double[conv.filters()];
            for (int o = 0; o < conv.filters(); o++) convBiases[l][o] = b.getDouble(o);
            offsets[l] = new long[] {w.offset() - params.offset(), b.offset() - params.offset()};
        }
        for (int d = 0; d < denseWidths.length - 1; d++) {
            INDArray w = net.getLayer(n + d).getParam("W");
            INDArray b = net.getLayer(n + d).getParam("b");
            denseWeights[d] = new double[denseWidths[d]][denseWidths[d + 1]];
            denseBiases[d] = new double[denseWidths[d + 1]];
            double[][] values = w.toDoubleMatrix(); // [in][out]
            for (int i = 0; i < denseWidths[d]; i++) {
                for (int j = 0; j < denseWidths[d + 1]; j++) denseWeights[d][i][j] = values[i][j];
            }
            for (int j = 0; j < denseWidths[d + 1]; j++) denseBiases[d][j] = b.getDouble(j);
            offsets[n + d] = new long[] {w.offset() - params.offset(), b.offset() - params.offset()};
        }
    }

    /**
     * Longest rounding chain of forward pass, backward pass and batch sums: every dot product's length, forward (C·k²
     * per convolution, the width of each dense layer) and backward (O·k² per convolution, each dense output width),
     * plus the longest batch sum of a weight gradient (rows·positions of a convolution).
     */
    int roundingChainLength(int rows) {
        return forwardChainLength() + backwardChainLength() + rows * maxPositions() + 16;
    }

    /** Longest rounding chain of the forward pass alone. */
    int forwardChainLength() {
        int sum = 0;
        for (int l = 0; l < convolutions.length; l++) sum += channels[l] * convolutions[l].kernel() * convolutions[l].kernel() + 1;
        for (int d = 0; d < denseWidths.length - 1; d++) sum += denseWidths[d] + 1;
        return sum;
    }

    private int backwardChainLength() {
        int sum = 0;
        for (int l = 0; l < convolutions.length; l++) sum += channels[l + 1] * convolutions[l].kernel() * convolutions[l].kernel();
        for (int d = 1; d < denseWidths.length; d++) sum += denseWidths[d];
        return sum;
    }

    private int maxPositions() {
        int most = 1;
        for (int l = 1; l < heights.length; l++) most = Math.max(most, heights[l] * widths[l]);
        return most;
    }

    /**
     * One state's forward pass: {@code magnitudes[level]} (level 0 is |input|, then each convolution's output, then each
     * dense layer's; zero where the ReLU is surely closed) and {@code open[level]} (the units a gradient may pass).
     */
    record Forward(double[][] magnitudes, boolean[][] open) {
        double[] rawOutputs() {
            return magnitudes[magnitudes.length - 1];
        }
    }

    Forward forward(float[] obs, int offset) {
        int n = convolutions.length;
        int dense = denseWidths.length - 1;
        int levels = 1 + n + dense;
        double[][] values = new double[levels][];
        double[][] magnitudes = new double[levels][];
        boolean[][] open = new boolean[levels][];
        double threshold = 2 * gamma(forwardChainLength());
        int inputSize = channels[0] * heights[0] * widths[0];
        values[0] = new double[inputSize];
        magnitudes[0] = new double[inputSize];
        for (int i = 0; i < inputSize; i++) {
            values[0][i] = obs[offset + i];
            magnitudes[0][i] = Math.abs(obs[offset + i]);
        }
        for (int l = 0; l < n; l++) {
            int k = convolutions[l].kernel();
            int s = convolutions[l].stride();
            int size = channels[l + 1] * heights[l + 1] * widths[l + 1];
            double[] z = new double[size];
            double[] m = new double[size];
            for (int o = 0; o < channels[l + 1]; o++) {
                for (int oy = 0; oy < heights[l + 1]; oy++) {
                    for (int ox = 0; ox < widths[l + 1]; ox++) {
                        double value = convBiases[l][o];
                        double magnitude = Math.abs(convBiases[l][o]);
                        int tap = o * channels[l] * k * k;
                        for (int c = 0; c < channels[l]; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                int row = (c * heights[l] + oy * s + ky) * widths[l] + ox * s;
                                for (int kx = 0; kx < k; kx++, tap++) {
                                    value += convWeights[l][tap] * values[l][row + kx];
                                    magnitude += Math.abs(convWeights[l][tap]) * magnitudes[l][row + kx];
                                }
                            }
                        }
                        int at = (o * heights[l + 1] + oy) * widths[l + 1] + ox;
                        z[at] = value;
                        m[at] = magnitude;
                    }
                }
            }
            relu(z, m, threshold, values, magnitudes, open, l + 1);
        }
        for (int d = 0; d < dense; d++) {
            double[] in = values[n + d];
            double[] inMagnitude = magnitudes[n + d];
            double[] z = denseBiases[d].clone();
            double[] m = new double[z.length];
            for (int j = 0; j < z.length; j++) m[j] = Math.abs(denseBiases[d][j]);
            for (int i = 0; i < in.length; i++) {
                for (int j = 0; j < z.length; j++) {
                    z[j] += in[i] * denseWeights[d][i][j];
                    m[j] += inMagnitude[i] * Math.abs(denseWeights[d][i][j]);
                }
            }
            if (d < dense - 1) {
                relu(z, m, threshold, values, magnitudes, open, n + d + 1);
            } else {
                values[n + d + 1] = z; // the head's raw outputs: no ReLU
                magnitudes[n + d + 1] = m;
            }
        }
        return new Forward(magnitudes, open);
    }

    /** A unit is closed (value and magnitude 0, no gradient) only if its pre-activation is below −threshold·magnitude. */
    private static void relu(double[] z, double[] m, double threshold, double[][] values, double[][] magnitudes,
                             boolean[][] open, int level) {
        values[level] = new double[z.length];
        magnitudes[level] = new double[z.length];
        open[level] = new boolean[z.length];
        for (int i = 0; i < z.length; i++) {
            open[level][i] = z[i] > -threshold * m[i];
            values[level][i] = Math.max(0, z[i]);
            magnitudes[level][i] = open[level][i] ? m[i] : 0;
        }
    }

    /**
     * Magnitude of the summed-loss gradient for {@code rows} states and backward seed magnitudes {@code seed
     * [rows][outputWidth]}, indexed like the flat parameters.
     */
    double[] gradient(float[] obs, int rows, double[][] seed) {
        double[] g = new double[parameterCount];
        int n = convolutions.length;
        int dense = denseWidths.length - 1;
        int inputSize = channels[0] * heights[0] * widths[0];
        for (int r = 0; r < rows; r++) {
            Forward pass = forward(obs, r * inputSize);
            double[][] levels = pass.magnitudes();
            double[] delta = seed[r].clone();
            for (int d = dense - 1; d >= 0; d--) {
                double[] in = levels[n + d];
                int wOffset = (int) offsets[n + d][0];
                int bOffset = (int) offsets[n + d][1];
                double[] previous = new double[in.length];
                for (int j = 0; j < delta.length; j++) {
                    g[bOffset + j] += delta[j];
                    for (int i = 0; i < in.length; i++) {
                        g[wOffset + i + j * in.length] += in[i] * delta[j]; // DL4J's dense W is 'f' order
                        previous[i] += Math.abs(denseWeights[d][i][j]) * delta[j];
                    }
                }
                delta = mask(previous, pass.open()[n + d]);
            }
            for (int l = n - 1; l >= 0; l--) {
                int k = convolutions[l].kernel();
                int s = convolutions[l].stride();
                double[] in = levels[l];
                double[] previous = new double[in.length];
                int wOffset = (int) offsets[l][0];
                int bOffset = (int) offsets[l][1];
                for (int o = 0; o < channels[l + 1]; o++) {
                    for (int oy = 0; oy < heights[l + 1]; oy++) {
                        for (int ox = 0; ox < widths[l + 1]; ox++) {
                            double d = delta[(o * heights[l + 1] + oy) * widths[l + 1] + ox];
                            g[bOffset + o] += d;
                            int tap = o * channels[l] * k * k;
                            for (int c = 0; c < channels[l]; c++) {
                                for (int ky = 0; ky < k; ky++) {
                                    int row = (c * heights[l] + oy * s + ky) * widths[l] + ox * s;
                                    for (int kx = 0; kx < k; kx++, tap++) {
                                        g[wOffset + tap] += d * in[row + kx];
                                        previous[row + kx] += Math.abs(convWeights[l][tap]) * d;
                                    }
                                }
                            }
                        }
                    }
                }
                delta = mask(previous, pass.open()[l]);
            }
        }
        return g;
    }

    /** The backward magnitude into a level: zero where its ReLU is surely closed (level 0, the input, has no mask). */
    private static double[] mask(double[] delta, boolean[] open) {
        if (open == null) return delta;
        for (int i = 0; i < delta.length; i++) {
            if (!open[i]) delta[i] = 0;
        }
        return delta;
    }

    static double gamma(int n) {
        return ReferenceMlp.gamma(n);
    }
}
