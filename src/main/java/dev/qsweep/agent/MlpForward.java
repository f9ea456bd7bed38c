package dev.qsweep.agent;

import java.nio.FloatBuffer;

/**
 * Plain-Java forward pass of a ReLU MLP over a float copy of the weights. For one state this is ~100×
 * faster than {@code MultiLayerNetwork.output}, whose cost is per-op overhead, not arithmetic.
 *
 * <p>Weights are kept as {@code [in][out]} row-major so the inner loop is an axpy over contiguous
 * outputs, which HotSpot vectorises (a dot-product loop is a float reduction and would not be).
 * Not thread-safe: one scratch buffer per layer.
 */
final class MlpForward {
    private final int[] widths;
    private final float[][] weights;
    private final float[][] biases;
    private final float[][] scratch;
    private float[] staging = new float[0];

    MlpForward(int[] widths) {
        this.widths = widths.clone();
        int layers = widths.length - 1;
        weights = new float[layers][];
        biases = new float[layers][];
        scratch = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new float[widths[l] * widths[l + 1]];
            biases[l] = new float[widths[l + 1]];
            scratch[l] = new float[widths[l + 1]];
        }
    }

    /**
     * Copies layer {@code l}'s parameters out of a flat buffer: weight (i, j) at
     * {@code weightOffset + i·rowStride + j·columnStride}, bias j at {@code biasOffset + j·biasStride}.
     */
    void loadLayer(int l, FloatBuffer source, long weightOffset, long rowStride, long columnStride, long biasOffset, long biasStride) {
        int in = widths[l];
        int out = widths[l + 1];
        float[] w = weights[l];
        if (rowStride == 1 && columnStride == in) {
            // DL4J's 'f'-order W: one bulk read, then the transpose on the heap (element reads from a direct
            // buffer were ~9 % of a CartPole run, repeated after every update).
            if (staging.length < in * out) staging = new float[in * out];
            source.get(Math.toIntExact(weightOffset), staging, 0, in * out);
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) w[i * out + j] = staging[j * in + i];
            }
        } else {
            for (int j = 0; j < out; j++) {
                long base = weightOffset + j * columnStride;
                for (int i = 0; i < in; i++) {
                    w[i * out + j] = source.get((int) (base + i * rowStride));
                }
            }
        }
        float[] b = biases[l];
        if (biasStride == 1) {
            source.get(Math.toIntExact(biasOffset), b, 0, out);
        } else {
            for (int j = 0; j < out; j++) {
                b[j] = source.get((int) (biasOffset + j * biasStride));
            }
        }
    }

    /** Q-values of the state {@code input[inputOffset … +inputSize)} into {@code out[outOffset … +numActions)}. */
    void forward(float[] input, int inputOffset, float[] out, int outOffset) {
        int layers = weights.length;
        float[] x = input;
        int xOffset = inputOffset;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int width = widths[l + 1];
            boolean last = l == layers - 1;
            float[] h = last ? out : scratch[l];
            int hOffset = last ? outOffset : 0;
            float[] w = weights[l];
            System.arraycopy(biases[l], 0, h, hOffset, width);
            for (int i = 0; i < in; i++) {
                float xi = x[xOffset + i];
                if (xi == 0f) {
                    continue; // ReLU zeros contribute nothing; adding 0·w would leave h unchanged anyway
                }
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    h[hOffset + j] += xi * w[row + j];
                }
            }
            if (!last) {
                for (int j = 0; j < width; j++) {
                    if (h[j] < 0f) h[j] = 0f; // NaN passes through, as in DL4J and torch
                }
            }
            x = h;
            xOffset = hOffset;
        }
    }
}
