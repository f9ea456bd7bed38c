package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.CategoricalProjection;

/**
 * The output head of a Q-network (issue 14): plain expected values, a dueling split, a categorical (C51) return
 * distribution, or dueling and C51 together.
 *
 * <p>In DL4J the head is one dense identity layer whose {@link #outputWidth} columns are the head's raw outputs;
 * {@link HeadOutputs} turns them into Q-values and back-propagates the loss to them. Raw layout of one state:
 * without dueling {@code [actions][atoms]} logits (Q-values when atoms = 1); with dueling {@code V [atoms]} then
 * {@code A [actions][atoms]}. The dueling streams share the trunk and split at the last layer.
 *
 * <p>Noisy ({@code noisy}): every dense layer after the convolutions (all dense layers of an MLP) is a factorised
 * Gaussian {@link NoisyDense} layer (Fortunato et al. 2018) whose σ starts at {@code noisySigma0}/√fan-in.
 *
 * @param numAtoms 1 for expected values; otherwise atoms of the support {@code v_min … v_max}
 */
public record QNetworkHead(boolean dueling, int numAtoms, double vMin, double vMax, boolean noisy, double noisySigma0) {
    /** The paper's σ0 for factorised noise, the default of {@code noisy_sigma0}. */
    public static final double DEFAULT_SIGMA0 = 0.5;
    /** Today's head: one Q-value per action, scored by {@link TakenActionLoss} in a DL4J output layer. */
    public static final QNetworkHead EXPECTED_VALUES = new QNetworkHead(false, 1, -10, 10);

    public QNetworkHead {
        if (numAtoms < 1) throw new IllegalArgumentException("numAtoms must be >= 1, got " + numAtoms);
        if (numAtoms > 1 && !(vMin < vMax && Double.isFinite(vMin) && Double.isFinite(vMax))) {
            throw new IllegalArgumentException("a distributional head needs finite v_min < v_max, got [" + vMin + ", " + vMax + "]");
        }
        if (!(noisySigma0 > 0) || Double.isInfinite(noisySigma0)) {
            throw new IllegalArgumentException("noisySigma0 must be a positive finite number, got " + noisySigma0);
        }
    }

    /** Without noisy layers. */
    public QNetworkHead(boolean dueling, int numAtoms, double vMin, double vMax) {
        this(dueling, numAtoms, vMin, vMax, false, DEFAULT_SIGMA0);
    }

    /** Today's head, unchanged: DL4J's output layer with {@link TakenActionLoss}. */
    public boolean isPlain() {
        return !dueling && numAtoms == 1 && !noisy;
    }

    public boolean isDistributional() {
        return numAtoms > 1;
    }

    /** Columns of the last layer: atoms × (actions, plus one value stream when dueling). */
    public int outputWidth(int numActions) {
        return numAtoms * (numActions + (dueling ? 1 : 0));
    }

    /** The atoms z_i of a distributional head. */
    public float[] support() {
        return CategoricalProjection.support(vMin, vMax, numAtoms);
    }
}
