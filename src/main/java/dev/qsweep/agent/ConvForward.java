package dev.qsweep.agent;

import java.nio.FloatBuffer;

/**
 * Plain-Java forward pass of a CNN's convolutions (valid, ReLU, NCHW) for one state, over a float copy of the
 * weights; {@link MlpForward} then does the dense layers. For a small net like MinAtar's (~40 k multiply-adds in its
 * convolution) this takes microseconds where DL4J's {@code output()} spends ~1 ms in per-op overhead, and acting
 * runs it on every step. Large nets (the Nature CNN) stay on DL4J, whose gemm is faster than these loops.
 *
 * <p>The output is flattened {@code [filters][outH][outW]}, the order DL4J's CNN-to-dense preprocessor uses. The loop
 * runs each kernel tap over a whole output row, so for stride 1 the innermost loop is an axpy over contiguous floats
 * that HotSpot vectorises. Not thread-safe: one scratch buffer per layer.
 */
final class ConvForward {
    private final QNetworkArchitecture.ConvLayer[] layers;
    private final int[] channels; // input channels of layer l; channels[l + 1] = its filters
    private final int[] heights;
    private final int[] widths;
    private final float[][] kernels; // layer l: [filter][(c·k + ky)·k + kx], DL4J's [O][C][kH][kW] in c order
    private final float[][] biases;
    private final float[][] outputs; // layer l: [filter][outH][outW]

    ConvForward(int[] inputChannelsHeightWidth, QNetworkArchitecture.ConvLayer[] layers) {
        this.layers = layers.clone();
        int n = layers.length;
        channels = new int[n + 1];
        heights = new int[n + 1];
        widths = new int[n + 1];
        channels[0] = inputChannelsHeightWidth[0];
        heights[0] = inputChannelsHeightWidth[1];
        widths[0] = inputChannelsHeightWidth[2];
        kernels = new float[n][];
        biases = new float[n][];
        outputs = new float[n][];
        for (int l = 0; l < n; l++) {
            QNetworkArchitecture.ConvLayer conv = layers[l];
            channels[l + 1] = conv.filters();
            heights[l + 1] = conv.outputSize(heights[l]);
            widths[l + 1] = conv.outputSize(widths[l]);
            kernels[l] = new float[conv.filters() * channels[l] * conv.kernel() * conv.kernel()];
            biases[l] = new float[conv.filters()];
            outputs[l] = new float[conv.filters() * heights[l + 1] * widths[l + 1]];
        }
    }

    /** Floats of one flattened output: the dense part's input width. */
    int outputSize() {
        return outputs[outputs.length - 1].length;
    }

    /** Copies layer {@code l}'s parameters out of a flat buffer: c-order W [O][C][kH][kW] and bias [O], both contiguous. */
    void loadLayer(int l, FloatBuffer source, long weightOffset, long biasOffset) {
        source.get((int) weightOffset, kernels[l], 0, kernels[l].length);
        source.get((int) biasOffset, biases[l], 0, biases[l].length);
    }

    /** Convolves the state {@code input[inputOffset …]}; returns the last layer's output (this object's buffer). */
    float[] forward(float[] input, int inputOffset) {
        float[] x = input;
        int xOffset = inputOffset;
        for (int l = 0; l < layers.length; l++) {
            convolveRelu(l, x, xOffset);
            x = outputs[l];
            xOffset = 0;
        }
        return x;
    }

    private void convolveRelu(int l, float[] x, int xOffset) {
        int k = layers[l].kernel();
        int stride = layers[l].stride();
        int inChannels = channels[l];
        int inH = heights[l];
        int inW = widths[l];
        int outH = heights[l + 1];
        int outW = widths[l + 1];
        int positions = outH * outW;
        float[] kernel = kernels[l];
        float[] out = outputs[l];
        for (int f = 0; f < channels[l + 1]; f++) {
            int plane = f * positions;
            java.util.Arrays.fill(out, plane, plane + positions, biases[l][f]);
            int tap = f * inChannels * k * k;
            for (int c = 0; c < inChannels; c++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++, tap++) {
                        float w = kernel[tap];
                        for (int oy = 0; oy < outH; oy++) {
                            int from = xOffset + (c * inH + oy * stride + ky) * inW + kx;
                            int to = plane + oy * outW;
                            if (stride == 1) {
                                for (int ox = 0; ox < outW; ox++) out[to + ox] += w * x[from + ox];
                            } else {
                                for (int ox = 0; ox < outW; ox++) out[to + ox] += w * x[from + ox * stride];
                            }
                        }
                    }
                }
            }
            for (int p = plane; p < plane + positions; p++) {
                if (out[p] < 0f) out[p] = 0f; // NaN passes through, as in DL4J and torch
            }
        }
    }
}
