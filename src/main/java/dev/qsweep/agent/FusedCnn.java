package dev.qsweep.agent;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Forward and backward pass of a CNN Q-network ({@code minatar_cnn}, {@code nature_cnn}) on DL4J's flat parameter and
 * gradient views, the convolutional counterpart of {@link FusedMlp}, which does the dense layers and the head.
 *
 * <p>Per convolution (valid, ReLU, NCHW, as {@link GemmConvolutionLayer}): forward is im2col of the whole batch into
 * {@code col [K = C·kH·kW][N = batch·outH·outW]} (written straight into native memory), one {@code sgemm}
 * {@code Z[O][N] = W[O][K]·col}, then bias, ReLU and the reorder to {@code [batch][O][outH·outW]} in one Java pass.
 * Backward is the reorder of the output gradient through the ReLU mask into {@code δ[O][N]}, the bias gradient as its
 * row sums, {@code dW = δ·colᵀ} straight into DL4J's gradient view and, except for the first convolution (the
 * network's input needs no gradient), {@code dcol = Wᵀ·δ} and col2im. So a convolution costs one native call
 * forward and one or two backward, against DL4J's dozens of ops and its workspace and reshape bookkeeping.
 *
 * <p>DL4J keeps a convolution's W as c-order {@code [O][C][kH][kW]}, which is {@code [O][K]} row-major; its bias and
 * gradient views are laid out like the parameters. {@code FusedCnnGradientTest} proves the gradient equal to DL4J's
 * within float rounding for every head; {@link #qValues} is tested equal to DL4J's {@code output()}.
 *
 * <p>Buffers are kept per batch size (acting at 1 and training at B alternate); the dense part has one
 * {@link FusedMlp} for batch 1 and one for the rest, since FusedMlp keeps the buffers of one batch size.
 * Not thread-safe: one instance per network.
 */
final class FusedCnn {
    private final QNetworkArchitecture.ConvLayer[] convolutions;
    private final int[] channels; // input channels of convolution l; channels[l + 1] = its filters
    private final int[] heights;
    private final int[] widths;
    private final FloatBuffer parameterBuffer;
    private final FloatBuffer gradientBuffer;
    private final FloatPointer[] weights;         // W of convolution l as [O][K] row-major, inside the parameter view
    private final FloatPointer[] weightGradients; // its gradient, same layout, inside the gradient view
    private final int[] biasOffsets;
    private final int[] biasGradientOffsets;
    private final float[][] biases;
    private final float[][] biasGradients;
    private final FusedMlp dense;
    private final FusedMlp denseOfOneState;
    private final Map<Integer, Scratch> scratchByRows = new HashMap<>();

    FusedCnn(QNetworkSpec spec, MultiLayerNetwork net, INDArray params, INDArray gradients) {
        QNetworkArchitecture architecture = spec.architecture();
        if (!architecture.isConvolutional()) throw new IllegalArgumentException("FusedCnn needs a CNN, got " + architecture);
        this.convolutions = architecture.convolutions();
        int n = convolutions.length;
        channels = new int[n + 1];
        heights = new int[n + 1];
        widths = new int[n + 1];
        int[] chw = architecture.inputChannelsHeightWidth();
        channels[0] = chw[0];
        heights[0] = chw[1];
        widths[0] = chw[2];
        this.parameterBuffer = NdFloats.buffer(params);
        this.gradientBuffer = NdFloats.buffer(gradients);
        FloatPointer parameterBase = new FloatPointer(parameterBuffer);
        FloatPointer gradientBase = new FloatPointer(gradientBuffer);
        long gradientShift = gradients.offset() - params.offset();
        weights = new FloatPointer[n];
        weightGradients = new FloatPointer[n];
        biasOffsets = new int[n];
        biasGradientOffsets = new int[n];
        biases = new float[n][];
        biasGradients = new float[n][];
        for (int l = 0; l < n; l++) {
            QNetworkArchitecture.ConvLayer conv = convolutions[l];
            channels[l + 1] = conv.filters();
            heights[l + 1] = conv.outputSize(heights[l]);
            widths[l + 1] = conv.outputSize(widths[l]);
            INDArray w = net.getLayer(l).getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray b = net.getLayer(l).getParam(ConvolutionParamInitializer.BIAS_KEY);
            long patch = (long) channels[l] * conv.kernel() * conv.kernel();
            if (w.data().address() != params.data().address() || !Shape.hasDefaultStridesForShape(w) || w.ordering() != 'c'
                    || w.length() != conv.filters() * patch || b.length() != conv.filters() || b.elementWiseStride() != 1) {
                throw new IllegalStateException("convolution " + l + " parameters are not the expected views of the flat "
                        + "parameter buffer (c-order W [" + conv.filters() + "][" + patch + "], contiguous b)");
            }
            INDArray layerGradient = net.getLayer(l).getGradientsViewArray();
            if (layerGradient.offset() - gradients.offset() != net.getLayer(l).params().offset() - params.offset()) {
                throw new IllegalStateException("convolution " + l + " gradient view is not laid out like its parameters");
            }
            weights[l] = new FloatPointer(parameterBase).position(w.offset());
            weightGradients[l] = new FloatPointer(gradientBase).position(w.offset() + gradientShift);
            biasOffsets[l] = Math.toIntExact(b.offset());
            biasGradientOffsets[l] = Math.toIntExact(b.offset() + gradientShift);
            biases[l] = new float[conv.filters()];
            biasGradients[l] = new float[conv.filters()];
        }
        this.dense = new FusedMlp(spec, net, params, gradients, n);
        this.denseOfOneState = new FusedMlp(spec, net, params, gradients, n);
    }

    /** Buffers of one batch size; {@code activations[l]} is convolution l's output, {@code [batch][O][P]}. */
    private final class Scratch {
        final int rows;
        final FloatBuffer[] cols = new FloatBuffer[convolutions.length];
        final FloatPointer[] colPointers = new FloatPointer[convolutions.length];
        final FloatBuffer[] products = new FloatBuffer[convolutions.length]; // Z [O][N], then δ [O][N]
        final FloatPointer[] productPointers = new FloatPointer[convolutions.length];
        final float[][] productRows = new float[convolutions.length][];
        final float[][] activations = new float[convolutions.length][];
        final float[][] outputGradients = new float[convolutions.length][]; // dℓ/d(activations[l])
        final FloatBuffer[] colGradients = new FloatBuffer[convolutions.length]; // dcol of l ≥ 1
        final FloatPointer[] colGradientPointers = new FloatPointer[convolutions.length];
        final float[][] colGradientRows = new float[convolutions.length][];
        final float[] segment;

        Scratch(int rows) {
            this.rows = rows;
            int largestPositions = 0;
            for (int l = 0; l < convolutions.length; l++) {
                int patch = patch(l);
                int columns = Math.multiplyExact(rows, positions(l));
                int outputs = Math.multiplyExact(channels[l + 1], columns);
                cols[l] = directFloats(Math.multiplyExact(patch, columns));
                colPointers[l] = new FloatPointer(cols[l]);
                products[l] = directFloats(outputs);
                productPointers[l] = new FloatPointer(products[l]);
                productRows[l] = new float[outputs];
                activations[l] = new float[outputs];
                outputGradients[l] = new float[outputs];
                if (l > 0) {
                    colGradients[l] = directFloats(patch * columns);
                    colGradientPointers[l] = new FloatPointer(colGradients[l]);
                    colGradientRows[l] = new float[patch * columns];
                }
                largestPositions = Math.max(largestPositions, positions(l));
            }
            segment = new float[largestPositions];
        }
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(4, count)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private Scratch scratch(int rows) {
        return scratchByRows.computeIfAbsent(rows, Scratch::new);
    }

    /**
     * A noisy head: its dense layers compute with the effective weights μ + σ ⊙ ε of {@code noise} (each dense part
     * keeps its own copy of them, refreshed when the parameters or the noise change).
     */
    void useNoise(MultiLayerNetwork net, NetworkNoise noise) {
        dense.useNoise(new NoisyWeights(net, noise));
        denseOfOneState.useNoise(new NoisyWeights(net, noise));
    }

    /** The parameters changed (an optimizer step, a target update): the noisy dense layers' effective weights are stale. */
    void parametersChanged() {
        dense.parametersChanged();
        denseOfOneState.parametersChanged();
    }

    private FusedMlp dense(int rows) {
        return rows == 1 ? denseOfOneState : dense;
    }

    private int patch(int l) {
        return channels[l] * convolutions[l].kernel() * convolutions[l].kernel();
    }

    private int positions(int l) {
        return heights[l + 1] * widths[l + 1];
    }

    /** The head's raw outputs of {@code rows} states, {@code [rows][input] → [rows][outputWidth]}. */
    void qValues(float[] obsBatch, int rows, float[] out) {
        Scratch s = forward(obsBatch, rows);
        dense(rows).qValues(s.activations[convolutions.length - 1], rows, out);
    }

    /**
     * Writes ∇θ Σ_i w_i·loss_i into the gradient view, as {@link FusedMlp#sumLossGradient(float[], int[], float[],
     * float[], int, float[])} does for an MLP (same arguments, same head seeds), and returns the batch means of the
     * loss and of Q(s_i,a_i).
     */
    TrainStats sumLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] rowWeights, int rows,
                               float[] perSampleLoss) {
        Scratch s = forward(obsBatch, rows);
        int last = convolutions.length - 1;
        FusedMlp head = dense(rows);
        TrainStats stats = head.sumLossGradient(s.activations[last], actions, targets, rowWeights, rows, perSampleLoss);
        head.inputGradient(rows, s.outputGradients[last]);
        for (int l = last; l >= 0; l--) {
            backward(s, l);
        }
        return stats;
    }

    private Scratch forward(float[] obsBatch, int rows) {
        Scratch s = scratch(rows);
        float[] x = obsBatch;
        for (int l = 0; l < convolutions.length; l++) {
            QNetworkArchitecture.ConvLayer conv = convolutions[l];
            int k = conv.kernel();
            int stride = conv.stride();
            int filters = conv.filters();
            int patch = patch(l);
            int columns = rows * positions(l);
            GemmConvolutionLayer.im2col(x, s.cols[l], 0, s.segment, rows, channels[l], heights[l], widths[l], k, k,
                    stride, stride, heights[l + 1], widths[l + 1]);
            // Z[O][N] = W[O][K] · col[K][N]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, filters, columns, patch, 1f, weights[l], patch,
                    s.colPointers[l], columns, 0f, s.productPointers[l], columns);
            float[] z = s.productRows[l];
            s.products[l].get(0, z, 0, filters * columns);
            parameterBuffer.get(biasOffsets[l], biases[l], 0, filters);
            biasReluReorder(z, biases[l], s.activations[l], rows, filters, positions(l));
            x = s.activations[l];
        }
        return s;
    }

    /** Convolution l's backward from {@code outputGradients[l]}: its W and b gradients, and l − 1's output gradient. */
    private void backward(Scratch s, int l) {
        int rows = s.rows;
        int filters = convolutions[l].filters();
        int patch = patch(l);
        int positions = positions(l);
        int columns = rows * positions;
        float[] delta = s.productRows[l]; // Z is no longer needed
        reluBackwardReorder(s.outputGradients[l], s.activations[l], delta, rows, filters, positions);
        float[] biasGradient = biasGradients[l];
        for (int o = 0; o < filters; o++) {
            float sum = 0f;
            for (int k = o * columns, end = k + columns; k < end; k++) sum += delta[k];
            biasGradient[o] = sum;
        }
        gradientBuffer.put(biasGradientOffsets[l], biasGradient, 0, filters);
        s.products[l].put(0, delta, 0, filters * columns);
        // dW[O][K] = δ[O][N] · col[K][N]ᵀ
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, filters, patch, columns, 1f, s.productPointers[l], columns,
                s.colPointers[l], columns, 0f, weightGradients[l], patch);
        if (l == 0) return; // the network's input needs no gradient
        // dcol[K][N] = W[O][K]ᵀ · δ[O][N], then summed back onto the pixels of convolution l − 1's output
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, patch, columns, filters, 1f, weights[l], patch,
                s.productPointers[l], columns, 0f, s.colGradientPointers[l], columns);
        float[] colGradient = s.colGradientRows[l];
        s.colGradients[l].get(0, colGradient, 0, patch * columns);
        int k = convolutions[l].kernel();
        int stride = convolutions[l].stride();
        GemmConvolutionLayer.col2im(colGradient, s.outputGradients[l - 1], rows, channels[l], heights[l], widths[l], k, k,
                stride, stride, heights[l + 1], widths[l + 1]);
    }

    /** {@code activation[b][o][p] = max(0, z[o][b·P + p] + bias[o])}. */
    static void biasReluReorder(float[] z, float[] bias, float[] activation, int batch, int filters, int positions) {
        int columns = batch * positions;
        for (int o = 0; o < filters; o++) {
            float b = bias[o];
            for (int r = 0; r < batch; r++) {
                int from = o * columns + r * positions;
                int to = (r * filters + o) * positions;
                for (int p = 0; p < positions; p++) {
                    float v = z[from + p] + b;
                    activation[to + p] = v > 0f ? v : (v == v ? 0f : v); // NaN passes, like DL4J's relu
                }
            }
        }
    }

    /** {@code δ[o][b·P + p] = ε[b][o][p]} where the ReLU passed ({@code activation > 0}), else 0. */
    static void reluBackwardReorder(float[] epsilon, float[] activation, float[] delta, int batch, int filters, int positions) {
        int columns = batch * positions;
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < filters; o++) {
                int from = (r * filters + o) * positions;
                int to = o * columns + r * positions;
                for (int p = 0; p < positions; p++) {
                    delta[to + p] = activation[from + p] > 0f ? epsilon[from + p] : 0f;
                }
            }
        }
    }
}
