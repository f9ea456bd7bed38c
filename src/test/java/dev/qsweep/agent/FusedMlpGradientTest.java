package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedMlp}'s gradient of the summed taken-action loss equals DL4J's own {@code computeGradientAndScore} on the
 * same network and batch, element by element, within float rounding.
 *
 * <p>Tolerance: each of the two is a float32 evaluation of the same sums of products (forward, loss seed, backward,
 * batch sum), only in another order, so each lies within γ_N·magnitude of the exact value, where magnitude is the
 * same computation on absolute values and N the longest rounding chain ({@link ReferenceMlp}); their difference is
 * therefore at most 2·γ_N·magnitude. A wrong transpose, a missing ReLU mask, a wrong loss branch, a bias gradient
 * summed over the wrong axis or a mean instead of a sum is an O(1) relative error of some element and fails.
 */
class FusedMlpGradientTest {

    @ParameterizedTest(name = "{0}, widths={1}, batch={2}")
    @CsvSource({
        "MSE,   4-120-84-2,  128",
        "HUBER, 4-120-84-2,  128",
        "MSE,   4-120-84-2,  32",
        "HUBER, 4-64-64-2,   64",
        "MSE,   8-256-256-6, 32",
        "HUBER, 6-32-3,      17",
        "MSE,   3-5-7-4,     9",
        "HUBER, 5-4,         3",
    })
    void gradientEqualsDl4jsComputeGradientAndScore(Loss loss, String widthText, int batchSize) {
        int[] widths = Arrays.stream(widthText.split("-")).mapToInt(Integer::parseInt).toArray();
        int inputSize = widths[0];
        int numActions = widths[widths.length - 1];
        int[] hidden = Arrays.copyOfRange(widths, 1, widths.length - 1);
        QNetworkSpec spec = new QNetworkSpec(inputSize, hidden, numActions, 1e-3, loss, 0.0, 1e-8);
        MultiLayerNetwork net = QNetworkBuilder.build(spec, 3);
        net.getUpdater();
        INDArray params = net.params();
        INDArray gradients = net.getFlattenedGradients().reshape(params.shape());
        ReferenceMlp reference = new ReferenceMlp(net, widths);

        // Targets around the current Q so Huber sees both |d| < 1 and |d| > 1.
        SplittableRandom random = new SplittableRandom(widths.length * 1000L + batchSize);
        float[] obs = new float[batchSize * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        int[] actions = new int[batchSize];
        float[] targets = new float[batchSize];
        for (int s = 0; s < batchSize; s++) {
            actions[s] = random.nextInt(numActions);
            double q = reference.qValues(Arrays.copyOfRange(obs, s * inputSize, (s + 1) * inputSize))[actions[s]];
            targets[s] = (float) (q + (s % 2 == 0 ? random.nextDouble(-0.9, 0.9) : random.nextDouble(1.5, 3) * (s % 4 == 1 ? 1 : -1)));
        }

        TrainStats fusedStats = new FusedMlp(spec, net, params, gradients).sumLossGradient(obs, actions, targets, null, batchSize);
        float[] fused = gradients.dup().data().asFloat();
        gradients.assign(Float.NaN); // DL4J must overwrite every element

        TrainingBatch batch = new TrainingBatch(batchSize, inputSize, numActions);
        batch.fill(obs, actions, targets);
        net.setInput(batch.input());
        net.setLabels(batch.labels());
        net.setLayerMaskArrays(null, batch.mask());
        net.computeGradientAndScore();
        Gradient dl4j = net.gradient();
        double dl4jMeanLoss = net.score();
        net.clearLayerMaskArrays();

        // Magnitudes of the summed-loss gradient (the reference's are of the mean: × batch).
        ReferenceMlp.Gradients magnitude = reference.gradient(obs, actions, targets, batchSize, loss).magnitude;
        double bound = 2 * ReferenceMlp.gamma(reference.roundingChainLength(batchSize)) * batchSize;
        double worst = 0;
        double squaredDifference = 0;
        double squaredNorm = 0;
        int checked = 0;
        for (int l = 0; l < widths.length - 1; l++) {
            INDArray w = net.getLayer(l).getParam("W");
            INDArray b = net.getLayer(l).getParam("b");
            INDArray dl4jW = dl4j.getGradientFor(l + "_W");
            INDArray dl4jB = dl4j.getGradientFor(l + "_b");
            for (int i = 0; i < widths[l]; i++) {
                for (int j = 0; j < widths[l + 1]; j++) {
                    int flat = Math.toIntExact(w.offset() - params.offset() + i * w.stride(0) + j * w.stride(1));
                    double expected = dl4jW.getDouble(i, j);
                    double tolerance = bound * magnitude.w[l][i][j] + Double.MIN_NORMAL;
                    double difference = Math.abs(fused[flat] - expected);
                    assertTrue(difference <= tolerance, "layer " + l + " W[" + i + "][" + j + "]: fused " + fused[flat]
                            + ", DL4J " + expected + ", tolerance " + tolerance);
                    worst = Math.max(worst, difference / tolerance);
                    squaredDifference += difference * difference;
                    squaredNorm += expected * expected;
                    checked++;
                }
            }
            for (int j = 0; j < widths[l + 1]; j++) {
                int flat = Math.toIntExact(b.offset() - params.offset() + j);
                double expected = dl4jB.getDouble(j);
                double tolerance = bound * magnitude.b[l][j] + Double.MIN_NORMAL;
                double difference = Math.abs(fused[flat] - expected);
                assertTrue(difference <= tolerance, "layer " + l + " b[" + j + "]: fused " + fused[flat] + ", DL4J "
                        + expected + ", tolerance " + tolerance);
                worst = Math.max(worst, difference / tolerance);
                squaredDifference += difference * difference;
                squaredNorm += expected * expected;
                checked++;
            }
        }
        assertEquals(params.length(), checked, "every parameter compared once");
        assertTrue(squaredNorm > 0, "a zero gradient would prove nothing");

        // The loss: the same float errors up to the forward pass's rounding; |ℓ(e+δ) − ℓ(e)| ≤ (|ℓ'(e)| + |δ|)·|δ|.
        double lossTolerance = 0;
        double gammaForward = 2 * ReferenceMlp.gamma(reference.roundingChainLength(batchSize));
        for (int s = 0; s < batchSize; s++) {
            float[] state = Arrays.copyOfRange(obs, s * inputSize, (s + 1) * inputSize);
            double q = reference.qValues(state)[actions[s]];
            double delta = gammaForward * (reference.qMagnitudes(state)[actions[s]] + Math.abs(targets[s]));
            lossTolerance += (Math.abs(loss.derivative(q - targets[s])) + delta) * delta;
        }
        lossTolerance /= batchSize;
        assertEquals(dl4jMeanLoss, fusedStats.loss(), lossTolerance, "mean loss");
        System.out.printf("%s %s b=%d: worst |fused − DL4J| / bound = %.3g, ‖fused − DL4J‖/‖DL4J‖ = %.2g%n",
                loss, widthText, batchSize, worst, Math.sqrt(squaredDifference / squaredNorm));
    }
}
