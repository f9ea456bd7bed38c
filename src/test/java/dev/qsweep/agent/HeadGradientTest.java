package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.rainbow.CategoricalProjection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dueling and distributional heads (issue 14): {@link FusedMlp}'s gradient equals DL4J's own backprop of the same
 * loss seed ({@link Dl4jGradient#headLossGradient}), the fast evaluation equals DL4J's {@code output()} followed by the
 * head, and a network with a head survives the byte format.
 *
 * <p>Tolerance of the gradient comparison: both are float32 evaluations of the same sums of products in another order
 * (at most ~300 terms here), so each element differs by at most about 2·300·2⁻²⁴ ≈ 4e-5 of the largest gradient of
 * its layer; 1e-4 of it is used. A wrong transpose, a seed in the wrong column, a missing dueling backward or a mean
 * instead of a sum is an O(1) error of some element and fails.
 */
class HeadGradientTest {

    @ParameterizedTest(name = "dueling={0}, atoms={1}, {2}, widths={3}, batch={4}")
    @CsvSource({
        "true,  1,  MSE,   4-64-64-2,  32",
        "true,  1,  HUBER, 4-120-84-2, 64",
        "false, 51, MSE,   4-64-64-2,  32",
        "true,  51, HUBER, 4-64-64-2,  32",
        "true,  11, MSE,   8-32-6,     17",
        "false, 21, HUBER, 5-3,        9",
    })
    void fusedGradientEqualsDl4jBackpropOfTheSameSeed(boolean dueling, int atoms, Loss loss, String widthText, int batch) {
        int[] widths = Arrays.stream(widthText.split("-")).mapToInt(Integer::parseInt).toArray();
        int inputSize = widths[0];
        int numActions = widths[widths.length - 1];
        int[] hidden = Arrays.copyOfRange(widths, 1, widths.length - 1);
        QNetworkHead head = new QNetworkHead(dueling, atoms, -10, 10);
        QNetworkSpec spec = new QNetworkSpec(new QNetworkArchitecture.Mlp(inputSize, hidden), numActions, 1e-3, loss, 0.0, 1e-8, head);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 5);
        net.getUpdater();
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        assertEquals(QNetworkBuilder.expectedParameterCount(spec), params.length());

        SplittableRandom random = new SplittableRandom(atoms * 100L + batch);
        float[] obs = new float[batch * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(numActions);
        float[] targets = targets(random, batch, atoms);

        // Prioritized replay's importance weights in (0, 1]: both paths scale each row's seed and loss by them.
        float[] weights = new float[batch];
        for (int s = 0; s < batch; s++) weights[s] = (float) random.nextDouble(0.05, 1.0);
        float[] fusedLosses = new float[batch];
        TrainStats fusedStats = new FusedMlp(spec, net, params, gradients).sumLossGradient(obs, actions, targets, weights, batch, fusedLosses);
        float[] fused = gradients.dup().data().asFloat();
        gradients.assign(Float.NaN); // DL4J must overwrite every element
        float[] dl4jLosses = new float[batch];
        TrainStats dl4jStats = new Dl4jGradient(spec, net, gradients).headLossGradient(obs, actions, targets, weights, batch, dl4jLosses);
        float[] dl4j = gradients.dup().data().asFloat();

        double[] squaredNorms = assertGradientsMatch(net, widths.length - 1, new String[] {"W", "b"}, fused, dl4j);
        double squaredNorm = squaredNorms[0] + squaredNorms[1];
        assertTrue(squaredNorm > 0, "a zero gradient would prove nothing");
        assertEquals(dl4jStats.loss(), fusedStats.loss(), 1e-5 * Math.abs(dl4jStats.loss()));
        assertEquals(dl4jStats.meanQ(), fusedStats.meanQ(), 1e-5 * (1 + Math.abs(dl4jStats.meanQ())));
        double sum = 0;
        for (int s = 0; s < batch; s++) {
            assertEquals(dl4jLosses[s], fusedLosses[s], 1e-5 * (1 + Math.abs(dl4jLosses[s])));
            sum += (double) weights[s] * fusedLosses[s];
        }
        assertEquals(fusedStats.loss(), sum / batch, 1e-6 * (1 + Math.abs(sum / batch)),
                "the weighted per-sample losses average to the loss");
    }

    /**
     * Element by element, the fused gradient equals DL4J's within 1e-4 of the largest of its parameter block (see the
     * class doc), for the blocks {@code keys} of the first {@code layers} layers, and DL4J wrote every element. Returns
     * the squared norm of DL4J's gradient per key, summed over layers.
     */
    static double[] assertGradientsMatch(MultiLayerNetwork net, int layers, String[] keys, float[] fused, float[] dl4j) {
        INDArray params = net.params();
        double[] squaredNorms = new double[keys.length];
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < keys.length; p++) {
                INDArray view = net.getLayer(l).getParam(keys[p]);
                int start = Math.toIntExact(view.offset() - params.offset());
                int end = start + Math.toIntExact(view.length());
                double largest = 0;
                for (int k = start; k < end; k++) largest = Math.max(largest, Math.abs(dl4j[k]));
                for (int k = start; k < end; k++) {
                    assertTrue(Float.isFinite(dl4j[k]) && Float.isFinite(fused[k]), "element " + k + " left unwritten");
                    assertTrue(Math.abs(fused[k] - dl4j[k]) <= 1e-4 * largest + Double.MIN_NORMAL,
                            "layer " + l + " " + keys[p] + " element " + (k - start) + ": fused " + fused[k] + ", DL4J " + dl4j[k]);
                    squaredNorms[p] += (double) dl4j[k] * dl4j[k];
                }
            }
        }
        return squaredNorms;
    }

    @Test
    void fastEvaluationEqualsDl4jOutputThroughTheHead() throws Exception {
        for (QNetworkHead head : new QNetworkHead[] {new QNetworkHead(true, 1, -10, 10), new QNetworkHead(false, 51, -10, 10),
                new QNetworkHead(true, 51, -5, 5)}) {
            QNetworkSpec spec = new QNetworkSpec(new QNetworkArchitecture.Mlp(4, new int[] {64, 64}), 3, 1e-3, Loss.HUBER, 10, 1e-8, head);
            QNetwork network = QNetwork.create(spec, 9);
            SplittableRandom random = new SplittableRandom(4);
            for (int round = 0; round < 3; round++) {
                assertMatchesDl4j(network, random, head);
                int batch = 16;
                network.train(states(random, batch, 4), actions(random, batch, 3), targets(random, batch, head.numAtoms()), batch);
            }
            // The byte format keeps the head and the weights.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            network.write(bytes);
            QNetwork restored = QNetwork.read(new ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(spec, restored.spec());
            float[] state = {0.1f, -0.2f, 0.3f, 0.05f};
            float[] before = new float[3];
            float[] after = new float[3];
            network.qValues(state, before);
            restored.qValues(state, after);
            assertArrayEquals(before, after);
        }
    }

    @Test
    void minAtarCnnHeadEvaluatesLikeDl4jAndTrains() {
        QNetworkHead head = new QNetworkHead(true, 51, -10, 10);
        QNetworkSpec spec = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 4), 3, 1e-3, Loss.HUBER, 10, 1e-8, head);
        QNetwork network = QNetwork.create(spec, 2);
        SplittableRandom random = new SplittableRandom(6);
        for (int round = 0; round < 3; round++) {
            assertMatchesDl4j(network, random, head);
            int batch = 8;
            float[] losses = new float[batch];
            float[] before = network.dl4jNetwork().params().toFloatVector();
            TrainStats stats = network.train(states(random, batch, 400), actions(random, batch, 3), targets(random, batch, 51), null, batch, losses);
            assertTrue(!Arrays.equals(before, network.dl4jNetwork().params().toFloatVector()), "the step changed the weights");
            double sum = 0;
            for (float l : losses) sum += l;
            assertEquals(stats.loss(), sum / batch, 1e-6 * (1 + Math.abs(stats.loss())));
        }
    }

    private static void assertMatchesDl4j(QNetwork network, SplittableRandom random, QNetworkHead head) {
        assertFastPathsMatchDl4j(network, states(random, 5, network.spec().inputSize()));
    }

    /**
     * DL4J's {@code output()} of {@code obs} through the head, which the fast paths (one state at a time and the
     * batch) must match; returns it, {@code [batch][actions]}.
     */
    static float[] assertFastPathsMatchDl4j(QNetwork network, float[] obs) {
        QNetworkHead head = network.spec().head();
        int actions = network.spec().numActions();
        int in = network.spec().inputSize();
        int batch = obs.length / in;
        float[] raw = network.dl4jNetwork().output(Nd4j.create(obs, new long[] {batch, in}, 'c')).data().asFloat();
        float[] expected = new float[batch * actions];
        new HeadOutputs(head, actions).qValues(raw, batch, expected);
        float[] batched = new float[batch * actions];
        network.qValuesBatch(obs, batch, batched);
        float[] single = new float[actions];
        for (int s = 0; s < batch; s++) {
            network.qValues(Arrays.copyOfRange(obs, s * in, s * in + in), single);
            for (int a = 0; a < actions; a++) {
                float dl4j = expected[s * actions + a];
                assertEquals(dl4j, single[a], 1e-5 * (1 + Math.abs(dl4j)), head + " single state " + s);
                assertEquals(dl4j, batched[s * actions + a], 1e-5 * (1 + Math.abs(dl4j)), head + " batch row " + s);
            }
        }
        return expected;
    }

    /** States of a small MLP (4 inputs, values in ±1) or of MinAtar (0/1 planes). */
    static float[] states(SplittableRandom random, int batch, int inputSize) {
        float[] obs = new float[batch * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = inputSize == 4 ? (float) random.nextDouble(-1, 1) : random.nextInt(2);
        return obs;
    }

    static int[] actions(SplittableRandom random, int batch, int numActions) {
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(numActions);
        return actions;
    }

    /** TD targets with one atom; with several, random distributions on the support (each row sums to 1). */
    static float[] targets(SplittableRandom random, int batch, int atoms) {
        float[] targets = new float[batch * atoms];
        if (atoms == 1) {
            for (int s = 0; s < batch; s++) targets[s] = (float) random.nextDouble(-3, 3);
            return targets;
        }
        float[] probabilities = new float[atoms];
        for (int s = 0; s < batch; s++) {
            for (int z = 0; z < atoms; z++) probabilities[z] = (float) random.nextDouble();
            float[] normalised = new float[atoms];
            CategoricalProjection.softmax(probabilities, 0, atoms, normalised, 0);
            System.arraycopy(normalised, 0, targets, s * atoms, atoms);
        }
        return targets;
    }
}
