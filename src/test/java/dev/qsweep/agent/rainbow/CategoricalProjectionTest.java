package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.rng.NumpyGenerator;
import org.junit.jupiter.api.Test;

class CategoricalProjectionTest {
    /** Five atoms 0, 1, 2, 3, 4 (Δz = 1). */
    private static final float[] P = {0.1f, 0.2f, 0.3f, 0.2f, 0.2f};

    private static float[] project(float[] p, double reward, double discount) {
        float[] m = new float[p.length];
        CategoricalProjection.project(p, 0, reward, discount, 0, p.length - 1, p.length, m, 0);
        return m;
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-7, "atom " + i);
    }

    @Test
    void supportIsEvenlySpaced() {
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f}, CategoricalProjection.support(-1, 1, 5));
        assertEquals(0.4, CategoricalProjection.atomSpacing(-10, 10, 51), 1e-15);
    }

    @Test
    void massBetweenAtomsIsSplitByDistance() {
        // Tz = 0.5, 1.5, 2.5, 3.5, 4.5→4: halves to each neighbour; the last lands on v_max after clipping
        assertClose(new double[] {0.05, 0.15, 0.25, 0.25, 0.3}, project(P, 0.5, 1.0));
    }

    @Test
    void massOnAnAtomStaysWholeThereIncludingVMaxAndVMin() {
        // Tz = 1, 2, 3, 4, 5→4: every target on an atom (l == u): nothing may be lost
        assertClose(new double[] {0, 0.1, 0.2, 0.3, 0.4}, project(P, 1.0, 1.0));
        // Tz = −1→0, 0, 1, 2, 3: clipped onto v_min
        assertClose(new double[] {0.3, 0.3, 0.2, 0.2, 0}, project(P, -1.0, 1.0));
        // the identity: r = 0, γ = 1 gives back p
        assertClose(new double[] {0.1, 0.2, 0.3, 0.2, 0.2}, project(P, 0.0, 1.0));
    }

    @Test
    void aTerminalTransitionPutsAllMassAtTheReward() {
        assertClose(new double[] {0, 0, 0.75, 0.25, 0}, project(P, 2.25, 0.0));
        assertClose(new double[] {0, 0, 0, 0, 1}, project(P, 10.0, 0.0)); // off the support above
        assertClose(new double[] {1, 0, 0, 0, 0}, project(P, -5.0, 0.0)); // and below
    }

    @Test
    void projectionKeepsTheTotalMass() {
        NumpyGenerator rng = new NumpyGenerator(2);
        int atoms = 51;
        float[] logits = new float[atoms];
        float[] p = new float[atoms];
        float[] m = new float[atoms];
        for (int trial = 0; trial < 200; trial++) {
            for (int i = 0; i < atoms; i++) logits[i] = (float) rng.uniform(-3, 3);
            CategoricalProjection.softmax(logits, 0, atoms, p, 0);
            double reward = rng.uniform(-15, 15);
            double discount = trial % 5 == 0 ? 0.0 : rng.uniform(0.5, 1.0);
            CategoricalProjection.project(p, 0, reward, discount, -10, 10, atoms, m, 0);
            double sumP = 0;
            double sumM = 0;
            for (int i = 0; i < atoms; i++) {
                sumP += p[i];
                sumM += m[i];
                assertEquals(true, m[i] >= 0, "no negative mass");
            }
            assertEquals(sumP, sumM, 1e-6, "trial " + trial);
        }
    }

    @Test
    void crossEntropyAndItsGradientByHand() {
        float[] logits = {0, 0, 0, 0};
        float[] target = {1, 0, 0, 0};
        float[] gradient = new float[4];
        double loss = CategoricalProjection.crossEntropy(logits, 0, target, 0, 4, gradient, 0);
        assertEquals(Math.log(4), loss, 1e-15);
        assertArrayEquals(new float[] {-0.75f, 0.25f, 0.25f, 0.25f}, gradient);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        float[] logits = {0.3f, -1.2f, 2.0f, 0.7f, -0.1f};
        float[] target = {0.1f, 0.05f, 0.5f, 0.3f, 0.05f};
        float[] gradient = new float[5];
        CategoricalProjection.crossEntropy(logits, 0, target, 0, 5, gradient, 0);
        float[] scratch = new float[5];
        for (int i = 0; i < 5; i++) {
            float[] plus = logits.clone();
            float[] minus = logits.clone();
            plus[i] += 1e-2f;
            minus[i] -= 1e-2f;
            double numeric = (CategoricalProjection.crossEntropy(plus, 0, target, 0, 5, scratch, 0)
                    - CategoricalProjection.crossEntropy(minus, 0, target, 0, 5, scratch, 0)) / (plus[i] - minus[i]);
            assertEquals(numeric, gradient[i], 1e-4, "logit " + i);
        }
    }

    @Test
    void softmaxOfLargeLogitsDoesNotOverflow() {
        float[] p = new float[3];
        CategoricalProjection.softmax(new float[] {1000f, 1000f, 0f}, 0, 3, p, 0);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, p);
        assertEquals(1.5, CategoricalProjection.mean(new float[] {0.5f, 0.5f, 0f}, 0, new float[] {1, 2, 3}), 1e-15);
    }

    /**
     * Two transitions, 2 actions, 3 atoms on [0, 2]. Target logits: sample 0 action 0 = ln[1, 1, 2] (p = ¼, ¼, ½,
     * mean 1.25), action 1 = ln[2, 1, 1] (p = ½, ¼, ¼, mean 0.75). Plain C51 picks action 0 by the target means;
     * double DQN with online Q = [0, 1] picks action 1. Reward 0, discount 1: the projection is the distribution.
     * Sample 1 is terminal with reward 2: everything on v_max.
     */
    @Test
    void batchTargetsSelectTheNextActionAndProjectItsDistribution() {
        float ln1 = 0f;
        float ln2 = (float) Math.log(2);
        float[] logits = {ln1, ln1, ln2, ln2, ln1, ln1, /* sample 1 */ 0, 0, 0, 0, 0, 0};
        float[] support = CategoricalProjection.support(0, 2, 3);
        float[] q = new float[4];
        CategoricalProjection.qValues(logits, 2, 2, support, q);
        assertArrayEquals(new float[] {1.25f, 0.75f, 1f, 1f}, q, 1e-6f);

        float[] rewards = {0, 2};
        float[] discounts = {1, 0};
        float[] out = new float[6];
        CategoricalProjection.targets(logits, q, rewards, discounts, 2, 2, 0, 2, 3, out);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.5f, 0, 0, 1}, out, 1e-6f);
        CategoricalProjection.targets(logits, new float[] {0, 1, 0, 0}, rewards, discounts, 2, 2, 0, 2, 3, out);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.25f, 0, 0, 1}, out, 1e-6f);
    }

    @Test
    void aBadSupportIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CategoricalProjection.support(1, 1, 51));
        assertThrows(IllegalArgumentException.class, () -> CategoricalProjection.support(2, 1, 51));
        assertThrows(IllegalArgumentException.class, () -> CategoricalProjection.support(-1, 1, 1));
    }
}
