package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.FactorisedNoise;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The effective weights of a network's noisy layers, W = μ_W + σ_W ⊙ (ε_in ⊗ ε_out) and b = μ_b + σ_b ⊙ ε_out, and
 * the σ part of their gradient, dσ = dμ ⊙ ε: the arithmetic shared by DL4J's {@link NoisyDenseLayer} and the fast
 * paths, so every path rounds the same way (each product and sum once in float, ε_in·ε_out first).
 *
 * <p>Layout: W in DL4J's 'f' order for a dense layer's [in, out], element (i, j) at {@code j·in + i}, which is also
 * Wᵀ row-major as {@link FusedMlp} and {@link MlpForward#loadLayer} read it.
 *
 * <p>An instance materialises one network's noisy layers from its flat parameter buffer into heap arrays
 * ({@link #refresh}) and writes their σ gradients into its flat gradient buffer ({@link #writeSigmaGradients}).
 * Not thread-safe.
 */
final class NoisyWeights {
    private final NetworkNoise noise;
    private final int networkLayers;
    private final int[] dl4jLayers;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] meanWeightOffsets;
    private final int[] meanBiasOffsets;
    private final int[] sigmaWeightOffsets;
    private final int[] sigmaBiasOffsets;
    private final float[][] mean;
    private final float[][] sigma;
    private final float[][] effective; // per layer: W ('f' order) then b
    private final float[][] biasMean;
    private final float[][] biasSigma;

    NoisyWeights(MultiLayerNetwork net, NetworkNoise noise) {
        this.noise = noise;
        this.networkLayers = net.getnLayers();
        List<Integer> found = new ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            if (net.getLayer(l) instanceof NoisyDenseLayer) found.add(l);
        }
        int count = found.size();
        if (count != noise.layerCount()) {
            throw new IllegalStateException("network has " + count + " noisy layers, its noise " + noise.layerCount());
        }
        dl4jLayers = new int[count];
        inputs = new int[count];
        outputs = new int[count];
        meanWeightOffsets = new int[count];
        meanBiasOffsets = new int[count];
        sigmaWeightOffsets = new int[count];
        sigmaBiasOffsets = new int[count];
        mean = new float[count][];
        sigma = new float[count][];
        effective = new float[count][];
        biasMean = new float[count][];
        biasSigma = new float[count][];
        INDArray params = net.params();
        for (int k = 0; k < count; k++) {
            Layer layer = net.getLayer(found.get(k));
            dl4jLayers[k] = found.get(k);
            INDArray w = layer.getParam(NoisyDenseParamInitializer.WEIGHT_KEY);
            inputs[k] = (int) w.size(0);
            outputs[k] = (int) w.size(1);
            meanWeightOffsets[k] = contiguousOffset(w, params);
            meanBiasOffsets[k] = contiguousOffset(layer.getParam(NoisyDenseParamInitializer.BIAS_KEY), params);
            sigmaWeightOffsets[k] = contiguousOffset(layer.getParam(NoisyDenseParamInitializer.WEIGHT_SIGMA_KEY), params);
            sigmaBiasOffsets[k] = contiguousOffset(layer.getParam(NoisyDenseParamInitializer.BIAS_SIGMA_KEY), params);
            int size = inputs[k] * outputs[k];
            mean[k] = new float[size];
            sigma[k] = new float[size];
            effective[k] = new float[size + outputs[k]];
            biasMean[k] = new float[outputs[k]];
            biasSigma[k] = new float[outputs[k]];
        }
    }

    /** The view's offset in the flat buffer; it must be a contiguous block of it (a matrix in 'f' order, or a row). */
    private static int contiguousOffset(INDArray view, INDArray flat) {
        boolean contiguous = view.rank() == 1 || view.size(0) == 1 || view.ordering() == 'f' && view.stride(0) == 1
                && view.stride(1) == view.size(0);
        if (view.data().address() != flat.data().address() || !contiguous) {
            throw new IllegalStateException("noisy layer parameters are not contiguous views of the flat parameters");
        }
        return Math.toIntExact(view.offset());
    }

    int layerCount() {
        return dl4jLayers.length;
    }

    /** Layers of the whole DL4J network (convolutions included). */
    int networkLayers() {
        return networkLayers;
    }

    /** The DL4J layer index of noisy layer {@code k}. */
    int dl4jLayer(int k) {
        return dl4jLayers[k];
    }

    boolean isNoisy(int dl4jLayer) {
        return indexOf(dl4jLayer) >= 0;
    }

    /** The noisy layer at DL4J layer {@code dl4jLayer}, or −1. */
    int indexOf(int dl4jLayer) {
        for (int k = 0; k < dl4jLayers.length; k++) if (dl4jLayers[k] == dl4jLayer) return k;
        return -1;
    }

    /** Effective W and b of every noisy layer from the parameters now in {@code params} and the current noise. */
    void refresh(FloatBuffer params) {
        for (int k = 0; k < dl4jLayers.length; k++) {
            int size = inputs[k] * outputs[k];
            params.get(meanWeightOffsets[k], mean[k], 0, size);
            params.get(meanBiasOffsets[k], biasMean[k], 0, outputs[k]);
            float[] out = effective[k];
            if (!noise.active()) {
                System.arraycopy(mean[k], 0, out, 0, size);
                System.arraycopy(biasMean[k], 0, out, size, outputs[k]);
                continue;
            }
            params.get(sigmaWeightOffsets[k], sigma[k], 0, size);
            params.get(sigmaBiasOffsets[k], biasSigma[k], 0, outputs[k]);
            FactorisedNoise eps = noise.layer(k);
            effectiveWeights(mean[k], sigma[k], inputs[k], outputs[k], eps.noiseIn(), eps.noiseOut(), out);
            effectiveBiases(biasMean[k], biasSigma[k], outputs[k], eps.noiseOut(), biasMean[k]); // in place: reads j before writing j
            System.arraycopy(biasMean[k], 0, out, size, outputs[k]);
        }
    }

    /**
     * Effective W ('f' order, {@code in·out} values) then b ({@code out} values, from {@link #biasOffset}) of noisy
     * layer {@code k}, as of the last {@link #refresh}.
     */
    float[] effective(int k) {
        return effective[k];
    }

    /** Where b starts in {@link #effective}: in·out. */
    int biasOffset(int k) {
        return inputs[k] * outputs[k];
    }

    /** The noise this instance reads: its {@link NetworkNoise#version} tells when {@link #refresh} is due. */
    NetworkNoise noise() {
        return noise;
    }

    /**
     * dσ_W = dμ_W ⊙ ε_W and dσ_b = dμ_b ⊙ ε_out of noisy layer {@code k}, from the μ gradients already in
     * {@code gradients} (the flat gradient view, laid out like the parameters {@code gradientShift} further on).
     */
    void writeSigmaGradients(int k, FloatBuffer gradients, int gradientShift) {
        int size = inputs[k] * outputs[k];
        float[] scratch = sigma[k]; // σ itself is no longer needed until the next refresh
        gradients.get(meanWeightOffsets[k] + gradientShift, mean[k], 0, size);
        gradients.get(meanBiasOffsets[k] + gradientShift, biasMean[k], 0, outputs[k]);
        if (noise.active()) {
            FactorisedNoise eps = noise.layer(k);
            sigmaWeightGradients(mean[k], inputs[k], outputs[k], eps.noiseIn(), eps.noiseOut(), scratch);
            sigmaBiasGradients(biasMean[k], outputs[k], eps.noiseOut(), biasSigma[k]);
        } else {
            Arrays.fill(scratch, 0, size, 0f);
            Arrays.fill(biasSigma[k], 0f);
        }
        gradients.put(sigmaWeightOffsets[k] + gradientShift, scratch, 0, size);
        gradients.put(sigmaBiasOffsets[k] + gradientShift, biasSigma[k], 0, outputs[k]);
    }

    /**
     * {@code out[j·in + i] = mean[j·in + i] + sigma[j·in + i]·(noiseIn[i]·noiseOut[j])}, in float: σ ⊙ ε_W rounded,
     * then μ added (Java evaluates {@code μ + σ·ε} in that order too, without a fused multiply-add).
     */
    static void effectiveWeights(float[] mean, float[] sigma, int inputs, int outputs, float[] noiseIn, float[] noiseOut,
                                 float[] out) {
        sigmaWeightGradients(sigma, inputs, outputs, noiseIn, noiseOut, out);
        for (int k = 0; k < inputs * outputs; k++) out[k] = mean[k] + out[k];
    }

    /** {@code out[j] = mean[j] + sigma[j]·noiseOut[j]}. */
    static void effectiveBiases(float[] mean, float[] sigma, int outputs, float[] noiseOut, float[] out) {
        for (int j = 0; j < outputs; j++) out[j] = mean[j] + sigma[j] * noiseOut[j];
    }

    /**
     * {@code out[j·in + i] = meanGradient[j·in + i]·(noiseIn[i]·noiseOut[j])}: dσ_W = dW ⊙ ε_W (and, applied to σ,
     * the noise part σ ⊙ ε_W of the effective weights).
     */
    static void sigmaWeightGradients(float[] meanGradient, int inputs, int outputs, float[] noiseIn, float[] noiseOut,
                                     float[] out) {
        for (int j = 0; j < outputs; j++) {
            float noiseOutJ = noiseOut[j];
            int column = j * inputs;
            for (int i = 0; i < inputs; i++) {
                float eps = noiseIn[i] * noiseOutJ;
                out[column + i] = meanGradient[column + i] * eps;
            }
        }
    }

    /** {@code out[j] = meanGradient[j]·noiseOut[j]}: dσ_b = db ⊙ ε_out. */
    static void sigmaBiasGradients(float[] meanGradient, int outputs, float[] noiseOut, float[] out) {
        for (int j = 0; j < outputs; j++) out[j] = meanGradient[j] * noiseOut[j];
    }
}
