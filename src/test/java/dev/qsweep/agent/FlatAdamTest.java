package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link FlatAdam}: Adam's arithmetic by hand, buffer offsets and chunking, and equality with DL4J's own updater. */
class FlatAdamTest {

    // β1 and β2 are float32 constants, as libnd4j casts them: 1 − 0.999f is 9.99987e-4, not 1e-3.
    private static final double B1 = 0.9f;
    private static final double B2 = 0.999f;

    @Test
    void stepSizeIsTheBiasCorrectedLearningRate() {
        // t = 1: lr·√(1 − β2)/(1 − β1) ≈ lr·0.3162
        assertEquals(0.01 * Math.sqrt(1 - B2) / (1 - B1), FlatAdam.stepSize(0.01, 1e-8, 0), 1e-9); // a float: ulp ≈ 2e-10
        assertEquals(0.01 * 0.3162, FlatAdam.stepSize(0.01, 1e-8, 0), 1e-6);
        // t = 2: lr·√(1 − β2²)/(1 − β1²) ≈ lr·0.2353
        assertEquals(0.01 * Math.sqrt(1 - B2 * B2) / (1 - B1 * B1), FlatAdam.stepSize(0.01, 1e-8, 1), 1e-9);
        // Late in training both corrections vanish: α → lr.
        assertEquals(0.01, FlatAdam.stepSize(0.01, 1e-8, 1_000_000), 1e-9);
    }

    @Test
    void firstStepMovesEveryParameterByTheLearningRateAgainstItsGradient() {
        // t = 1 from m = v = 0: m = (1−β1)·g, v = (1−β2)·g², so α_1·m/√v = lr·sign(g) (ε is 1e-8 against √v ≥ 4e-3).
        float[] gradient = {0.5f, -2f, 0.125f, 40f};
        float[] parameters = {1f, 1f, -1f, 0f};
        float[] state = new float[8];
        step(parameters, gradient, state, 1f, 0.01, 0);
        float[] expected = {0.99f, 1.01f, -1.01f, -0.01f};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], parameters[i], 2e-7, "parameter " + i);
            assertEquals((1 - B1) * gradient[i], state[i], 1e-7 * Math.abs(gradient[i]), "m " + i);
            assertEquals((1 - B2) * gradient[i] * gradient[i], state[4 + i], 1e-6 * gradient[i] * gradient[i], "v " + i);
        }
    }

    @Test
    void secondStepByHand() {
        // Scale 0.5 turns the stored gradients 2 and 4 into 1 and 2.
        // t = 1, g = 1: m = 1−β1 ≈ 0.1, v = 1−β2 ≈ 0.001; θ: 0 → −lr.
        // t = 2, g = 2: m = β1·m + 2(1−β1) ≈ 0.29, v = β2·v + 4(1−β2) ≈ 0.004999; θ −= α_2·m/√v ≈ 0.00965.
        float[] parameters = {0f};
        float[] state = new float[2];
        step(parameters, new float[] {2f}, state, 0.5f, 0.01, 0);
        step(parameters, new float[] {4f}, state, 0.5f, 0.01, 1);
        double m = B1 * (1 - B1) + 2 * (1 - B1);
        double v = B2 * (1 - B2) + 4 * (1 - B2);
        double alpha2 = 0.01 * Math.sqrt(1 - B2 * B2) / (1 - B1 * B1);
        assertEquals(m, state[0], 1e-7);
        assertEquals(0.29, state[0], 1e-6);
        assertEquals(v, state[1], 1e-9);
        assertEquals(-0.01 - alpha2 * m / Math.sqrt(v), parameters[0], 1e-7);
        assertEquals(-0.01 - 0.00965, parameters[0], 1e-5);
    }

    @Test
    void honoursOffsetsAndCrossesChunkBoundaries() {
        int n = 10_001; // two full chunks and a partial one
        SplittableRandom random = new SplittableRandom(3);
        float[] gradient = new float[n];
        float[] parameters = new float[n];
        for (int i = 0; i < n; i++) {
            gradient[i] = (float) random.nextDouble(-1, 1);
            parameters[i] = (float) random.nextDouble(-1, 1);
        }
        float[] expected = parameters.clone();
        step(expected, gradient, new float[2 * n], 1f, 1e-3, 0);

        // The same numbers placed at offsets 7, 3 and 11 inside larger buffers.
        FloatBuffer params = FloatBuffer.allocate(n + 7).put(7, parameters);
        FloatBuffer grads = FloatBuffer.allocate(n + 3).put(3, gradient);
        FloatBuffer state = FloatBuffer.allocate(2 * n + 11);
        new FlatAdam().step(params, 7, grads, 3, state, 11, n, 1f, FlatAdam.stepSize(1e-3, 1e-8, 0), 1e-8f);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], params.get(7 + i), "parameter " + i);
            assertEquals(gradient[i], grads.get(3 + i), "the gradient is only read");
        }
        assertEquals(0f, params.get(6), "nothing before the offset is touched");
    }

    /** Ten training steps of QNetwork against the same steps done with DL4J's own Adam updater. */
    @Test
    void matchesDl4jsAdamUpdaterOverTenSteps() {
        QNetworkSpec spec = new QNetworkSpec(6, new int[] {32, 32}, 3, 3e-3, Loss.HUBER, 0.5, 1e-8); // clips often
        QNetwork ours = QNetwork.create(spec, 11);
        QNetwork dl4j = QNetwork.create(spec, 11);
        SplittableRandom data = new SplittableRandom(5);
        int batch = 16;
        for (int stepIndex = 0; stepIndex < 10; stepIndex++) {
            float[] obs = new float[batch * 6];
            int[] actions = new int[batch];
            float[] targets = new float[batch];
            for (int k = 0; k < obs.length; k++) obs[k] = (float) data.nextDouble(-3, 3);
            for (int s = 0; s < batch; s++) {
                actions[s] = data.nextInt(3);
                targets[s] = (float) data.nextDouble(-5, 5);
            }
            ours.train(obs, actions, targets, batch);
            trainWithDl4jUpdater(dl4j, obs, actions, targets, batch, spec.maxGradNorm());
        }
        float[] a = ours.dl4jNetwork().params().dup().data().asFloat();
        float[] b = dl4j.dl4jNetwork().params().dup().data().asFloat();
        float[] stateA = ours.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat();
        float[] stateB = dl4j.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat();
        double worstParameter = 0;
        for (int i = 0; i < a.length; i++) worstParameter = Math.max(worstParameter, Math.abs(a[i] - b[i]));
        double worstMoment = 0;
        for (int i = 0; i < stateA.length; i++) {
            worstMoment = Math.max(worstMoment, Math.abs(stateA[i] - stateB[i]) / (Math.abs(stateB[i]) + 1e-12));
        }
        assertEquals(10, ours.dl4jNetwork().getIterationCount());
        // Ten steps of 3e-3 move parameters by up to ~0.03; float rounding differences stay near 1e-7 of that.
        assertTrue(worstParameter < 1e-6, "largest parameter difference " + worstParameter);
        assertTrue(worstMoment < 1e-4, "largest relative Adam-state difference " + worstMoment);
        assertTrue(!java.util.Arrays.equals(a, QNetwork.create(spec, 11).dl4jNetwork().params().dup().data().asFloat()),
                "training moved the parameters");
    }

    /** What QNetwork.train did before FlatAdam: clip by scaling the sum-loss gradient, then DL4J's updater, then θ −= update. */
    private static void trainWithDl4jUpdater(QNetwork network, float[] obs, int[] actions, float[] targets, int batch, double maxNorm) {
        MultiLayerNetwork net = network.dl4jNetwork();
        TrainingBatch trainingBatch = new TrainingBatch(batch, network.spec().inputSize(), network.spec().numActions());
        trainingBatch.fill(obs, actions, targets);
        net.calculateGradients(trainingBatch.input(), trainingBatch.labels(), null, trainingBatch.mask());
        net.clearLayerMaskArrays();
        INDArray gradient = net.getFlattenedGradients();
        double scale = maxNorm / (gradient.norm2Number().doubleValue() / batch + 1e-6);
        if (scale < 1) gradient.muli(scale);
        int iteration = net.getIterationCount();
        net.getUpdater().update(net, new DefaultGradient(gradient), iteration, net.getEpochCount(), batch,
                LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(gradient.reshape(net.params().shape()));
        net.setIterationCount(iteration + 1);
        network.parametersChanged();
    }

    private static void step(float[] parameters, float[] gradient, float[] state, float scale, double learningRate, int iteration) {
        FloatBuffer params = FloatBuffer.wrap(parameters);
        FloatBuffer moments = FloatBuffer.wrap(state);
        new FlatAdam().step(params, 0, FloatBuffer.wrap(gradient), 0, moments, 0, parameters.length, scale,
                FlatAdam.stepSize(learningRate, 1e-8, iteration), 1e-8f);
    }
}
