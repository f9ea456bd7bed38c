package dev.qsweep.agent;

import java.util.Arrays;

/**
 * Shape and optimiser settings of an MLP Q-network: {@code inputSize → hiddenSizes… → numActions},
 * ReLU between layers, identity output, Adam (β1 0.9, β2 0.999).
 *
 * @param maxGradNorm global L2 clip of the mean-loss gradient, like {@code clip_grad_norm_}; ≤ 0 disables it
 * @param adamEpsilon Adam's ε (DL4J adds it to √v before bias correction of v, see {@link QNetwork})
 */
public record QNetworkSpec(int inputSize, int[] hiddenSizes, int numActions, double learningRate,
                           Loss loss, double maxGradNorm, double adamEpsilon) {

    public QNetworkSpec {
        if (inputSize <= 0) throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
        if (numActions <= 0) throw new IllegalArgumentException("numActions must be > 0, got " + numActions);
        if (hiddenSizes == null) throw new IllegalArgumentException("hiddenSizes must not be null (use an empty array for a linear net)");
        hiddenSizes = hiddenSizes.clone();
        for (int h : hiddenSizes) {
            if (h <= 0) throw new IllegalArgumentException("hidden sizes must be > 0, got " + Arrays.toString(hiddenSizes));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        if (Double.isNaN(maxGradNorm)) throw new IllegalArgumentException("maxGradNorm must not be NaN (use <= 0 to disable clipping)");
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("adamEpsilon must be > 0, got " + adamEpsilon);
    }

    /** CleanRL's CartPole network: 4-120-84-2, lr 2.5e-4, MSE, no clipping, ε 1e-8. */
    public static QNetworkSpec cleanRlCartPole() {
        return new QNetworkSpec(4, new int[] {120, 84}, 2, 2.5e-4, Loss.MSE, 0.0, 1e-8);
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    /** Layer widths including input and output: {@code [inputSize, hidden…, numActions]}. */
    public int[] layerWidths() {
        int[] widths = new int[hiddenSizes.length + 2];
        widths[0] = inputSize;
        System.arraycopy(hiddenSizes, 0, widths, 1, hiddenSizes.length);
        widths[widths.length - 1] = numActions;
        return widths;
    }

    public boolean clipsGradients() {
        return maxGradNorm > 0;
    }

    /** Same layer widths, so parameters can be copied between the two nets. */
    public boolean sameArchitectureAs(QNetworkSpec other) {
        return Arrays.equals(layerWidths(), other.layerWidths());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QNetworkSpec s && inputSize == s.inputSize && Arrays.equals(hiddenSizes, s.hiddenSizes)
                && numActions == s.numActions && Double.compare(learningRate, s.learningRate) == 0 && loss == s.loss
                && Double.compare(maxGradNorm, s.maxGradNorm) == 0 && Double.compare(adamEpsilon, s.adamEpsilon) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {inputSize, Arrays.hashCode(hiddenSizes), numActions, learningRate, loss, maxGradNorm, adamEpsilon});
    }

    @Override
    public String toString() {
        return "QNetworkSpec[inputSize=" + inputSize + ", hiddenSizes=" + Arrays.toString(hiddenSizes) + ", numActions=" + numActions
                + ", learningRate=" + learningRate + ", loss=" + loss + ", maxGradNorm=" + maxGradNorm + ", adamEpsilon=" + adamEpsilon + "]";
    }
}
