package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qsweep.agent.rainbow.FlatRmsProp;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The training step's two additions for issue 14: per-row loss weights (prioritized replay's importance-sampling
 * weights), on the fused MLP path and on DL4J's backprop (the CNNs), and RMSprop in place of Adam.
 */
class QNetworkWeightedStepTest {
    // Adam's ε large on purpose: its first step is then about proportional to the gradient, not just its sign, so a
    // wrongly scaled row shows in the parameters.
    private static final QNetworkSpec MLP = new QNetworkSpec(4, new int[] {16, 8}, 3, 1e-2, Loss.HUBER, 10.0, 1e-2);
    private static final QNetworkSpec MINATAR = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 2), 3,
            1e-3, Loss.HUBER, 10.0, 1e-2);

    private static float[] parameters(QNetwork network) {
        return network.dl4jNetwork().params().toFloatVector();
    }

    /**
     * Weights (2, 0) on rows (A, B) are row A twice with weight 1: scaling a row's loss by 2 scales every term of its
     * gradient by 2 exactly in floating point, and the weight-0 row adds exact zeros. The fused MLP sums the rows in
     * an order where the steps then agree bit for bit ({@code ulps} 0); DL4J's convolution gemm may block the sum over
     * rows and positions differently for (2a, 0) and (a, a), so there the parameters may differ by rounding.
     */
    private static void assertWeightTwoIsTheRowTwice(QNetworkSpec spec, int ulps) {
        int in = spec.inputSize();
        SplittableRandom random = new SplittableRandom(3);
        float[] a = new float[in];
        float[] b = new float[in];
        for (int k = 0; k < in; k++) {
            a[k] = (float) random.nextDouble(0, 1);
            b[k] = (float) random.nextDouble(0, 1);
        }
        float[] ab = new float[2 * in];
        float[] aa = new float[2 * in];
        System.arraycopy(a, 0, ab, 0, in);
        System.arraycopy(b, 0, ab, in, in);
        System.arraycopy(a, 0, aa, 0, in);
        System.arraycopy(a, 0, aa, in, in);
        QNetwork weighted = QNetwork.create(spec, 5);
        QNetwork repeated = QNetwork.create(spec, 5);
        float[] before = parameters(weighted);
        TrainStats weightedStats = weighted.train(ab, new int[] {1, 2}, new float[] {3f, -7f}, new float[] {2f, 0f}, 2);
        TrainStats repeatedStats = repeated.train(aa, new int[] {1, 1}, new float[] {3f, 3f}, null, 2);
        assertEquals(repeatedStats.loss(), weightedStats.loss());
        float[] expected = parameters(repeated);
        float[] actual = parameters(weighted);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], ulps * Math.ulp(expected[i]), "parameter " + i);
        }
        assertFalse(java.util.Arrays.equals(before, parameters(weighted)), "the step moved the parameters");
    }

    @Test
    void aWeightScalesTheRowsLossOnTheFusedMlpPath() {
        assertWeightTwoIsTheRowTwice(MLP, 0);
    }

    @Test
    void aWeightScalesTheRowsLossOnDl4jsBackprop() {
        assertWeightTwoIsTheRowTwice(MINATAR, 4);
    }

    @Test
    void allOneWeightsAreTheUnweightedStep() {
        QNetwork ones = QNetwork.create(MLP, 8);
        QNetwork none = QNetwork.create(MLP, 8);
        float[] obs = {0.1f, 0.2f, -0.3f, 0.4f, 1f, -1f, 0.5f, 0.25f, 0f, 0.7f, -0.2f, 0.9f};
        ones.train(obs, new int[] {0, 1, 2}, new float[] {1f, 2f, 3f}, new float[] {1f, 1f, 1f}, 3);
        none.train(obs, new int[] {0, 1, 2}, new float[] {1f, 2f, 3f}, 3);
        assertArrayEquals(parameters(none), parameters(ones));
    }

    @Test
    void rmsPropStepsInsteadOfAdam() {
        QNetworkSpec unclipped = new QNetworkSpec(4, new int[] {16, 8}, 3, 1e-2, Loss.HUBER, 0.0, 1e-8);
        QNetwork network = QNetwork.create(unclipped, 9);
        FlatRmsProp rmsProp = new FlatRmsProp(Math.toIntExact(network.parameterCount()), 0.95, 0.01, 0.9, true);
        network.useRmsProp(rmsProp);
        FloatBuffer expected = FloatBuffer.wrap(parameters(network));
        float[] obs = {0.1f, 0.2f, -0.3f, 0.4f, 1f, -1f, 0.5f, 0.25f};
        network.train(obs, new int[] {0, 2}, new float[] {1f, -2f}, 2);
        // The same RMSprop on a copy of the starting parameters with the gradient the step used (the view keeps the
        // summed-loss gradient; the step takes its batch mean).
        FloatBuffer gradient = FloatBuffer.wrap(network.dl4jNetwork().getFlattenedGradients().toFloatVector());
        new FlatRmsProp(expected.capacity(), 0.95, 0.01, 0.9, true).step(expected, 0, gradient, 0, 1f / 2, 1e-2f);
        assertArrayEquals(expected.array(), parameters(network));
    }
}
