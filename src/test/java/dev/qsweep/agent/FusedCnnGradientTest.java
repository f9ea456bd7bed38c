package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedCnn}'s gradient of the summed (importance-weighted) loss equals DL4J's own backprop on the same network
 * and batch, element by element, for {@code minatar_cnn} (several channel counts) and {@code nature_cnn}, both losses
 * and the plain, dueling and C51 heads. DL4J's side is {@link Dl4jGradient}: {@code calculateGradients} with
 * {@link TakenActionLoss} (the arithmetic of {@code computeGradientAndScore}) for the plain head, DL4J's
 * {@code backpropGradient} of the head's seed for the others.
 *
 * <p>Tolerance, per element: both are float32 evaluations of the same sums of products in another order, so each lies
 * within γ_N·M of the exact value, M its magnitude ({@link CnnMagnitudes}, N the longest rounding chain); their
 * difference is at most 2·γ_N·M. The backward seed is computed by the same code on each path's own forward outputs,
 * which differ by at most 2·γ_F·M_raw (γ_F of the forward chain); the seed moves by at most L times that, with L = 2
 * (ℓ'' ≤ 2 for MSE; the C51 cross-entropy gradient p − t moves by ≤ ½ of the logits' change) and, for dueling, ×3
 * (a logit is V + A_a − mean A) ×2 (the seed of A_j is g_j − mean g). That slack is added to every seed magnitude of
 * the row. A wrong transpose, stride, layer offset, head seed or a missing bias gradient is an O(1) error of some
 * element and fails; errors below the worst-case bound (~1e-3 relative on long sums) are not caught here, and the
 * reorder/ReLU and im2col/col2im functions FusedCnn shares with {@link GemmConvolutionLayer} (the DL4J side's layer)
 * are proven by {@code GemmConvolutionLayerTest} against DL4J's own convolution.
 */
class FusedCnnGradientTest {

    @ParameterizedTest(name = "{0} c={1}, dueling={2}, atoms={3}, {4}, weighted={5}, batch={6}")
    @CsvSource({
        "minatar, 4,  false, 1,  MSE,   false, 32",
        "minatar, 7,  false, 1,  HUBER, true,  16",
        "minatar, 10, true,  1,  HUBER, true,  8",
        "minatar, 6,  false, 51, MSE,   true,  8",
        "minatar, 4,  true,  51, HUBER, false, 32",
        "nature,  4,  false, 1,  HUBER, true,  3",
        "nature,  4,  false, 1,  MSE,   false, 2",
        "nature,  4,  true,  1,  MSE,   true,  2",
        "nature,  4,  false, 51, HUBER, true,  2",
        "nature,  2,  true,  51, MSE,   false, 2",
    })
    void gradientEqualsDl4jsBackprop(String kind, int channels, boolean dueling, int atoms, Loss loss, boolean weighted,
                                     int batch) {
        QNetworkArchitecture architecture = kind.equals("nature")
                ? new QNetworkArchitecture.NatureCnn(channels, 84, 84)
                : new QNetworkArchitecture.MinAtarCnn(10, 10, channels);
        int numActions = kind.equals("nature") ? 6 : 3 + channels % 4;
        QNetworkHead head = new QNetworkHead(dueling, atoms, -10, 10);
        QNetworkSpec spec = new QNetworkSpec(architecture, numActions, 1e-3, loss, 10, 1e-8, head);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 11 + channels);
        net.getUpdater();
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        int inputSize = spec.inputSize();
        int width = spec.outputWidth();

        SplittableRandom random = new SplittableRandom(channels * 100L + atoms * 10L + batch);
        float[] obs = states(random, batch, inputSize, kind.equals("nature"));
        float[] raw = net.output(Nd4j.create(obs, new long[] {batch, inputSize}, 'c')).data().asFloat();
        HeadOutputs headOutputs = new HeadOutputs(head, numActions);
        int[] actions = new int[batch];
        for (int s = 0; s < batch; s++) actions[s] = random.nextInt(numActions);
        float[] targets;
        if (atoms == 1) {
            // Around the current Q so Huber sees both |d| < 1 and |d| > 1.
            float[] q = new float[batch * numActions];
            headOutputs.qValues(raw, batch, q);
            targets = new float[batch];
            for (int s = 0; s < batch; s++) {
                double offset = s % 2 == 0 ? random.nextDouble(-0.9, 0.9) : random.nextDouble(1.5, 3) * (s % 4 == 1 ? 1 : -1);
                targets[s] = (float) (q[s * numActions + actions[s]] + offset);
            }
        } else {
            targets = HeadGradientTest.targets(random, batch, atoms);
        }
        float[] weights = null;
        if (weighted) {
            weights = new float[batch];
            for (int s = 0; s < batch; s++) weights[s] = (float) random.nextDouble(0.05, 1.0);
        }

        float[] fusedLosses = new float[batch];
        TrainStats fusedStats = new FusedCnn(spec, net, params, gradients)
                .sumLossGradient(obs, actions, targets, weights, batch, fusedLosses);
        float[] fused = gradients.dup().data().asFloat();
        gradients.assign(Float.NaN); // DL4J must overwrite every element
        Dl4jGradient dl4jGradient = new Dl4jGradient(spec, net, gradients);
        float[] dl4jLosses = new float[batch];
        TrainStats dl4jStats = head.isPlain()
                ? dl4jGradient.sumLossGradient(obs, actions, targets, weights, batch)
                : dl4jGradient.headLossGradient(obs, actions, targets, weights, batch, dl4jLosses);
        float[] dl4j = gradients.dup().data().asFloat();

        // Magnitudes: |seed| of DL4J's forward outputs plus the slack of the other path's forward rounding.
        CnnMagnitudes magnitudes = new CnnMagnitudes(spec, net);
        float[] seed = new float[batch * width];
        float[] rowLosses = new float[batch];
        headOutputs.seed(raw, batch, actions, targets, loss, seed, rowLosses);
        if (weights != null) HeadOutputs.weightRows(seed, batch, width, weights, rowLosses);
        double gammaForward = CnnMagnitudes.gamma(magnitudes.forwardChainLength());
        double lipschitz = 2 * (dueling ? 6 : 1);
        double[][] seedMagnitude = new double[batch][width];
        double[] rawChange = new double[batch]; // bound on |raw_fused − raw_DL4J| of the row
        for (int s = 0; s < batch; s++) {
            double largest = Arrays.stream(magnitudes.forward(obs, s * inputSize).rawOutputs()).max().orElseThrow();
            rawChange[s] = 2 * gammaForward * largest;
            double rowWeight = weights == null ? 1 : weights[s];
            for (int c = 0; c < width; c++) {
                seedMagnitude[s][c] = Math.abs(seed[s * width + c]) + rowWeight * lipschitz * rawChange[s];
            }
        }
        double[] magnitude = magnitudes.gradient(obs, batch, seedMagnitude);
        double bound = 2 * CnnMagnitudes.gamma(magnitudes.roundingChainLength(batch));

        int start = Math.toIntExact(params.offset());
        double worst = 0;
        double squaredDifference = 0;
        double squaredNorm = 0;
        for (int k = 0; k < params.length(); k++) {
            float expected = dl4j[start + k];
            float actual = fused[start + k];
            assertTrue(Float.isFinite(expected), "DL4J left parameter " + k + " unwritten");
            double tolerance = bound * magnitude[k] + Double.MIN_NORMAL;
            double difference = Math.abs(actual - expected);
            assertTrue(difference <= tolerance, "parameter " + k + ": fused " + actual + ", DL4J " + expected
                    + ", tolerance " + tolerance);
            worst = Math.max(worst, difference / tolerance);
            squaredDifference += difference * difference;
            squaredNorm += (double) expected * expected;
        }
        assertTrue(squaredNorm > 0, "a zero gradient would prove nothing");
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray layerGradient = Nd4j.create(Arrays.copyOfRange(fused, start + (int) (net.getLayer(l).params().offset() - params.offset()),
                    start + (int) (net.getLayer(l).params().offset() - params.offset() + net.getLayer(l).numParams())));
            assertTrue(layerGradient.norm2Number().doubleValue() > 0, "layer " + l + " got no gradient");
        }

        // Losses: the same code on forward outputs that differ by ≤ rawChange; |Δℓ| ≤ (|ℓ'| + δ)·δ with the logit change
        // δ (×3 for dueling), |ℓ'| ≤ 2 for the cross-entropy (‖p − t‖₁).
        double lossTolerance = 0;
        for (int s = 0; s < batch; s++) {
            double delta = rawChange[s] * (dueling ? 3 : 1);
            double slope = atoms > 1 ? 2 : maxAbs(seed, s * width, width) / (weights == null ? 1 : weights[s]);
            double rowTolerance = (slope + delta) * delta;
            lossTolerance += (weights == null ? 1 : weights[s]) * rowTolerance;
            if (!head.isPlain()) {
                // Both rounded to float when stored: one ulp more.
                assertEquals(dl4jLosses[s], fusedLosses[s], rowTolerance + Math.ulp(dl4jLosses[s]), "row " + s + " loss");
            }
        }
        lossTolerance /= batch;
        assertEquals(dl4jStats.loss(), fusedStats.loss(), lossTolerance + 1e-12 * Math.abs(dl4jStats.loss()), "mean loss");
        double sum = 0;
        for (int s = 0; s < batch; s++) sum += (weights == null ? 1.0 : weights[s]) * fusedLosses[s];
        assertEquals(fusedStats.loss(), sum / batch, 1e-6 * (1 + Math.abs(sum / batch)), "per-sample losses average to the loss");
        System.out.printf("%s c=%d dueling=%s atoms=%d %s b=%d: worst |fused − DL4J| / bound = %.3g, ‖fused − DL4J‖/‖DL4J‖ = %.2g%n",
                kind, channels, dueling, atoms, loss, batch, worst, Math.sqrt(squaredDifference / squaredNorm));
    }

    private static double maxAbs(float[] values, int from, int length) {
        double most = 0;
        for (int k = from; k < from + length; k++) most = Math.max(most, Math.abs(values[k]));
        return most;
    }

    /** Nature: pixels already scaled to [0, 1] (multiples of 1/255); MinAtar: 0/1 planes. */
    static float[] states(SplittableRandom random, int batch, int inputSize, boolean pixels) {
        float[] obs = new float[batch * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = pixels ? (float) (random.nextInt(256) / 255.0) : random.nextInt(2);
        return obs;
    }
}
