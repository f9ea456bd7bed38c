package dev.qsweep.agent;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward pass of an MLP Q-network computed directly on DL4J's flat parameter and gradient views:
 * one {@code sgemm} of ND4J's own OpenBLAS per matrix product (two per layer and pass), everything elementwise
 * (bias, ReLU, its derivative, the loss) in Java on reused buffers. No ND4J op, no per-step allocation.
 *
 * <p>Why: DL4J's backprop of a small MLP costs ~30 native ops of 10–50 µs fixed overhead each plus per-layer Java
 * bookkeeping, several times the arithmetic. Here the gradient of the summed loss is written where DL4J writes its
 * own, so clipping, {@link FlatAdam} and the checkpoint format see no difference. {@code FusedMlpGradientTest}
 * proves it equal to DL4J's {@code computeGradientAndScore} within float rounding.
 *
 * <p>Layout: DL4J keeps a dense layer's W [nIn, nOut] in 'f' order, which is W<sup>T</sup> row-major
 * ({@code [out][in]}); activations are row-major {@code [rows][width]}. Then, per layer with input X and output
 * delta D: forward {@code H = X·Wᵀᵀ} = {@code sgemm(N, T)}, weight gradient {@code dWᵀ = Dᵀ·X} = {@code sgemm(T, N)}
 * straight into the gradient view, input gradient {@code dX = D·Wᵀ} = {@code sgemm(N, N)}.
 *
 * <p>The output head is the last layer: Q = features·W + b, and the taken-action loss seeds the backward pass
 * ({@link #seedTakenActionGradient}). Other heads (dueling, distributional) replace that method and the last
 * layer's shape; the trunk above them stays.
 *
 * <p>Not thread-safe: one instance per network.
 */
final class FusedMlp {
    private final int[] widths;
    private final int layers;
    private final Loss loss;
    private final FloatBuffer parameterBuffer;
    private final FloatBuffer gradientBuffer;
    private final FloatPointer[] weights;          // W of layer l, as Wᵀ row-major, inside the parameter view
    private final FloatPointer[] weightGradients;  // its gradient, same layout, inside the gradient view
    private final int[] biasOffsets;
    private final int[] biasGradientOffsets;
    private final float[][] biases;
    private final float[][] biasGradients;
    /** The head's loss and backward seed; null for today's head (the taken-action loss below). */
    private final HeadOutputs headOutputs;
    private Scratch scratch;

    private final HeadOutputs.RowLosses rowLossScratch = new HeadOutputs.RowLosses();

    // A noisy head (null without): the effective W = μ + σ ⊙ ε of each noisy layer is materialised into a native
    // scratch before every forward pass, the same sgemm code runs on it, and the backward pass adds dσ = dμ ⊙ ε.
    private NoisyWeights noisy;
    private int[] noisyIndexOfLayer; // noisy layer of each layer, or −1
    private FloatBuffer[] noisyWeightScratch;
    private int gradientShift; // where the gradient view starts relative to the parameters in their buffers
    private boolean noisyStale = true; // the parameters changed since the effective weights were made
    private long noisyVersion; // the noise they were made with

    /** True for a CNN's dense part: the backward pass also writes the gradient w.r.t. the input ({@link #inputGradient}). */
    private final boolean trunkInput;
    /** Index of this part's first layer in the DL4J network: 0 for an MLP, the number of convolutions for a CNN. */
    private final int firstLayer;

    FusedMlp(QNetworkSpec spec, MultiLayerNetwork net, INDArray params, INDArray gradients) {
        this(spec, net, params, gradients, 0);
        if (!spec.isMlp()) throw new IllegalArgumentException("FusedMlp needs an MLP, got " + spec.architecture());
    }

    /**
     * The dense layers of a CNN, from DL4J layer {@code firstLayer} on, reading the flattened output of the last
     * convolution ({@link FusedCnn}); the backward pass then also leaves the gradient w.r.t. that input.
     */
    FusedMlp(QNetworkSpec spec, MultiLayerNetwork net, INDArray params, INDArray gradients, int firstLayer) {
        if (firstLayer != spec.architecture().convolutions().length) {
            throw new IllegalArgumentException("the dense part of " + spec.architecture() + " starts at layer "
                    + spec.architecture().convolutions().length + ", not " + firstLayer);
        }
        this.firstLayer = firstLayer;
        this.trunkInput = firstLayer > 0;
        this.widths = spec.denseLayerWidths();
        this.layers = widths.length - 1;
        this.loss = spec.loss();
        this.headOutputs = spec.head().isPlain() ? null : new HeadOutputs(spec.head(), spec.numActions());
        this.parameterBuffer = NdFloats.buffer(params);
        this.gradientBuffer = NdFloats.buffer(gradients);
        FloatPointer parameterBase = new FloatPointer(parameterBuffer);
        FloatPointer gradientBase = new FloatPointer(gradientBuffer);
        weights = new FloatPointer[layers];
        weightGradients = new FloatPointer[layers];
        biasOffsets = new int[layers];
        biasGradientOffsets = new int[layers];
        biases = new float[layers][];
        biasGradients = new float[layers][];
        for (int l = 0; l < layers; l++) {
            INDArray w = net.getLayer(firstLayer + l).getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = net.getLayer(firstLayer + l).getParam(DefaultParamInitializer.BIAS_KEY);
            int in = widths[l];
            int out = widths[l + 1];
            if (w.data().address() != params.data().address() || w.stride(0) != 1 || w.stride(1) != in
                    || b.length() != out || b.elementWiseStride() != 1) {
                throw new IllegalStateException("layer " + l + " parameters are not the expected views of the flat "
                        + "parameter buffer (W 'f'-order [" + in + ", " + out + "], contiguous b)");
            }
            // DL4J lays the flat gradient out like the flat parameters: same offsets relative to each view's start.
            long gradientShift = gradients.offset() - params.offset();
            weights[l] = new FloatPointer(parameterBase).position(w.offset());
            weightGradients[l] = new FloatPointer(gradientBase).position(w.offset() + gradientShift);
            biasOffsets[l] = Math.toIntExact(b.offset());
            biasGradientOffsets[l] = Math.toIntExact(b.offset() + gradientShift);
            biases[l] = new float[out];
            biasGradients[l] = new float[out];
            INDArray layerGradient = net.getLayer(firstLayer + l).getGradientsViewArray();
            INDArray layerParams = net.getLayer(firstLayer + l).params();
            if (layerGradient.offset() - gradients.offset() != layerParams.offset() - params.offset()) {
                throw new IllegalStateException("layer " + l + " gradient view is not laid out like its parameters");
            }
        }
        this.gradientShift = Math.toIntExact(gradients.offset() - params.offset());
    }

    /**
     * From now on layers that are noisy compute with their effective weights (and write their σ gradients), which
     * {@code noisyWeights} materialises from the parameters and the current noise.
     */
    void useNoise(NoisyWeights noisyWeights) {
        this.noisy = noisyWeights;
        this.noisyIndexOfLayer = new int[layers];
        this.noisyWeightScratch = new FloatBuffer[layers];
        int firstDense = noisyWeights.networkLayers() - layers; // the dense layers are the network's last ones
        for (int l = 0; l < layers; l++) {
            int k = noisyWeights.indexOf(firstDense + l);
            noisyIndexOfLayer[l] = k;
            if (k < 0) continue;
            noisyWeightScratch[l] = directFloats(widths[l] * widths[l + 1]);
            // sgemm reads Wᵀ row-major, which is the 'f' order the scratch holds, in both passes.
            weights[l] = new FloatPointer(noisyWeightScratch[l]);
        }
    }

    /** The parameters changed (an optimizer step, a target update): the effective weights must be made again. */
    void parametersChanged() {
        noisyStale = true;
    }

    /**
     * Effective weights of the noisy layers into their native scratch, from the parameters and noise of now; kept
     * while neither changes (a gradient step runs up to three forward passes with the same ones).
     */
    private void materialiseNoisyWeights() {
        if (!noisyStale && noisy.noise().version() == noisyVersion) return;
        noisyStale = false;
        noisyVersion = noisy.noise().version();
        noisy.refresh(parameterBuffer);
        for (int l = 0; l < layers; l++) {
            int k = noisyIndexOfLayer[l];
            if (k >= 0) noisyWeightScratch[l].put(0, noisy.effective(k), 0, widths[l] * widths[l + 1]);
        }
    }

    /** Activations and deltas of one batch size: native for sgemm, a heap mirror for the elementwise passes. */
    private final class Scratch {
        final int rows;
        final FloatBuffer input;
        final FloatPointer inputPointer;
        final FloatBuffer[] activations = new FloatBuffer[layers];
        final FloatPointer[] activationPointers = new FloatPointer[layers];
        final float[][] activationRows = new float[layers][];
        final FloatBuffer[] deltas = new FloatBuffer[layers];
        final FloatPointer[] deltaPointers = new FloatPointer[layers];
        final float[][] deltaRows = new float[layers][];
        /** dℓ/d(input) of a CNN's dense part; null for an MLP (its input needs no gradient). */
        final FloatBuffer inputGradient;
        final FloatPointer inputGradientPointer;

        Scratch(int rows) {
            this.rows = rows;
            input = directFloats(rows * widths[0]);
            inputPointer = new FloatPointer(input);
            inputGradient = trunkInput ? directFloats(rows * widths[0]) : null;
            inputGradientPointer = trunkInput ? new FloatPointer(inputGradient) : null;
            for (int l = 0; l < layers; l++) {
                int size = rows * widths[l + 1];
                activations[l] = directFloats(size);
                activationPointers[l] = new FloatPointer(activations[l]);
                activationRows[l] = new float[size];
                deltas[l] = directFloats(size);
                deltaPointers[l] = new FloatPointer(deltas[l]);
                deltaRows[l] = new float[size];
            }
        }
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private Scratch scratch(int rows) {
        if (scratch == null || scratch.rows != rows) scratch = new Scratch(rows);
        return scratch;
    }

    /** The last layer's outputs of {@code rows} states, row-major {@code [rows][input] → [rows][outputWidth]}: Q-values for today's head. */
    void qValues(float[] obsBatch, int rows, float[] out) {
        Scratch s = forward(obsBatch, rows);
        System.arraycopy(s.activationRows[layers - 1], 0, out, 0, rows * widths[layers]);
    }

    /**
     * Writes ∇θ Σ_i ℓ(Q(s_i,a_i) − y_i), the gradient of the summed loss, into the gradient view (as DL4J's
     * {@code computeGradientAndScore} does) and returns the batch means of the loss and of Q(s_i,a_i).
     */
    TrainStats sumLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] rowWeights, int rows) {
        return sumLossGradient(obsBatch, actions, targets, rowWeights, rows, null);
    }

    /**
     * As {@link #sumLossGradient(float[], int[], float[], float[], int)} for any head ({@code targets} per
     * {@link HeadOutputs#seed}), writing each row's unweighted loss into {@code perSampleLoss} when it is not null.
     */
    TrainStats sumLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] rowWeights, int rows,
                               float[] perSampleLoss) {
        Scratch s = forward(obsBatch, rows);
        double[] sums;
        if (headOutputs == null) {
            sums = seedTakenActionGradient(s, actions, targets, rowWeights, perSampleLoss);
        } else {
            float[] rowLosses = rowWeights == null ? perSampleLoss : rowLossScratch.of(perSampleLoss, rows);
            sums = headOutputs.seed(s.activationRows[layers - 1], rows, actions, targets, loss, s.deltaRows[layers - 1], rowLosses);
            if (rowWeights != null) {
                sums[0] = HeadOutputs.weightRows(s.deltaRows[layers - 1], rows, widths[layers], rowWeights, rowLosses);
            }
            s.deltas[layers - 1].put(0, s.deltaRows[layers - 1], 0, rows * widths[layers]);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = widths[l];
            int out = widths[l + 1];
            FloatPointer layerInput = l == 0 ? s.inputPointer : s.activationPointers[l - 1];
            // dWᵀ[out][in] = Dᵀ · X
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, rows, 1f, s.deltaPointers[l], out,
                    layerInput, in, 0f, weightGradients[l], in);
            float[] biasGradient = biasGradients[l];
            Arrays.fill(biasGradient, 0f);
            float[] delta = s.deltaRows[l];
            for (int r = 0; r < rows; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) biasGradient[j] += delta[row + j];
            }
            gradientBuffer.put(biasGradientOffsets[l], biasGradient, 0, out);
            if (noisy != null && noisyIndexOfLayer[l] >= 0) noisy.writeSigmaGradients(noisyIndexOfLayer[l], gradientBuffer, gradientShift);
            if (l == 0) {
                // An MLP's input needs no gradient; a CNN's convolutions need dX = D · Wᵀ (their ReLU masks it).
                if (trunkInput) {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, in, out, 1f, s.deltaPointers[0], out,
                            weights[0], in, 0f, s.inputGradientPointer, in);
                }
                break;
            }
            // dX[rows][in] = D · Wᵀ, then through the ReLU of layer l − 1: zero where its output was not positive
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, in, out, 1f, s.deltaPointers[l], out,
                    weights[l], in, 0f, s.deltaPointers[l - 1], in);
            float[] previous = s.deltaRows[l - 1];
            float[] activation = s.activationRows[l - 1];
            int size = rows * in;
            s.deltas[l - 1].get(0, previous, 0, size);
            for (int k = 0; k < size; k++) {
                if (!(activation[k] > 0f)) previous[k] = 0f;
            }
            s.deltas[l - 1].put(0, previous, 0, size);
        }
        return new TrainStats(sums[0] / rows, sums[1] / rows);
    }

    /** After {@link #sumLossGradient} of a CNN's dense part: dℓ/d(input) of its {@code rows} rows into {@code out}. */
    void inputGradient(int rows, float[] out) {
        if (!trunkInput) throw new IllegalStateException("an MLP's input gradient is not computed");
        scratch(rows).inputGradient.get(0, out, 0, rows * widths[0]);
    }

    /**
     * The output head's backward seed: dℓ/dQ is ℓ'(Q(s_i,a_i) − y_i) in the taken action's column and 0 elsewhere,
     * the arithmetic of {@link TakenActionLoss}, times the row's weight when {@code rowWeights} is given. Returns
     * {Σ loss, Σ Q(s_i,a_i)}.
     */
    private double[] seedTakenActionGradient(Scratch s, int[] actions, float[] targets, float[] rowWeights,
                                             float[] perSampleLoss) {
        int numActions = widths[layers];
        float[] q = s.activationRows[layers - 1];
        float[] seed = s.deltaRows[layers - 1];
        Arrays.fill(seed, 0, s.rows * numActions, 0f);
        double lossSum = 0;
        double takenQSum = 0;
        for (int r = 0; r < s.rows; r++) {
            int action = actions[r];
            if (action < 0 || action >= numActions) {
                throw new IllegalArgumentException("actions[" + r + "] = " + action + " is outside [0, " + numActions + ")");
            }
            float qValue = q[r * numActions + action];
            float error = qValue - targets[r];
            if (rowWeights == null) {
                seed[r * numActions + action] = (float) loss.derivative(error);
                lossSum += loss.value(error);
            } else {
                seed[r * numActions + action] = rowWeights[r] * (float) loss.derivative(error);
                lossSum += rowWeights[r] * loss.value(error);
            }
            if (perSampleLoss != null) perSampleLoss[r] = (float) loss.value(error);
            takenQSum += qValue;
        }
        s.deltas[layers - 1].put(0, seed, 0, s.rows * numActions);
        return new double[] {lossSum, takenQSum};
    }

    /** H_l = relu(H_{l−1}·W_l + b_l) for the hidden layers, Q = H·W + b for the last; DL4J's order: product, then bias. */
    private Scratch forward(float[] obsBatch, int rows) {
        Scratch s = scratch(rows);
        if (noisy != null) materialiseNoisyWeights();
        s.input.put(0, obsBatch, 0, rows * widths[0]);
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            FloatPointer layerInput = l == 0 ? s.inputPointer : s.activationPointers[l - 1];
            if (rows == 1 && trunkInput) {
                // One state of a CNN (acting): a matrix-vector product; sgemm would first pack all of W into its
                // panel layout (6.4 MB for the Nature CNN's first dense layer) to use it once.
                cblas_sgemv(CblasRowMajor, CblasNoTrans, out, in, 1f, weights[l], in, layerInput, 1, 0f,
                        s.activationPointers[l], 1);
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, out, in, 1f, layerInput, in,
                        weights[l], in, 0f, s.activationPointers[l], out);
            }
            float[] bias = biases[l];
            parameterBuffer.get(biasOffsets[l], bias, 0, out);
            if (noisy != null && noisyIndexOfLayer[l] >= 0) {
                int k = noisyIndexOfLayer[l];
                System.arraycopy(noisy.effective(k), noisy.biasOffset(k), bias, 0, out);
            }
            float[] h = s.activationRows[l];
            int size = rows * out;
            s.activations[l].get(0, h, 0, size);
            boolean hidden = l < layers - 1;
            for (int r = 0; r < rows; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) {
                    float value = h[row + j] + bias[j];
                    h[row + j] = hidden && value < 0f ? 0f : value; // NaN passes through, as in DL4J
                }
            }
            if (hidden) s.activations[l].put(0, h, 0, size);
        }
        return s;
    }
}
