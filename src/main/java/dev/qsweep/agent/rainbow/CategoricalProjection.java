package dev.qsweep.agent.rainbow;

/**
 * Categorical (C51) distributional DQN's math (Bellemare et al. 2017): the fixed support, the projection of the
 * target distribution onto it, and the cross-entropy loss with its gradient for the taken action.
 *
 * <p>Support: {@code z_i = v_min + i·Δz}, {@code Δz = (v_max − v_min) / (atoms − 1)}. Arithmetic is in double,
 * results rounded once to float.
 */
public final class CategoricalProjection {
    private CategoricalProjection() {
    }

    /** Δz. */
    public static double atomSpacing(double vMin, double vMax, int atoms) {
        requireSupport(vMin, vMax, atoms);
        return (vMax - vMin) / (atoms - 1);
    }

    /** z_i, as float values for the network path. */
    public static float[] support(double vMin, double vMax, int atoms) {
        double spacing = atomSpacing(vMin, vMax, atoms);
        float[] z = new float[atoms];
        for (int i = 0; i < atoms; i++) z[i] = (float) (vMin + i * spacing);
        return z;
    }

    /**
     * Projects the target distribution {@code r + discount·z_j} with probabilities {@code p_j}
     * ({@code nextProbabilities[offset + j]}) onto the support, into {@code out[outOffset .. + atoms)} (overwritten).
     * {@code discount} is γ^n, or 0 when terminal (all mass lands on clip(r)).
     *
     * <p>Each Tz_j = clip(r + discount·z_j, v_min, v_max) sits at b_j = (Tz_j − v_min)/Δz between atoms l = ⌊b⌋ and
     * u = ⌈b⌉, which receive p_j·(u − b) and p_j·(b − l). When b is a whole number (l == u: on an atom, including
     * v_min and v_max exactly or after clipping) both shares would be 0 and the mass would be lost — the classic bug;
     * as CleanRL's {@code c51.py} does, l then takes the whole p_j ((u + 1 − b)·p_j with u = b) and u nothing.
     * Dopamine's form, {@code Σ_j clip(1 − |Tz_j − z_i|/Δz, 0, 1)·p_j}, gives the same distribution.
     */
    public static void project(float[] nextProbabilities, int offset, double reward, double discount, double vMin,
                               double vMax, int atoms, float[] out, int outOffset) {
        double spacing = atomSpacing(vMin, vMax, atoms);
        double[] target = new double[atoms];
        for (int j = 0; j < atoms; j++) {
            double p = nextProbabilities[offset + j];
            double tz = Math.min(vMax, Math.max(vMin, reward + discount * (vMin + j * spacing)));
            double b = (tz - vMin) / spacing;
            double lower = Math.floor(b);
            double upper = Math.ceil(b);
            int l = (int) Math.min(atoms - 1, Math.max(0, lower));
            int u = (int) Math.min(atoms - 1, Math.max(0, upper));
            if (l == u) {
                target[l] += p;
            } else {
                target[l] += (upper - b) * p;
                target[u] += (b - lower) * p;
            }
        }
        for (int i = 0; i < atoms; i++) out[outOffset + i] = (float) target[i];
    }

    /**
     * Cross-entropy {@code −Σ_i m_i·log softmax(logits)_i} of the taken action's logits ({@code logits[offset ..]})
     * against the projected target m; writes its gradient w.r.t. the logits, {@code softmax_i·Σm − m_i}, into
     * {@code gradient[gradientOffset ..]} (to be scaled by the caller, e.g. by an importance weight and 1/batch).
     * The loss is also prioritized replay's priority for the transition.
     */
    public static double crossEntropy(float[] logits, int offset, float[] target, int targetOffset, int atoms,
                                      float[] gradient, int gradientOffset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < atoms; i++) max = Math.max(max, logits[offset + i]);
        double sumExp = 0;
        for (int i = 0; i < atoms; i++) sumExp += Math.exp(logits[offset + i] - max);
        double logSumExp = max + Math.log(sumExp);
        double loss = 0;
        double targetMass = 0;
        for (int i = 0; i < atoms; i++) {
            double m = target[targetOffset + i];
            loss -= m * (logits[offset + i] - logSumExp);
            targetMass += m;
        }
        for (int i = 0; i < atoms; i++) {
            double probability = Math.exp(logits[offset + i] - logSumExp);
            gradient[gradientOffset + i] = (float) (probability * targetMass - target[targetOffset + i]);
        }
        return loss;
    }

    /** The distribution softmax(logits) of one action (max subtracted first, so large logits do not overflow). */
    public static void softmax(float[] logits, int offset, int atoms, float[] out, int outOffset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < atoms; i++) max = Math.max(max, logits[offset + i]);
        double sumExp = 0;
        for (int i = 0; i < atoms; i++) sumExp += Math.exp(logits[offset + i] - max);
        for (int i = 0; i < atoms; i++) out[outOffset + i] = (float) (Math.exp(logits[offset + i] - max) / sumExp);
    }

    /** The expected value Σ z_i p_i of a distribution, the Q-value used to act and to pick the next action. */
    public static double mean(float[] probabilities, int offset, float[] support) {
        double q = 0;
        for (int i = 0; i < support.length; i++) q += (double) support[i] * probabilities[offset + i];
        return q;
    }

    /**
     * Q-values {@code [batch][actions]} of a distributional head's logits {@code [batch][actions][atoms]}: the mean of
     * each action's softmax over the support.
     */
    public static void qValues(float[] logits, int batch, int actions, float[] support, float[] q) {
        int atoms = support.length;
        float[] probabilities = new float[atoms];
        for (int k = 0; k < batch * actions; k++) {
            softmax(logits, k * atoms, atoms, probabilities, 0);
            q[k] = (float) mean(probabilities, 0, support);
        }
    }

    /**
     * The batch's projected targets {@code [batch][atoms]}: the next action is the argmax of {@code selectionQ}
     * ({@code [batch][actions]}: the online network's Q-values at the next states for double DQN, or
     * {@link #qValues} of the target logits for plain C51; ties to the lowest action, as
     * {@link dev.qsweep.agent.TdTargets#argmax}); its distribution is the softmax of the target network's logits
     * ({@code targetLogits [batch][actions][atoms]}), projected with the transition's reward and discount
     * (γ^n, 0 when terminal).
     */
    public static void targets(float[] targetLogits, float[] selectionQ, float[] rewards, float[] discounts, int batch,
                               int actions, double vMin, double vMax, int atoms, float[] out) {
        float[] probabilities = new float[atoms];
        for (int b = 0; b < batch; b++) {
            int next = dev.qsweep.agent.TdTargets.argmax(selectionQ, b * actions, actions);
            softmax(targetLogits, (b * actions + next) * atoms, atoms, probabilities, 0);
            project(probabilities, 0, rewards[b], discounts[b], vMin, vMax, atoms, out, b * atoms);
        }
    }

    private static void requireSupport(double vMin, double vMax, int atoms) {
        if (atoms < 2) throw new IllegalArgumentException("a categorical support needs at least 2 atoms, got " + atoms);
        if (!(vMin < vMax) || !Double.isFinite(vMin) || !Double.isFinite(vMax)) {
            throw new IllegalArgumentException("the support needs finite v_min < v_max, got [" + vMin + ", " + vMax + "]");
        }
    }
}
