package dev.qsweep.agent.rainbow;

/**
 * The arithmetic of proportional prioritized replay (Schaul et al. 2016) around a {@link SumTree}: the stored
 * priority of a TD error, the importance-sampling exponent's schedule and the weights.
 */
public final class PrioritizedSampling {
    private PrioritizedSampling() {
    }

    /** The sampling priority {@code (|δ| + ε)^α} stored in the tree; ε > 0 keeps every seen transition sampleable. */
    public static double priority(double tdError, double alpha, double epsilon) {
        return Math.pow(Math.abs(tdError) + epsilon, alpha);
    }

    /** β from {@code beta0} at step 0 rising linearly to 1 at {@code totalSteps}, then held at 1. */
    public static double beta(double beta0, long totalSteps, long step) {
        if (totalSteps <= 0 || step >= totalSteps) {
            return 1.0;
        }
        return beta0 + (1.0 - beta0) * ((double) step / totalSteps);
    }

    /** One unnormalised weight {@code (N·P(i))^−β} with {@code P(i) = priority / total}, N the transitions stored. */
    public static double weight(double priority, double total, int storedTransitions, double beta) {
        return Math.pow(storedTransitions * (priority / total), -beta);
    }

    /**
     * The batch's weights {@code w_i = (N·P(i))^−β / max_j w_j}, normalised by the max <em>over the batch</em>, as
     * Dopamine's Rainbow and most implementations do (OpenAI Baselines instead divides by the weight of the smallest
     * priority in the whole memory, which needs a min tree). So the largest weight in a batch is exactly 1 and the
     * others scale the loss down. The max belongs to the smallest sampled priority p_min, and N and the total cancel:
     * {@code w_i = (p_min / p_i)^β}, which is what is computed (no overflow or underflow from N·P).
     */
    public static void normalisedWeights(double[] priorities, int batchSize, double beta, float[] out) {
        double smallest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < batchSize; k++) {
            if (!(priorities[k] > 0)) {
                throw new IllegalArgumentException("sampled priority " + k + " is " + priorities[k] + "; a sampled "
                        + "transition always has a positive priority");
            }
            smallest = Math.min(smallest, priorities[k]);
        }
        for (int k = 0; k < batchSize; k++) {
            out[k] = (float) Math.pow(smallest / priorities[k], beta);
        }
    }
}
