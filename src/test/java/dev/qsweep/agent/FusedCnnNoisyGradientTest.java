package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.rainbow.StandardNormals;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A noisy head on a CNN: {@link FusedCnn}'s gradient (its dense part computing with μ + σ ⊙ ε) equals DL4J's backprop of
 * the same seed under the same noise, for every parameter of every layer — the convolutions' W and b, the noisy dense
 * layers' μ and σ — with the per-parameter tolerance of {@code HeadGradientTest} (1e-4 of the largest element of the
 * same parameter). Then, with the mean weights, σ gets no gradient on either path.
 */
class FusedCnnNoisyGradientTest {

    @ParameterizedTest(name = "{0} c={1}, dueling={2}, atoms={3}, {4}, batch={5}")
    @CsvSource({
        "minatar, 4, false, 1,  HUBER, 16",
        "minatar, 7, true,  51, MSE,   8",
        "nature,  4, true,  51, HUBER, 2",
        "nature,  4, false, 1,  MSE,   2",
    })
    void fusedNoisyCnnGradientEqualsDl4jBackprop(String kind, int channels, boolean dueling, int atoms, Loss loss, int batch) {
        boolean nature = kind.equals("nature");
        QNetworkArchitecture architecture = nature
                ? new QNetworkArchitecture.NatureCnn(channels, 84, 84)
                : new QNetworkArchitecture.MinAtarCnn(10, 10, channels);
        int numActions = nature ? 6 : 3 + channels % 4;
        QNetworkHead head = new QNetworkHead(dueling, atoms, -10, 10, true, QNetworkHead.DEFAULT_SIGMA0);
        QNetworkSpec spec = new QNetworkSpec(architecture, numActions, 1e-3, loss, 10, 1e-8, head);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 17 + channels);
        net.getUpdater();
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        NetworkNoise noise = QNetwork.attachNoise(net);
        noise.resample(new StandardNormals(atoms * 13L + batch));

        SplittableRandom random = new SplittableRandom(channels * 1000L + atoms * 10L + batch);
        float[] obs = FusedCnnGradientTest.states(random, batch, spec.inputSize(), nature);
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(numActions);
        float[] targets = HeadGradientTest.targets(random, batch, atoms);
        float[] weights = new float[batch];
        for (int s = 0; s < batch; s++) weights[s] = (float) random.nextDouble(0.05, 1.0);

        FusedCnn fusedCnn = new FusedCnn(spec, net, params, gradients);
        fusedCnn.useNoise(net, noise);
        gradients.assign(Float.NaN); // the fused path must write every element, σ included
        float[] fusedLosses = new float[batch];
        TrainStats fusedStats = fusedCnn.sumLossGradient(obs, actions, targets, weights, batch, fusedLosses);
        float[] fused = gradients.dup().data().asFloat();
        gradients.assign(Float.NaN);
        float[] dl4jLosses = new float[batch];
        Dl4jGradient dl4jGradient = new Dl4jGradient(spec, net, gradients);
        TrainStats dl4jStats = head.isPlain()
                ? dl4jGradient.sumLossGradient(obs, actions, targets, weights, batch)
                : dl4jGradient.headLossGradient(obs, actions, targets, weights, batch, dl4jLosses);
        float[] dl4j = gradients.dup().data().asFloat();

        int convolutions = architecture.convolutions().length;
        double sigmaNorm = 0;
        for (int l = 0; l < net.getnLayers(); l++) {
            String[] keys = l < convolutions ? new String[] {"W", "b"} : new String[] {"W", "b", "sW", "sb"};
            for (String key : keys) sigmaNorm += assertParameterMatches(net, l, key, fused, dl4j) * (key.startsWith("s") ? 1 : 0);
        }
        assertTrue(sigmaNorm > 0, "σ must get gradient under noise");
        assertEquals(dl4jStats.loss(), fusedStats.loss(), 1e-5 * Math.abs(dl4jStats.loss()));
        assertEquals(dl4jStats.meanQ(), fusedStats.meanQ(), 1e-5 * (1 + Math.abs(dl4jStats.meanQ())));
        if (!head.isPlain()) {
            for (int s = 0; s < batch; s++) assertEquals(dl4jLosses[s], fusedLosses[s], 1e-5 * (1 + Math.abs(dl4jLosses[s])));
        }

        // Mean weights (greedy evaluation's): ε = 0, so σ gets no gradient on either path.
        noise.useMeanWeights();
        fusedCnn.sumLossGradient(obs, actions, targets, weights, batch, null);
        float[] fusedMean = gradients.dup().data().asFloat();
        for (int l = convolutions; l < net.getnLayers(); l++) {
            for (String key : new String[] {"sW", "sb"}) {
                INDArray view = net.getLayer(l).getParam(key);
                int start = Math.toIntExact(view.offset() - params.offset());
                for (int k = start; k < start + view.length(); k++) assertEquals(0f, fusedMean[k], "fused " + key + " of layer " + l);
            }
        }
    }

    /** |fused − DL4J| ≤ 1e-4 of the parameter's largest DL4J element, every element written; returns Σ DL4J². */
    private static double assertParameterMatches(MultiLayerNetwork net, int layer, String key, float[] fused, float[] dl4j) {
        INDArray view = net.getLayer(layer).getParam(key);
        int start = Math.toIntExact(view.offset() - net.params().offset());
        int end = start + Math.toIntExact(view.length());
        double largest = 0;
        for (int k = start; k < end; k++) largest = Math.max(largest, Math.abs(dl4j[k]));
        double squaredNorm = 0;
        for (int k = start; k < end; k++) {
            assertTrue(Float.isFinite(dl4j[k]) && Float.isFinite(fused[k]), "layer " + layer + " " + key + " element left unwritten");
            assertTrue(Math.abs(fused[k] - dl4j[k]) <= 1e-4 * largest + Double.MIN_NORMAL,
                    "layer " + layer + " " + key + " element " + (k - start) + ": fused " + fused[k] + ", DL4J " + dl4j[k]);
            squaredNorm += (double) dl4j[k] * dl4j[k];
        }
        assertTrue(squaredNorm > 0, "layer " + layer + " " + key + " got no gradient");
        return squaredNorm;
    }
}
