package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.FactorisedNoise;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implementation behind {@link NoisyDense}. Forward: {@code z = x·W + b} with the effective
 * W = μ_W + σ_W ⊙ ε_W, b = μ_b + σ_b ⊙ ε_b ({@link NoisyWeights}), then the configured activation. Backward: the
 * activation's derivative gives δ; dμ_W = xᵀ·δ and dμ_b = Σ_rows δ (written into DL4J's gradient views like a dense
 * layer's), dσ_W = dμ_W ⊙ ε_W, dσ_b = dμ_b ⊙ ε_b, and the input gradient δ·Wᵀ with the effective W.
 *
 * <p>The noise is the owner's ({@link #attach}); a layer without an owner, or whose owner uses the mean weights,
 * computes with μ alone (ε = 0). The effective weights live in a scratch array of this layer, outside any workspace,
 * recomputed for every pass (the parameters change under the layer's feet at each optimizer step).
 */
final class NoisyDenseLayer extends BaseLayer<NoisyDense> {
    private NetworkNoise owner;
    private int noiseIndex;
    private INDArray effectiveWeights; // [nIn, nOut] 'f', detached
    private INDArray effectiveBiases; // [1, nOut], detached
    private float[] mean;
    private float[] sigma;
    private float[] weightScratch;
    private float[] biasMean;
    private float[] biasSigma;
    private float[] biasScratch;
    private float[] deltaRows = new float[0];
    private float[] weightGradient; // backward scratch, allocated on the first backward pass
    private float[] sigmaGradient;

    NoisyDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (dataType != DataType.FLOAT) throw new IllegalArgumentException("NoisyDense supports FLOAT networks only");
    }

    /** From now on this layer's ε is noisy layer {@code k} of {@code noise}, used while it is active. */
    void attach(NetworkNoise noise, int k) {
        this.owner = noise;
        this.noiseIndex = k;
    }

    private int inputs() {
        return (int) layerConf().getNIn();
    }

    private int outputs() {
        return (int) layerConf().getNOut();
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /** W and b to compute with: μ's own views when there is no active noise, else the materialised effective ones. */
    private INDArray[] weightsAndBiases() {
        INDArray w = getParam(NoisyDenseParamInitializer.WEIGHT_KEY);
        INDArray b = getParam(NoisyDenseParamInitializer.BIAS_KEY);
        if (owner == null || !owner.active()) return new INDArray[] {w, b};
        int in = inputs();
        int out = outputs();
        if (effectiveWeights == null) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                effectiveWeights = Nd4j.create(DataType.FLOAT, new long[] {in, out}, 'f');
                effectiveBiases = Nd4j.create(DataType.FLOAT, new long[] {1, out}, 'c');
            }
            mean = new float[in * out];
            sigma = new float[in * out];
            weightScratch = new float[in * out];
            biasMean = new float[out];
            biasSigma = new float[out];
            biasScratch = new float[out];
        }
        FactorisedNoise eps = owner.layer(noiseIndex);
        read(w, mean);
        read(getParam(NoisyDenseParamInitializer.WEIGHT_SIGMA_KEY), sigma);
        read(b, biasMean);
        read(getParam(NoisyDenseParamInitializer.BIAS_SIGMA_KEY), biasSigma);
        NoisyWeights.effectiveWeights(mean, sigma, in, out, eps.noiseIn(), eps.noiseOut(), weightScratch);
        NoisyWeights.effectiveBiases(biasMean, biasSigma, out, eps.noiseOut(), biasScratch);
        write(effectiveWeights, weightScratch);
        write(effectiveBiases, biasScratch);
        return new INDArray[] {effectiveWeights, effectiveBiases};
    }

    private INDArray preActivation(INDArray w, INDArray b, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        if (input.rank() != 2 || input.size(1) != inputs()) {
            throw new IllegalArgumentException("layer " + layerId() + " expects input [batch, " + inputs() + "], got " + input.shapeInfoToString());
        }
        INDArray x = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        INDArray z = workspaceMgr.createUninitialized(type, DataType.FLOAT, new long[] {x.size(0), outputs()}, 'c'); // 'c' like DL4J's dense layers
        x.mmuli(w, z);
        z.addiRowVector(b);
        return z;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray[] wb = weightsAndBiases();
        INDArray z = preActivation(wb[0], wb[1], workspaceMgr, ArrayType.ACTIVATIONS);
        return layerConf().getActivationFn().getActivation(z, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray[] wb = weightsAndBiases();
        INDArray z = preActivation(wb[0], wb[1], workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray x = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        int in = inputs();
        int out = outputs();

        INDArray weightGrad = gradientViews.get(NoisyDenseParamInitializer.WEIGHT_KEY);
        INDArray biasGrad = gradientViews.get(NoisyDenseParamInitializer.BIAS_KEY);
        INDArray sigmaWeightGrad = gradientViews.get(NoisyDenseParamInitializer.WEIGHT_SIGMA_KEY);
        INDArray sigmaBiasGrad = gradientViews.get(NoisyDenseParamInitializer.BIAS_SIGMA_KEY);
        Nd4j.gemm(x, delta, weightGrad, true, false, 1.0, 0.0); // dμ_W = xᵀ·δ, as DL4J's dense layer
        if (deltaRows.length < delta.length()) deltaRows = new float[(int) delta.length()];
        NdFloats.read(delta, deltaRows);
        float[] biasSums = new float[out];
        for (int r = 0; r < delta.size(0); r++) {
            for (int j = 0; j < out; j++) biasSums[j] += deltaRows[r * out + j];
        }
        write(biasGrad, biasSums);

        if (weightGradient == null) {
            weightGradient = new float[in * out];
            sigmaGradient = new float[in * out];
        }
        float[] sigmaBiasGradient = new float[out];
        java.util.Arrays.fill(sigmaGradient, 0f);
        if (owner != null && owner.active()) {
            FactorisedNoise eps = owner.layer(noiseIndex);
            read(weightGrad, weightGradient);
            NoisyWeights.sigmaWeightGradients(weightGradient, in, out, eps.noiseIn(), eps.noiseOut(), sigmaGradient);
            NoisyWeights.sigmaBiasGradients(biasSums, out, eps.noiseOut(), sigmaBiasGradient);
        }
        write(sigmaWeightGrad, sigmaGradient);
        write(sigmaBiasGrad, sigmaBiasGradient);

        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[] {x.size(0), in}, 'f');
        delta.mmuli(wb[0].transpose(), epsilonNext); // δ·Wᵀ with the W of the forward pass

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(NoisyDenseParamInitializer.WEIGHT_KEY, weightGrad, 'f');
        gradient.setGradientFor(NoisyDenseParamInitializer.BIAS_KEY, biasGrad);
        gradient.setGradientFor(NoisyDenseParamInitializer.WEIGHT_SIGMA_KEY, sigmaWeightGrad, 'f');
        gradient.setGradientFor(NoisyDenseParamInitializer.BIAS_SIGMA_KEY, sigmaBiasGrad);
        return new Pair<>(gradient, epsilonNext);
    }

    /** A contiguous parameter or gradient block (an 'f' matrix or a row) into {@code out}, in its memory order. */
    private static void read(INDArray block, float[] out) {
        FloatBuffer buffer = NdFloats.buffer(block);
        buffer.get(Math.toIntExact(block.offset()), out, 0, (int) block.length());
    }

    private static void write(INDArray block, float[] values) {
        FloatBuffer buffer = NdFloats.buffer(block);
        buffer.put(Math.toIntExact(block.offset()), values, 0, (int) block.length());
    }
}
