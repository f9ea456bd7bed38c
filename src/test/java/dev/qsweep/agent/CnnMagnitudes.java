package dev.qsweep.agent;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The <em>magnitudes</em> of a CNN Q-network's forward and backward pass, in double: the same sums of products on
 * absolute values (weights, inputs, backward seeds), with every ReLU open. The classic bound for a float32 sum of
 * products is |computed − exact| ≤ γ_N · magnitude (γ_N = N·u/(1 − N·u), u = 2⁻²⁴, N the longest chain of roundings);
 * opening the ReLUs only adds non-negative terms, so the magnitudes here are upper bounds of the masked ones and the
 * bound stays valid. Parameters are read element by element from DL4J's arrays ({@code getDouble}), sharing no code
 * with the production paths.
 */
final class CnnMagnitudes {
    private final QNetworkArchitecture.ConvLayer[] convolutions;
    private final int[] channels;
    private final int[] heights;
    private final int[] widths;
    private final int[] denseWidths;
    private final double[][] convWeights; // |W| [O][C][k][k] flattened
    private final double[][] convBiases;
    private final double[][][] denseWeights; // |W| [in][out]
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
                        for (int kx = 0; kx < k; kx++) convWeights[l][index++] = Math.abs(w.getDouble(o, c, ky, kx));
                    }
                }
            }
            convBiases[l] = new double[conv.filters()];
            for (int o = 0; o < conv.filters(); o++) convBiases[l][o] = Math.abs(b.getDouble(o));
            offsets[l] = new long[] {w.offset() - params.offset(), b.offset() - params.offset()};
        }
        for (int d = 0; d < denseWidths.length - 1; d++) {
            INDArray w = net.getLayer(n + d).getParam("W");
            INDArray b = net.getLayer(n + d).getParam("b");
            denseWeights[d] = new double[denseWidths[d]][denseWidths[d + 1]];
            denseBiases[d] = new double[denseWidths[d + 1]];
            double[][] values = w.toDoubleMatrix(); // [in][out]
            for (int i = 0; i < denseWidths[d]; i++) {
                for (int j = 0; j < denseWidths[d + 1]; j++) denseWeights[d][i][j] = Math.abs(values[i][j]);
            }
            for (int j = 0; j < denseWidths[d + 1]; j++) denseBiases[d][j] = Math.abs(b.getDouble(j));
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

    /** Forward magnitudes of one state: level 0 is |input|, then each convolution's output, then each dense layer's. */
    double[][] forward(float[] obs, int offset) {
        int n = convolutions.length;
        int dense = denseWidths.length - 1;
        double[][] levels = new double[1 + n + dense][];
        double[] x = new double[channels[0] * heights[0] * widths[0]];
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(obs[offset + i]);
        levels[0] = x;
        for (int l = 0; l < n; l++) {
            int k = convolutions[l].kernel();
            int s = convolutions[l].stride();
            double[] out = new double[channels[l + 1] * heights[l + 1] * widths[l + 1]];
            for (int o = 0; o < channels[l + 1]; o++) {
                for (int oy = 0; oy < heights[l + 1]; oy++) {
                    for (int ox = 0; ox < widths[l + 1]; ox++) {
                        double sum = convBiases[l][o];
                        int tap = o * channels[l] * k * k;
                        for (int c = 0; c < channels[l]; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                int row = (c * heights[l] + oy * s + ky) * widths[l] + ox * s;
                                for (int kx = 0; kx < k; kx++) sum += convWeights[l][tap++] * levels[l][row + kx];
                            }
                        }
                        out[(o * heights[l + 1] + oy) * widths[l + 1] + ox] = sum;
                    }
                }
            }
            levels[l + 1] = out;
        }
        for (int d = 0; d < dense; d++) {
            double[] in = levels[n + d];
            double[] out = denseBiases[d].clone();
            for (int i = 0; i < in.length; i++) {
                for (int j = 0; j < out.length; j++) out[j] += in[i] * denseWeights[d][i][j];
            }
            levels[n + d + 1] = out;
        }
        return levels;
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
            double[][] levels = forward(obs, r * inputSize);
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
                        previous[i] += denseWeights[d][i][j] * delta[j];
                    }
                }
                delta = previous;
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
                                        previous[row + kx] += convWeights[l][tap] * d;
                                    }
                                }
                            }
                        }
                    }
                }
                delta = previous;
            }
        }
        return g;
    }

    static double gamma(int n) {
        return ReferenceMlp.gamma(n);
    }
}
