package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.rainbow.FactorisedNoise;
import dev.qsweep.agent.rainbow.NoisyLinear;
import dev.qsweep.agent.rainbow.StandardNormals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Noisy nets (issue 14): the DL4J {@link NoisyDense} layer against the pure reference {@link NoisyLinear} (forward
 * and gradients of μ and σ), {@link FusedMlp}'s noisy gradient against DL4J's backprop of the same seed and noise
 * with plain, dueling and C51 heads, the fast evaluation against DL4J's {@code output()} under the same noise and
 * with the mean weights, the noise's shapes and deterministic draw, initialisation and the byte format.
 *
 * <p>Tolerances as in {@code HeadGradientTest}: float sums of at most a few hundred products in another order differ
 * by well under 1e-4 of the layer's largest gradient; a wrong ε (transposed, unscaled, missing) is an O(1) error.
 */
class NoisyNetworkTest {

    private static QNetworkSpec mlpSpec(int[] widths, boolean dueling, int atoms, Loss loss) {
        int[] hidden = Arrays.copyOfRange(widths, 1, widths.length - 1);
        QNetworkHead head = new QNetworkHead(dueling, atoms, -10, 10, true, 0.5);
        return new QNetworkSpec(new QNetworkArchitecture.Mlp(widths[0], hidden), widths[widths.length - 1], 1e-3, loss,
                0.0, 1e-8, head);
    }

    private static int[] widths(String text) {
        return Arrays.stream(text.split("-")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void dl4jLayerComputesTheNoisyLinearReferenceForwardAndGradients() {
        int[] widths = {5, 7, 6, 3};
        QNetworkSpec spec = mlpSpec(widths, false, 1, Loss.MSE);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 11);
        net.getUpdater();
        NetworkNoise noise = QNetwork.attachNoise(net);
        noise.resample(new StandardNormals(21));
        int layers = widths.length - 1;
        assertEquals(layers, noise.layerCount(), "every layer of an MLP is noisy");

        int batch = 9;
        SplittableRandom random = new SplittableRandom(3);
        float[] obs = new float[batch * widths[0]];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(3);
        float[] targets = HeadGradientTest.targets(random, batch, 1);

        // Reference forward: NoisyLinear in double, ReLU between layers.
        float[][] inputs = new float[layers + 1][];
        inputs[0] = obs;
        for (int l = 0; l < layers; l++) {
            float[] y = new float[batch * widths[l + 1]];
            NoisyLinear.forward(inputs[l], batch, widths[l], widths[l + 1], rowMajor(net.getLayer(l), "W"),
                    rowMajor(net.getLayer(l), "sW"), rowMajor(net.getLayer(l), "b"), rowMajor(net.getLayer(l), "sb"),
                    noise.layer(l).noiseIn(), noise.layer(l).noiseOut(), y);
            if (l < layers - 1) for (int k = 0; k < y.length; k++) y[k] = Math.max(0f, y[k]);
            inputs[l + 1] = y;
        }
        float[] dl4jOutput = net.output(Nd4j.create(obs, new long[] {batch, widths[0]}, 'c')).data().asFloat();
        assertClose(inputs[layers], dl4jOutput, 1e-5, "DL4J forward vs NoisyLinear");

        // Reference backward of the same seed.
        float[] seed = new float[batch * 3];
        new HeadOutputs(spec.head(), 3).seed(inputs[layers], batch, actions, targets, Loss.MSE, seed, null);
        float[][][] reference = new float[layers][][];
        float[] g = seed;
        for (int l = layers - 1; l >= 0; l--) {
            int in = widths[l];
            int out = widths[l + 1];
            float[][] grads = {new float[in * out], new float[out], new float[in * out], new float[out]};
            float[] xGradient = l == 0 ? null : new float[batch * in];
            NoisyLinear.backward(inputs[l], g, batch, in, out, rowMajor(net.getLayer(l), "W"), rowMajor(net.getLayer(l), "sW"),
                    noise.layer(l).noiseIn(), noise.layer(l).noiseOut(), grads[0], grads[2], grads[1], grads[3], xGradient);
            reference[l] = grads;
            if (xGradient != null) {
                for (int k = 0; k < xGradient.length; k++) if (!(inputs[l][k] > 0f)) xGradient[k] = 0f;
            }
            g = xGradient;
        }
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        gradients.assign(Float.NaN);
        new Dl4jGradient(spec, net, gradients).headLossGradient(obs, actions, targets, null, batch, null);
        String[] keys = {"W", "b", "sW", "sb"};
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < keys.length; p++) {
                float[] dl4j = rowMajor(gradientView(net, l, keys[p]));
                assertClose(reference[l][p], dl4j, 1e-4, "layer " + l + " d" + keys[p]);
            }
        }
    }

    @ParameterizedTest(name = "dueling={0}, atoms={1}, {2}, widths={3}, batch={4}")
    @CsvSource({
        "false, 1,  MSE,   4-64-64-2,  32",
        "true,  1,  HUBER, 4-120-84-2, 64",
        "false, 51, MSE,   4-64-64-2,  32",
        "true,  51, HUBER, 8-32-6,     17",
    })
    void fusedNoisyGradientEqualsDl4jBackpropOfTheSameSeedAndNoise(boolean dueling, int atoms, Loss loss, String widthText,
                                                                   int batch) {
        int[] widths = widths(widthText);
        QNetworkSpec spec = mlpSpec(widths, dueling, atoms, loss);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 5);
        net.getUpdater();
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        assertEquals(QNetworkBuilder.expectedParameterCount(spec), params.length());
        NetworkNoise noise = QNetwork.attachNoise(net);
        noise.resample(new StandardNormals(atoms * 7L + batch));

        SplittableRandom random = new SplittableRandom(atoms * 100L + batch);
        int inputSize = widths[0];
        int numActions = widths[widths.length - 1];
        float[] obs = new float[batch * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(numActions);
        float[] targets = HeadGradientTest.targets(random, batch, atoms);
        float[] weights = new float[batch];
        for (int s = 0; s < batch; s++) weights[s] = (float) random.nextDouble(0.05, 1.0);

        FusedMlp fusedMlp = new FusedMlp(spec, net, params, gradients);
        fusedMlp.useNoise(new NoisyWeights(net, noise));
        gradients.assign(Float.NaN); // the fused path must write every element, σ included
        float[] fusedLosses = new float[batch];
        TrainStats fusedStats = fusedMlp.sumLossGradient(obs, actions, targets, weights, batch, fusedLosses);
        float[] fused = gradients.dup().data().asFloat();
        gradients.assign(Float.NaN);
        float[] dl4jLosses = new float[batch];
        TrainStats dl4jStats = new Dl4jGradient(spec, net, gradients).headLossGradient(obs, actions, targets, weights, batch, dl4jLosses);
        float[] dl4j = gradients.dup().data().asFloat();

        double[] squaredNorms = HeadGradientTest.assertGradientsMatch(net, widths.length - 1, new String[] {"W", "b", "sW", "sb"},
                fused, dl4j);
        double sigmaNorm = squaredNorms[2] + squaredNorms[3];
        assertTrue(sigmaNorm > 0, "σ must get gradient under noise");
        assertEquals(dl4jStats.loss(), fusedStats.loss(), 1e-5 * Math.abs(dl4jStats.loss()));
        assertEquals(dl4jStats.meanQ(), fusedStats.meanQ(), 1e-5 * (1 + Math.abs(dl4jStats.meanQ())));
        for (int s = 0; s < batch; s++) assertEquals(dl4jLosses[s], fusedLosses[s], 1e-5 * (1 + Math.abs(dl4jLosses[s])));

        // With the mean weights σ gets no gradient (ε = 0) on either path.
        noise.useMeanWeights();
        fusedMlp.sumLossGradient(obs, actions, targets, weights, batch, null);
        float[] fusedMean = gradients.dup().data().asFloat();
        new Dl4jGradient(spec, net, gradients).headLossGradient(obs, actions, targets, weights, batch, null);
        float[] dl4jMean = gradients.dup().data().asFloat();
        for (int l = 0; l < widths.length - 1; l++) {
            for (String key : new String[] {"sW", "sb"}) {
                INDArray view = net.getLayer(l).getParam(key);
                int start = Math.toIntExact(view.offset() - params.offset());
                for (int k = start; k < start + view.length(); k++) {
                    assertEquals(0f, fusedMean[k], "fused " + key);
                    assertEquals(0f, dl4jMean[k], "DL4J " + key);
                }
            }
        }
    }

    @Test
    void fastEvaluationEqualsDl4jOutputUnderTheSameNoiseAndWithTheMeanWeights() {
        QNetworkSpec mlp = mlpSpec(new int[] {4, 64, 64, 3}, true, 51, Loss.HUBER);
        QNetworkSpec cnn = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 4), 3, 1e-3, Loss.HUBER, 10, 1e-8,
                new QNetworkHead(true, 51, -10, 10, true, 0.5));
        QNetworkSpec plainCnn = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 4), 4, 1e-3, Loss.HUBER, 10, 1e-8,
                new QNetworkHead(false, 1, -10, 10, true, 0.3));
        for (QNetworkSpec spec : new QNetworkSpec[] {mlp, cnn, plainCnn}) {
            QNetwork network = QNetwork.create(spec, 9);
            StandardNormals normals = new StandardNormals(17);
            SplittableRandom random = new SplittableRandom(4);
            int in = spec.inputSize();
            for (int round = 0; round < 3; round++) {
                network.resampleNoise(normals);
                float[] obs = HeadGradientTest.states(random, 5, in);
                float[] noisyQ = HeadGradientTest.assertFastPathsMatchDl4j(network, obs);
                network.useMeanWeights();
                float[] meanQ = HeadGradientTest.assertFastPathsMatchDl4j(network, obs);
                assertFalse(Arrays.equals(noisyQ, meanQ), "noise changes the Q-values");
                // Mean weights: the same as a network whose σ is zero.
                QNetwork copy = copyWithZeroSigma(network);
                copy.resampleNoise(new StandardNormals(99));
                float[] zeroSigmaQ = new float[meanQ.length];
                copy.qValuesBatch(obs, 5, zeroSigmaQ);
                assertClose(meanQ, zeroSigmaQ, 1e-6, "mean weights = μ alone");
                int batch = 8;
                network.resampleNoise(normals);
                network.train(HeadGradientTest.states(random, batch, in), HeadGradientTest.actions(random, batch, spec.numActions()),
                        HeadGradientTest.targets(random, batch, spec.head().numAtoms()), batch);
            }
        }
    }

    @Test
    void noiseHasTheLayersShapesAndTheSameSeedDrawsTheSameNoise() throws Exception {
        QNetworkSpec cnn = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 4), 6, 1e-3, Loss.HUBER, 10, 1e-8,
                new QNetworkHead(false, 1, -10, 10, true, 0.5));
        NetworkNoise noise = QNetwork.attachNoise(QNetworkBuilder.build(cnn, 1));
        int flattened = cnn.architecture().flattenedConvolutionOutput();
        assertEquals(2, noise.layerCount(), "the dense layers after the convolutions are noisy, the convolutions are not");
        assertEquals(flattened, noise.layer(0).noiseIn().length);
        assertEquals(128, noise.layer(0).noiseOut().length);
        assertEquals(128, noise.layer(1).noiseIn().length);
        assertEquals(6, noise.layer(1).noiseOut().length);
        assertFalse(noise.active(), "a fresh network computes with its mean weights until noise is drawn");

        noise.resample(new StandardNormals(5));
        // The draw order: layer by layer, each f(ε_in) then f(ε_out), from one stream.
        StandardNormals reference = new StandardNormals(5);
        for (int k = 0; k < 2; k++) {
            FactorisedNoise expected = new FactorisedNoise(noise.layer(k).noiseIn().length, noise.layer(k).noiseOut().length);
            expected.resample(reference);
            assertArrayEquals(expected.noiseIn(), noise.layer(k).noiseIn());
            assertArrayEquals(expected.noiseOut(), noise.layer(k).noiseOut());
        }
        float first = noise.layer(0).noiseIn()[0];
        assertEquals((float) NoisyLinear.scale(new StandardNormals(5).next()), first, "f(x) = sgn(x)·√|x| of the first normal");

        NetworkNoise other = QNetwork.attachNoise(QNetworkBuilder.build(cnn, 2));
        other.resample(new StandardNormals(6));
        assertFalse(Arrays.equals(noise.layer(0).noiseIn(), other.layer(0).noiseIn()), "another seed, other noise");

        // Checkpoint round trip of the noise.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        noise.writeState(new DataOutputStream(bytes));
        other.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertTrue(other.active());
        for (int k = 0; k < 2; k++) assertArrayEquals(noise.layer(k).noiseOut(), other.layer(k).noiseOut());
    }

    @Test
    void sigmaStartsAtSigma0OverRootFanInAndTheFormatKeepsTheNoisyHead() throws Exception {
        QNetworkSpec spec = new QNetworkSpec(new QNetworkArchitecture.Mlp(4, new int[] {16}), 2, 1e-3, Loss.MSE, 0, 1e-8,
                new QNetworkHead(false, 1, -10, 10, true, 0.4));
        QNetwork network = QNetwork.create(spec, 3);
        MultiLayerNetwork net = network.dl4jNetwork();
        int[] fanIn = {4, 16};
        for (int l = 0; l < 2; l++) {
            float expected = (float) (0.4 / Math.sqrt(fanIn[l]));
            for (String key : new String[] {"sW", "sb"}) {
                for (float v : net.getLayer(l).getParam(key).dup().data().asFloat()) assertEquals(expected, v, key + " of layer " + l);
            }
            double bound = 1 / Math.sqrt(fanIn[l]);
            for (float v : net.getLayer(l).getParam("W").dup().data().asFloat()) assertTrue(Math.abs(v) <= bound, "μ_W in ±1/√fan-in");
        }
        network.resampleNoise(new StandardNormals(1));
        network.train(new float[] {0.1f, 0.2f, -0.3f, 0.4f}, new int[] {1}, new float[] {1f}, 1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        network.write(bytes);
        QNetwork restored = QNetwork.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(spec, restored.spec());
        assertTrue(restored.isNoisy());
        assertArrayEquals(net.params().toFloatVector(), restored.dl4jNetwork().params().toFloatVector());
        network.useMeanWeights();
        float[] state = {0.3f, -0.1f, 0.2f, 0.0f};
        float[] before = new float[2];
        float[] after = new float[2];
        network.qValues(state, before);
        restored.qValues(state, after); // a restored net starts with the mean weights, until its owner draws noise
        assertArrayEquals(before, after);

        QNetwork plain = QNetwork.create(new QNetworkSpec(4, new int[] {16}, 2, 1e-3, Loss.MSE, 0, 1e-8), 3);
        assertFalse(plain.isNoisy());
        assertThrows(IllegalStateException.class, () -> plain.resampleNoise(new StandardNormals(1)));
    }

    private static QNetwork copyWithZeroSigma(QNetwork network) throws RuntimeException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            network.write(bytes);
            QNetwork copy = QNetwork.read(new ByteArrayInputStream(bytes.toByteArray()));
            MultiLayerNetwork net = copy.dl4jNetwork();
            for (int l = 0; l < net.getnLayers(); l++) {
                if (net.getLayer(l) instanceof NoisyDenseLayer) {
                    net.getLayer(l).getParam("sW").assign(0);
                    net.getLayer(l).getParam("sb").assign(0);
                }
            }
            copy.parametersChanged();
            return copy;
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** A layer's parameter as NoisyLinear's row-major [in][out] (biases: [out]). */
    private static float[] rowMajor(Layer layer, String key) {
        return rowMajor(layer.getParam(key));
    }

    private static float[] rowMajor(INDArray array) {
        if (array.rank() == 1 || array.size(0) == 1) return array.toFloatVector();
        float[][] m = array.toFloatMatrix();
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        return out;
    }

    private static INDArray gradientView(MultiLayerNetwork net, int layer, String key) {
        org.deeplearning4j.nn.layers.BaseLayer<?> base = (org.deeplearning4j.nn.layers.BaseLayer<?>) net.getLayer(layer);
        return NoisyDenseParamInitializer.getInstance().getGradientsFromFlattened(base.conf(), base.getGradientsViewArray()).get(key);
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double largest = 0;
        for (float v : expected) largest = Math.max(largest, Math.abs(v));
        assertTrue(largest > 0, what + ": all zero proves nothing");
        for (int k = 0; k < expected.length; k++) {
            assertTrue(Math.abs(expected[k] - actual[k]) <= relative * largest,
                    what + " element " + k + ": expected " + expected[k] + ", got " + actual[k]);
        }
    }
}
