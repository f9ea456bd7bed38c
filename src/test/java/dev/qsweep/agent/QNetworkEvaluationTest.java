package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java fast paths give DL4J's {@code output()} on the same weights — fresh, after training,
 * after hard and soft target updates.
 *
 * <p>Tolerance: both are float32 evaluations of the same sums of products in different orders, so each
 * is within γ_N·magnitude of the exact value (magnitude = the forward pass on absolute values, N = total
 * fan-in along the chain), hence |fast − DL4J| ≤ 2·γ_N·magnitude. A wrong weight, transposition or a
 * stale copy changes Q by O(|Q|), far above this. That worst case is ~400·u·magnitude here while real
 * differences are ~0.2·u·magnitude, so we also require the largest difference to stay below 8·u·magnitude.
 */
class QNetworkEvaluationTest {
    private static final QNetworkSpec SPEC = new QNetworkSpec(4, new int[] {120, 84}, 2, 1e-2, Loss.HUBER, 10.0, 1e-8);

    @Test
    void fastPathsMatchDl4jOutputFreshAndAfterTrainingAndTargetUpdates() {
        QNetwork online = QNetwork.create(SPEC, 3);
        QNetwork target = QNetwork.create(SPEC, 4);
        SplittableRandom random = new SplittableRandom(5);
        assertMatchesDl4j(online, random, "fresh");
        for (int step = 0; step < 5; step++) {
            trainOnRandomBatch(online, random, 32);
            assertMatchesDl4j(online, random, "after train step " + step);
        }
        target.qValues(new float[4], new float[2]); // make target's fast path current, so a stale copy would show
        target.softUpdateFrom(online, 0.3);
        assertMatchesDl4j(target, random, "after soft update");
        target.copyParametersFrom(online);
        assertMatchesDl4j(target, random, "after hard update");
    }

    @Test
    void greedyActionBreaksExactTiesTowardsTheLowestIndex() {
        // All-zero weights except one bias make Q(s, ·) = [0, 0, 0] or a chosen winner, exactly.
        QNetworkSpec spec = new QNetworkSpec(2, new int[] {3}, 3, 1e-3, Loss.MSE, 0.0, 1e-8);
        QNetwork network = QNetwork.create(spec, 1);
        network.dl4jNetwork().params().assign(0);
        network.parametersChanged();
        assertEquals(0, network.greedyAction(new float[] {1f, -2f}));
        INDArray outputBias = network.dl4jNetwork().getLayer(1).getParam("b");
        outputBias.putScalar(2, 1e-3f);
        outputBias.putScalar(1, 1e-3f);
        network.parametersChanged();
        assertEquals(1, network.greedyAction(new float[] {1f, -2f}));
        outputBias.putScalar(2, 2e-3f);
        network.parametersChanged();
        assertEquals(2, network.greedyAction(new float[] {1f, -2f}));
    }

    private static void assertMatchesDl4j(QNetwork network, SplittableRandom random, String when) {
        assertMatchesDl4j(network, random, when + " [Java batch path]", 37);
        assertMatchesDl4j(network, random, when + " [DL4J batch path]", 128); // 128·10,416 MACs ≥ DL4J_BATCH_MIN_MACS
    }

    private static void assertMatchesDl4j(QNetwork network, SplittableRandom random, String when, int batch) {
        int in = SPEC.inputSize();
        int actions = SPEC.numActions();
        float[] obs = new float[batch * in];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-3, 3);
        INDArray dl4j = network.dl4jNetwork().output(Nd4j.create(obs, new long[] {batch, in}, 'c'), false);
        assertEquals(DataType.FLOAT, dl4j.dataType());
        ReferenceMlp reference = new ReferenceMlp(network.dl4jNetwork(), SPEC.layerWidths());
        double gamma = ReferenceMlp.gamma(reference.roundingChainLength(0));

        float[] batchOut = new float[batch * actions];
        network.qValuesBatch(obs, batch, batchOut);
        float[] single = new float[actions];
        double worst = 0;
        int greedyChecked = 0;
        for (int r = 0; r < batch; r++) {
            float[] state = Arrays.copyOfRange(obs, r * in, (r + 1) * in);
            network.qValues(state, single);
            double[] magnitude = reference.qMagnitudes(state);
            int dl4jArgmax = 0;
            double bound = 0;
            for (int a = 0; a < actions; a++) {
                double expected = dl4j.getDouble(r, a);
                double tolerance = 2 * gamma * magnitude[a];
                bound = Math.max(bound, tolerance);
                assertEquals(expected, single[a], tolerance, when + ": qValues row " + r + " action " + a);
                assertEquals(expected, batchOut[r * actions + a], tolerance, when + ": qValuesBatch row " + r + " action " + a);
                worst = Math.max(worst, Math.abs(expected - single[a]) / tolerance);
                if (expected > dl4j.getDouble(r, dl4jArgmax)) dl4jArgmax = a;
            }
            double gap = Math.abs(dl4j.getDouble(r, 0) - dl4j.getDouble(r, 1));
            if (gap > 2 * bound) { // otherwise rounding may legitimately pick either action
                assertEquals(dl4jArgmax, network.greedyAction(state), when + ": greedyAction row " + r);
                greedyChecked++;
            }
        }
        assertTrue(greedyChecked >= batch * 3 / 4, "too few rows without near-ties: " + greedyChecked);
        double worstInUnits = worst * 2 * gamma / ReferenceMlp.FLOAT_UNIT_ROUNDOFF;
        System.out.printf("%s: worst |fast − DL4J| / bound = %.3g = %.2f·u·magnitude%n", when, worst, worstInUnits);
        assertTrue(worstInUnits <= 8, when + ": fast path differs from DL4J by " + worstInUnits + "·u·magnitude");
    }

    static void trainOnRandomBatch(QNetwork network, SplittableRandom random, int batch) {
        int in = network.spec().inputSize();
        float[] obs = new float[batch * in];
        int[] actions = new int[batch];
        float[] targets = new float[batch];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-3, 3);
        for (int s = 0; s < batch; s++) {
            actions[s] = random.nextInt(network.spec().numActions());
            targets[s] = (float) random.nextDouble(-5, 5);
        }
        network.train(obs, actions, targets, batch);
    }
}
