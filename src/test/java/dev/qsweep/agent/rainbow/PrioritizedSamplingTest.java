package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrioritizedSamplingTest {

    @Test
    void priorityIsAbsoluteErrorPlusEpsilonToTheAlpha() {
        assertEquals(1.5, PrioritizedSampling.priority(-2.0, 0.5, 0.25), 1e-15);
        assertEquals(2.25, PrioritizedSampling.priority(2.0, 1.0, 0.25), 1e-15);
        assertEquals(1.0, PrioritizedSampling.priority(0.0, 0.0, 1e-6), "alpha 0 is uniform replay");
        assertEquals(Math.pow(1e-6, 0.6), PrioritizedSampling.priority(0.0, 0.6, 1e-6), "a zero error stays sampleable");
    }

    @Test
    void betaRisesLinearlyToOneAndStays() {
        assertEquals(0.4, PrioritizedSampling.beta(0.4, 100, 0), 1e-15);
        assertEquals(0.7, PrioritizedSampling.beta(0.4, 100, 50), 1e-15);
        assertEquals(1.0, PrioritizedSampling.beta(0.4, 100, 100));
        assertEquals(1.0, PrioritizedSampling.beta(0.4, 100, 250));
    }

    @Test
    void weightsAreInverseProbabilityPowersNormalisedByTheBatchMax() {
        // N = 5, total 10: P = 0.2 → (5·0.2)^−1 = 1; P = 0.1 → 2
        assertEquals(1.0, PrioritizedSampling.weight(2, 10, 5, 1.0), 1e-15);
        assertEquals(2.0, PrioritizedSampling.weight(1, 10, 5, 1.0), 1e-15);
        float[] w = new float[3];
        PrioritizedSampling.normalisedWeights(new double[] {2, 1, 4}, 3, 1.0, w);
        assertArrayEquals(new float[] {0.5f, 1f, 0.25f}, w);
        PrioritizedSampling.normalisedWeights(new double[] {2, 1, 4}, 3, 0.5, w);
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), 1f, 0.5f}, w);
        PrioritizedSampling.normalisedWeights(new double[] {2, 1, 4}, 3, 0.0, w);
        assertArrayEquals(new float[] {1f, 1f, 1f}, w, "beta 0: no correction");
    }

    @Test
    void normalisedWeightsEqualTheTextbookForm() {
        double[] p = {0.3, 1.7, 0.05, 2.2};
        double total = 40;
        int stored = 77;
        double beta = 0.55;
        float[] w = new float[4];
        PrioritizedSampling.normalisedWeights(p, 4, beta, w);
        double max = 0;
        for (double pi : p) max = Math.max(max, PrioritizedSampling.weight(pi, total, stored, beta));
        for (int i = 0; i < 4; i++) {
            assertEquals(PrioritizedSampling.weight(p[i], total, stored, beta) / max, w[i], 1e-7);
        }
    }

    @Test
    void aZeroSampledPriorityIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PrioritizedSampling.normalisedWeights(new double[] {1, 0}, 2, 0.4, new float[2]));
    }
}
