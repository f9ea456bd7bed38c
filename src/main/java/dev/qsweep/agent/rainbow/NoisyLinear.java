package dev.qsweep.agent.rainbow;

import dev.qsweep.rng.NumpyGenerator;

/**
 * A factorised Gaussian noisy linear layer (Fortunato et al. 2018, "Noisy Networks for Exploration", §3.2) as pure
 * functions over flat float arrays. p inputs, q outputs; weights are {@code [p][q]} row-major (input-major, as
 * DL4J's dense layers and {@code dev.qsweep.agent.MlpForward}: {@code w[i·q + j]}).
 *
 * <pre>
 *   ε_w[i][j] = f(ε_in[i])·f(ε_out[j]),   ε_b[j] = f(ε_out[j]),   f(x) = sgn(x)·√|x|
 *   y_j = Σ_i x_i·(μ_w[i][j] + σ_w[i][j]·ε_w[i][j]) + μ_b[j] + σ_b[j]·ε_b[j]
 * </pre>
 * The noise vectors passed here are already scaled by f ({@link FactorisedNoise} holds them). Sums are in double,
 * each output rounded once to float.
 */
public final class NoisyLinear {
    private NoisyLinear() {
    }

    /** f(x) = sgn(x)·√|x|, the factorised noise's scaling. */
    public static double scale(double x) {
        return Math.signum(x) * Math.sqrt(Math.abs(x));
    }

    /**
     * The paper's initialisation for factorised noise: μ_w and μ_b uniform in ±1/√p, σ_w and σ_b all σ0/√p (σ0 = 0.5
     * in the paper). Draw order: μ_w in its [p][q] order, then μ_b, each one {@code rng.uniform}.
     */
    public static void initialise(NumpyGenerator rng, int inputs, int outputs, double sigma0, float[] weightMean,
                                  float[] weightSigma, float[] biasMean, float[] biasSigma) {
        double bound = 1.0 / Math.sqrt(inputs);
        for (int k = 0; k < inputs * outputs; k++) weightMean[k] = (float) rng.uniform(-bound, bound);
        for (int j = 0; j < outputs; j++) biasMean[j] = (float) rng.uniform(-bound, bound);
        float sigma = (float) (sigma0 / Math.sqrt(inputs));
        java.util.Arrays.fill(weightSigma, 0, inputs * outputs, sigma);
        java.util.Arrays.fill(biasSigma, 0, outputs, sigma);
    }

    /** y[b][j] for inputs x[b][i]; {@code noiseIn}, {@code noiseOut} = f(ε_in), f(ε_out). */
    public static void forward(float[] x, int batch, int inputs, int outputs, float[] weightMean, float[] weightSigma,
                               float[] biasMean, float[] biasSigma, float[] noiseIn, float[] noiseOut, float[] y) {
        double[] row = new double[outputs];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < outputs; j++) {
                row[j] = biasMean[j] + (double) biasSigma[j] * noiseOut[j];
            }
            for (int i = 0; i < inputs; i++) {
                double xi = x[b * inputs + i];
                double noiseInI = noiseIn[i];
                int w = i * outputs;
                for (int j = 0; j < outputs; j++) {
                    double weight = weightMean[w + j] + weightSigma[w + j] * (noiseInI * noiseOut[j]);
                    row[j] += xi * weight;
                }
            }
            for (int j = 0; j < outputs; j++) y[b * outputs + j] = (float) row[j];
        }
    }

    /**
     * Gradients for dL/dy ({@code yGradient [batch][q]}), summed over the batch:
     * dμ_w[i][j] = Σ_b x[b][i]·g[b][j], dσ_w = dμ_w ⊙ ε_w, dμ_b[j] = Σ_b g[b][j], dσ_b = dμ_b ⊙ ε_b,
     * and dL/dx[b][i] = Σ_j g[b][j]·(μ_w + σ_w ⊙ ε_w)[i][j] (into {@code xGradient}; null skips it, for a first layer).
     */
    public static void backward(float[] x, float[] yGradient, int batch, int inputs, int outputs, float[] weightMean,
                                float[] weightSigma, float[] noiseIn, float[] noiseOut, float[] weightMeanGradient,
                                float[] weightSigmaGradient, float[] biasMeanGradient, float[] biasSigmaGradient,
                                float[] xGradient) {
        for (int i = 0; i < inputs; i++) {
            int w = i * outputs;
            for (int j = 0; j < outputs; j++) {
                double sum = 0;
                for (int b = 0; b < batch; b++) sum += (double) x[b * inputs + i] * yGradient[b * outputs + j];
                weightMeanGradient[w + j] = (float) sum;
                weightSigmaGradient[w + j] = (float) (sum * ((double) noiseIn[i] * noiseOut[j]));
            }
        }
        for (int j = 0; j < outputs; j++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) sum += yGradient[b * outputs + j];
            biasMeanGradient[j] = (float) sum;
            biasSigmaGradient[j] = (float) (sum * noiseOut[j]);
        }
        if (xGradient == null) return;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < inputs; i++) {
                int w = i * outputs;
                double noiseInI = noiseIn[i];
                double sum = 0;
                for (int j = 0; j < outputs; j++) {
                    double weight = weightMean[w + j] + weightSigma[w + j] * (noiseInI * noiseOut[j]);
                    sum += yGradient[b * outputs + j] * weight;
                }
                xGradient[b * inputs + i] = (float) sum;
            }
        }
    }
}
