package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.CategoricalProjection;
import dev.qsweep.agent.rainbow.Dueling;
import java.util.Arrays;

/**
 * A {@link QNetworkHead}'s arithmetic on the raw outputs of the network's last layer, in plain Java: logits and
 * Q-values forward, and the loss's gradient with respect to the raw outputs (the backward seed). The same seed
 * drives DL4J's own backprop ({@link Dl4jGradient}, the reference) and {@link FusedMlp}, so the two differ only in
 * how they take it through the layers.
 *
 * <p>Losses: with one atom, ℓ(Q(s,a) − y) of {@link Loss} as {@link TakenActionLoss}; with several, the
 * cross-entropy of softmax(logits(s,a)) against the projected target distribution
 * ({@link CategoricalProjection#crossEntropy}). Dueling adds its backward ({@link Dueling#backward}).
 *
 * <p>Scratch arrays grow to the largest batch seen; not thread-safe.
 */
final class HeadOutputs {
    private final QNetworkHead head;
    private final int actions;
    private final int atoms;
    private final int width;
    private final float[] support;
    private float[] value = new float[0];
    private float[] advantage = new float[0];
    private float[] logits = new float[0];
    private float[] logitGradient = new float[0];
    private final float[] probabilities;

    HeadOutputs(QNetworkHead head, int actions) {
        this.head = head;
        this.actions = actions;
        this.atoms = head.numAtoms();
        this.width = head.outputWidth(actions);
        this.support = head.isDistributional() ? head.support() : null;
        this.probabilities = new float[atoms];
    }

    int width() {
        return width;
    }

    /** Logits {@code [rows][actions][atoms]} (Q-values when atoms = 1) of raw outputs {@code [rows][width]}. */
    void logits(float[] raw, int rows, float[] out) {
        if (!head.dueling()) {
            System.arraycopy(raw, 0, out, 0, rows * width);
            return;
        }
        ensureScratch(rows);
        int streamWidth = actions * atoms;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(raw, r * width, value, r * atoms, atoms);
            System.arraycopy(raw, r * width + atoms, advantage, r * streamWidth, streamWidth);
        }
        Dueling.forward(value, advantage, rows, actions, atoms, out);
    }

    /** Q-values {@code [rows][actions]}: the logits themselves, or the mean of each action's distribution. */
    void qValues(float[] raw, int rows, float[] out) {
        if (!head.isDistributional()) {
            logits(raw, rows, out);
            return;
        }
        ensureScratch(rows);
        logits(raw, rows, logits);
        for (int k = 0; k < rows * actions; k++) {
            CategoricalProjection.softmax(logits, k * atoms, atoms, probabilities, 0);
            out[k] = (float) CategoricalProjection.mean(probabilities, 0, support);
        }
    }

    /**
     * Writes d(Σ_i loss_i)/d(raw) into {@code seed [rows][width]}, and each row's loss into {@code perSampleLoss}
     * when it is not null (prioritized replay's priority). {@code targets} is {@code [rows]} TD targets with one
     * atom, {@code [rows][atoms]} projected target distributions with several. Returns {Σ loss, Σ Q(s_i,a_i)}.
     */
    double[] seed(float[] raw, int rows, int[] takenActions, float[] targets, Loss loss, float[] seed, float[] perSampleLoss) {
        ensureScratch(rows);
        logits(raw, rows, logits);
        int size = rows * actions * atoms;
        Arrays.fill(logitGradient, 0, size, 0f);
        double lossSum = 0;
        double takenQSum = 0;
        for (int r = 0; r < rows; r++) {
            int action = takenActions[r];
            if (action < 0 || action >= actions) {
                throw new IllegalArgumentException("actions[" + r + "] = " + action + " is outside [0, " + actions + ")");
            }
            int taken = (r * actions + action) * atoms;
            double rowLoss;
            if (atoms == 1) {
                float q = logits[taken];
                float error = q - targets[r];
                logitGradient[taken] = (float) loss.derivative(error);
                rowLoss = loss.value(error);
                takenQSum += q;
            } else {
                rowLoss = CategoricalProjection.crossEntropy(logits, taken, targets, r * atoms, atoms, logitGradient, taken);
                CategoricalProjection.softmax(logits, taken, atoms, probabilities, 0);
                takenQSum += CategoricalProjection.mean(probabilities, 0, support);
            }
            lossSum += rowLoss;
            if (perSampleLoss != null) perSampleLoss[r] = (float) rowLoss;
        }
        if (!head.dueling()) {
            System.arraycopy(logitGradient, 0, seed, 0, size);
        } else {
            Dueling.backward(logitGradient, rows, actions, atoms, value, advantage);
            int streamWidth = actions * atoms;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(value, r * atoms, seed, r * width, atoms);
                System.arraycopy(advantage, r * streamWidth, seed, r * width + atoms, streamWidth);
            }
        }
        return new double[] {lossSum, takenQSum};
    }

    private void ensureScratch(int rows) {
        int streams = rows * actions * atoms;
        if (logits.length < streams) {
            logits = new float[streams];
            logitGradient = new float[streams];
            advantage = new float[streams];
            value = new float[rows * atoms];
        }
    }

    /**
     * Prioritized replay's importance weights on a head's backward seed: scales row r of {@code seed} (width
     * {@code width}) by {@code weights[r]} and returns the weighted loss sum Σ_r w_r·loss_r.
     */
    static double weightRows(float[] seed, int rows, int width, float[] weights, float[] rowLosses) {
        double lossSum = 0;
        for (int r = 0; r < rows; r++) {
            float w = weights[r];
            for (int k = r * width, end = k + width; k < end; k++) {
                seed[k] *= w;
            }
            lossSum += w * (double) rowLosses[r];
        }
        return lossSum;
    }

    /** A reusable per-row loss array: the caller's when it wants the losses, else one kept here (no per-step allocation). */
    static final class RowLosses {
        private float[] scratch = new float[0];

        float[] of(float[] wanted, int rows) {
            if (wanted != null) {
                return wanted;
            }
            if (scratch.length < rows) {
                scratch = new float[rows];
            }
            return scratch;
        }
    }
}
