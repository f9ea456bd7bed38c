package dev.qsweep.agent;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implementation behind {@link GemmConvolution}: a valid (unpadded), undilated, NCHW convolution with ReLU.
 *
 * <p>Forward: im2col of the whole batch into {@code col [K = C·kH·kW][N = batch·outH·outW]} (plain Java loops over
 * heap arrays, one bulk copy to native memory), {@code Z = W[O][K] · col} in one gemm, then bias, ReLU and the
 * reorder {@code [O][batch][P] → [batch][O][P]} in one Java pass. Backward: the incoming gradient through ReLU,
 * reordered to {@code δ[O][N]}; {@code dW = δ · colᵀ} and, if the input needs a gradient,
 * {@code dcol = Wᵀ · δ} followed by col2im: two gemms. The im2col matrix of the last training forward pass is kept
 * for the backward pass (DL4J's own layer recomputes it).
 *
 * <p>Returned activations and gradients live where DL4J's workspace manager puts them; the scratch buffers are this
 * layer's own, kept per batch size, outside any workspace. Not thread-safe (like every DL4J layer).
 */
final class GemmConvolutionLayer extends ConvolutionLayer {
    private final Map<Integer, Scratch> scratchByBatch = new HashMap<>();
    private Scratch lastForward; // the scratch holding the last training forward pass, for backprop
    private INDArray lastForwardInput;

    GemmConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        if (dataType != DataType.FLOAT) throw new IllegalArgumentException("GemmConvolution supports FLOAT networks only");
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) throw new IllegalArgumentException("GemmConvolution supports NCHW only");
        if (c.getConvolutionMode() != ConvolutionMode.Truncate || c.getPadding()[0] != 0 || c.getPadding()[1] != 0) {
            throw new IllegalArgumentException("GemmConvolution supports valid (Truncate, unpadded) convolutions only");
        }
        if (c.getDilation()[0] != 1 || c.getDilation()[1] != 1) throw new IllegalArgumentException("GemmConvolution: no dilation");
        if (!(c.getActivationFn() instanceof ActivationReLU)) throw new IllegalArgumentException("GemmConvolution is ReLU only");
        if (!c.hasBias()) throw new IllegalArgumentException("GemmConvolution needs a bias");
    }

    private boolean needsInputGradient() {
        return ((GemmConvolution) conf().getLayer()).isInputGradient();
    }

    /** Geometry and heap/native buffers for one batch size. */
    private final class Scratch {
        final int batch;
        final int channels;
        final int height;
        final int width;
        final int filters;
        final int kernelH;
        final int kernelW;
        final int strideH;
        final int strideW;
        final int outH;
        final int outW;
        final int positions; // outH·outW
        final int patch; // K = channels·kH·kW
        final int columns; // N = batch·positions
        final float[] input;
        final float[] col; // the backward pass's dcol (the forward im2col goes straight to colNative)
        final float[] z; // [O][N], then reused for the backward δ
        final float[] activation; // [batch][O][P] after ReLU, for the backward pass
        final float[] bias;
        final float[] outputGradient; // ε [batch][O][P] of the backward pass
        final INDArray colNative;
        final INDArray zNative;
        float[] inputGradient; // allocated on first backward pass that needs it
        INDArray dcolNative;

        Scratch(int batch, long[] inputShape) {
            org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
            this.batch = batch;
            this.channels = (int) inputShape[1];
            this.height = (int) inputShape[2];
            this.width = (int) inputShape[3];
            this.filters = (int) c.getNOut();
            this.kernelH = c.getKernelSize()[0];
            this.kernelW = c.getKernelSize()[1];
            this.strideH = c.getStride()[0];
            this.strideW = c.getStride()[1];
            if (channels != c.getNIn()) {
                throw new IllegalArgumentException("input has " + channels + " channels, layer " + layerId() + " expects " + c.getNIn());
            }
            this.outH = (height - kernelH) / strideH + 1;
            this.outW = (width - kernelW) / strideW + 1;
            if (height < kernelH || width < kernelW) {
                throw new IllegalArgumentException("input " + height + "×" + width + " is smaller than the kernel of " + layerId());
            }
            this.positions = outH * outW;
            this.patch = channels * kernelH * kernelW;
            this.columns = Math.multiplyExact(batch, positions);
            this.input = new float[batch * channels * height * width];
            this.col = new float[Math.toIntExact(Math.multiplyExact((long) patch, columns))];
            this.z = new float[filters * columns];
            this.activation = new float[filters * columns];
            this.bias = new float[filters];
            this.outputGradient = new float[filters * columns];
            this.colNative = detached(patch, columns);
            this.zNative = detached(filters, columns);
        }

        long[] outputShape() {
            return new long[] {batch, filters, outH, outW};
        }
    }

    private static INDArray detached(long rows, long columns) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
        }
    }

    private Scratch scratch(INDArray in) {
        int batch = (int) in.size(0);
        Scratch s = scratchByBatch.get(batch);
        if (s == null || s.channels != in.size(1) || s.height != in.size(2) || s.width != in.size(3)) {
            s = new Scratch(batch, in.shape());
            scratchByBatch.put(batch, s);
        }
        return s;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 4) {
            throw new IllegalArgumentException("layer " + layerId() + " expects a rank-4 NCHW input, got " + input.shapeInfoToString());
        }
        INDArray in = Shape.hasDefaultStridesForShape(input) && input.ordering() == 'c' ? input : input.dup('c');
        Scratch s = scratch(in);
        read(in, s.input);
        im2col(s);
        INDArray w2d = weights2d();
        Nd4j.gemm(w2d, s.colNative, s.zNative, false, false, 1.0, 0.0);
        read(s.zNative, s.z);
        read(getParam(ConvolutionParamInitializer.BIAS_KEY), s.bias);
        biasReluReorder(s);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, s.outputShape(), 'c');
        write(out, s.activation);
        lastForward = training ? s : null;
        lastForwardInput = training ? input : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Scratch s = lastForward;
        if (s == null || lastForwardInput != input) {
            throw new IllegalStateException("layer " + layerId() + ": backprop needs a training forward pass of the same input first");
        }
        INDArray eps = Shape.hasDefaultStridesForShape(epsilon) && epsilon.ordering() == 'c' ? epsilon : epsilon.dup('c');
        float[] delta = s.z; // the forward pre-activations are no longer needed
        read(eps, s.outputGradient);
        reluBackwardReorder(s, s.outputGradient, delta);

        INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        writeBiasGradient(s, delta, biasGrad);
        write(s.zNative, delta);
        INDArray weightGrad2d = weightGrad.reshape('c', s.filters, s.patch);
        if (weightGrad2d.data().address() != weightGrad.data().address() || weightGrad2d.offset() != weightGrad.offset()) {
            throw new IllegalStateException("weight gradient view could not be reshaped without a copy");
        }
        Nd4j.gemm(s.zNative, s.colNative, weightGrad2d, false, true, 1.0, 0.0);

        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        if (needsInputGradient()) {
            if (s.dcolNative == null) {
                s.dcolNative = detached(s.patch, s.columns);
                s.inputGradient = new float[s.input.length];
            }
            Nd4j.gemm(weights2d(), s.zNative, s.dcolNative, true, false, 1.0, 0.0);
            read(s.dcolNative, s.col); // the forward im2col is no longer needed either
            col2im(s, s.col, s.inputGradient);
            write(inputGradient, s.inputGradient);
        } else {
            inputGradient.assign(Float.NaN); // nobody may use it: see GemmConvolution
        }
        lastForward = null;
        lastForwardInput = null;

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, inputGradient);
    }

    /** W [O][C][kH][kW] viewed as [O][K]; a view of the parameter buffer, never a copy. */
    private INDArray weights2d() {
        INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray w2d = w.reshape('c', w.size(0), w.length() / w.size(0));
        if (w2d.data().address() != w.data().address()) throw new IllegalStateException("weights reshape copied");
        return w2d;
    }

    /** {@code col[(c·kH + ky)·kW + kx][b·P + oy·outW + ox] = x[b][c][oy·sH + ky][ox·sW + kx]}. */
    static void im2col(float[] x, float[] col, int batch, int channels, int height, int width, int kernelH, int kernelW,
                       int strideH, int strideW, int outH, int outW) {
        im2col(x, FloatBuffer.wrap(col), 0, batch, channels, height, width, kernelH, kernelW, strideH, strideW, outH, outW);
    }

    /**
     * {@link #im2col} into a buffer from {@code colOffset}: written straight into the native array the gemm reads,
     * which saves copying the largest matrix of the step (3.3M floats for the Nature CNN's first layer).
     */
    static void im2col(float[] x, FloatBuffer col, int colOffset, int batch, int channels, int height, int width,
                       int kernelH, int kernelW, int strideH, int strideW, int outH, int outW) {
        im2col(x, col, colOffset, new float[outH * outW], batch, channels, height, width, kernelH, kernelW, strideH,
                strideW, outH, outW);
    }

    /** As above with a caller-owned gather buffer of at least outH·outW floats (no allocation per call). */
    static void im2col(float[] x, FloatBuffer col, int colOffset, float[] segment, int batch, int channels, int height,
                       int width, int kernelH, int kernelW, int strideH, int strideW, int outH, int outW) {
        int positions = outH * outW;
        int columns = batch * positions;
        // One input plane (28 KB for an 84×84 frame) at a time, so every kernel tap reads it from L1; looping over
        // taps outermost instead re-read the whole batch from L3 once per tap, and cost as much as the gemm.
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int plane = (b * channels + c) * height * width;
                for (int ky = 0; ky < kernelH; ky++) {
                    for (int kx = 0; kx < kernelW; kx++) {
                        // Gathered on the heap, stored with one bulk copy: single-float stores to a direct buffer
                        // are several times slower.
                        for (int oy = 0; oy < outH; oy++) {
                            int from = plane + (oy * strideH + ky) * width + kx;
                            int to = oy * outW;
                            for (int ox = 0; ox < outW; ox++) {
                                segment[to + ox] = x[from + ox * strideW];
                            }
                        }
                        col.put(colOffset + ((c * kernelH + ky) * kernelW + kx) * columns + b * positions, segment, 0, positions);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: {@code dx} is zeroed, then every column entry is added back to its pixel. */
    static void col2im(float[] col, float[] dx, int batch, int channels, int height, int width, int kernelH, int kernelW,
                       int strideH, int strideW, int outH, int outW) {
        java.util.Arrays.fill(dx, 0, batch * channels * height * width, 0f);
        int positions = outH * outW;
        int columns = batch * positions;
        // Plane by plane, like im2col, so the plane being summed into stays in L1.
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int plane = (b * channels + c) * height * width;
                for (int ky = 0; ky < kernelH; ky++) {
                    for (int kx = 0; kx < kernelW; kx++) {
                        int colBase = ((c * kernelH + ky) * kernelW + kx) * columns + b * positions;
                        for (int oy = 0; oy < outH; oy++) {
                            int to = plane + (oy * strideH + ky) * width + kx;
                            int from = colBase + oy * outW;
                            for (int ox = 0; ox < outW; ox++) {
                                dx[to + ox * strideW] += col[from + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void im2col(Scratch s) {
        im2col(s.input, NdFloats.buffer(s.colNative), (int) s.colNative.offset(), s.batch, s.channels, s.height, s.width, s.kernelH, s.kernelW, s.strideH, s.strideW, s.outH, s.outW);
    }

    private static void col2im(Scratch s, float[] col, float[] dx) {
        col2im(col, dx, s.batch, s.channels, s.height, s.width, s.kernelH, s.kernelW, s.strideH, s.strideW, s.outH, s.outW);
    }

    /** {@code activation[b][o][p] = max(0, z[o][b·P + p] + bias[o])}. */
    private static void biasReluReorder(Scratch s) {
        FusedCnn.biasReluReorder(s.z, s.bias, s.activation, s.batch, s.filters, s.positions);
    }

    /** {@code δ[o][b·P + p] = ε[b][o][p] · [activation[b][o][p] > 0]}. */
    private static void reluBackwardReorder(Scratch s, float[] epsilon, float[] delta) {
        FusedCnn.reluBackwardReorder(epsilon, s.activation, delta, s.batch, s.filters, s.positions);
    }

    private static void writeBiasGradient(Scratch s, float[] delta, INDArray biasGrad) {
        FloatBuffer buffer = NdFloats.buffer(biasGrad);
        long stride = biasGrad.length() == 1 ? 1 : biasGrad.stride(biasGrad.rank() - 1);
        for (int o = 0; o < s.filters; o++) {
            float sum = 0f;
            int from = o * s.columns;
            for (int k = 0; k < s.columns; k++) sum += delta[from + k];
            buffer.put((int) (biasGrad.offset() + o * stride), sum);
        }
    }

    /** Bulk copy of a c-order contiguous array's values into {@code out}. */
    private static void read(INDArray array, float[] out) {
        NdFloats.buffer(array).get((int) array.offset(), out, 0, (int) array.length());
    }

    private static void write(INDArray array, float[] values) {
        NdFloats.buffer(array).put((int) array.offset(), values, 0, (int) array.length());
    }
}
