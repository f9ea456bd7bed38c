package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The step {@link QNetwork#train} takes is one DL4J-Adam step on exactly the hand-computed gradient of
 * the batch-mean loss (after global-norm clipping).
 *
 * <p>How we see the applied gradient: after the first step Adam's first moment is m = (1 − β1)·g, so
 * g = m / (1 − β1) is what the updater received. Tolerance per element is γ_N · magnitude (see
 * {@link ReferenceMlp}): a rigorous float32 rounding bound for the forward+backward chain, typically
 * ~1e-5 relative to the sum of absolute contributions, while any scaling slip (÷nOut, ÷batch twice,
 * a wrong Huber branch, per-layer clipping) is an O(1) relative error. That worst-case bound is far
 * from what happens (observed errors are ~1e-4 of it), so the whole gradient is also held to
 * ‖applied − expected‖₂ ≤ 32·u·‖expected‖₂ ≈ 1.9e-6: observed is 1–3·u (float32 storage of the result
 * alone costs 0.5·u), the factor 32 leaves room for other BLAS kernels' summation orders, and any
 * systematic slip above ~2e-6 relative fails.
 */
class QNetworkGradientTest {
    private static final double U = ReferenceMlp.FLOAT_UNIT_ROUNDOFF;
    // DL4J's native Adam works with float β's: 1 − 0.9f = 0.10000002, 1 − 0.999f = 0.00099998713.
    private static final double ONE_MINUS_BETA1 = 1.0 - 0.9f;
    private static final double ONE_MINUS_BETA2 = 1.0 - 0.999f;

    @ParameterizedTest(name = "{0}, clip={1}, widths={2}, batch={3}")
    @CsvSource({
        "MSE,   NONE,     4-120-84-2, 128",
        "HUBER, NONE,     4-120-84-2, 128",
        "MSE,   ACTIVE,   4-64-64-2,  64",
        "HUBER, ACTIVE,   4-64-64-2,  64",
        "HUBER, INACTIVE, 6-32-3,     17",
        "MSE,   INACTIVE, 3-5-7-4,    9",
    })
    void firstStepAppliesTheHandComputedGradientThroughAdam(Loss loss, String clip, String widthText, int batchSize) {
        int[] widths = parseWidths(widthText);
        int inputSize = widths[0];
        int numActions = widths[widths.length - 1];
        int[] hidden = java.util.Arrays.copyOfRange(widths, 1, widths.length - 1);
        double adamEpsilon = 1e-3; // large on purpose: the step then depends on |g|, not just its sign
        double learningRate = 1e-2;

        // Draw the batch with targets around the current Q so Huber sees both |d| < 1 and |d| > 1.
        QNetworkSpec probeSpec = new QNetworkSpec(inputSize, hidden, numActions, learningRate, loss, 0.0, adamEpsilon);
        ReferenceMlp reference = new ReferenceMlp(QNetwork.create(probeSpec, 7).dl4jNetwork(), widths);
        SplittableRandom random = new SplittableRandom(11);
        float[] obs = new float[batchSize * inputSize];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        int[] actions = new int[batchSize];
        float[] targets = new float[batchSize];
        int small = 0;
        for (int s = 0; s < batchSize; s++) {
            actions[s] = random.nextInt(numActions);
            double q = reference.qValues(java.util.Arrays.copyOfRange(obs, s * inputSize, (s + 1) * inputSize))[actions[s]];
            double offset = random.nextDouble(-3, 3);
            if (Math.abs(offset) < 1) small++;
            targets[s] = (float) (q + offset);
        }
        assertTrue(small > 0 && small < batchSize, "batch must exercise both Huber branches");

        ReferenceMlp.Gradients expected = reference.gradient(obs, actions, targets, batchSize, loss);
        double norm = expected.norm();
        double maxGradNorm = switch (clip) {
            case "NONE" -> 0.0;
            case "ACTIVE" -> 0.3 * norm;
            case "INACTIVE" -> 3.0 * norm;
            default -> throw new IllegalArgumentException(clip);
        };
        QNetworkSpec spec = new QNetworkSpec(inputSize, hidden, numActions, learningRate, loss, maxGradNorm, adamEpsilon);
        QNetwork network = QNetwork.create(spec, 7);
        int chain = reference.roundingChainLength(batchSize);
        double clipScale = 1.0;
        double clipRelativeError = 0.0;
        if (maxGradNorm > 0) {
            clipScale = Math.min(1.0, maxGradNorm / (norm + 1e-6));
            // The norm is itself computed in float over every parameter, from slightly wrong elements.
            clipRelativeError = ReferenceMlp.gamma(countParameters(widths)) + ReferenceMlp.gamma(chain) * expected.magnitude.norm() / norm;
        }
        assertEquals("ACTIVE".equals(clip), clipScale < 1.0, "clip case must really (not) clip");
        expected.scale(clipScale);

        // Expected stats, before the step.
        double lossSum = 0;
        double qSum = 0;
        for (int s = 0; s < batchSize; s++) {
            double q = reference.qValues(java.util.Arrays.copyOfRange(obs, s * inputSize, (s + 1) * inputSize))[actions[s]];
            lossSum += loss.value(q - targets[s]);
            qSum += q;
        }

        MultiLayerNetwork dl4j = network.dl4jNetwork();
        INDArray paramsBefore = dl4j.params().dup();
        TrainStats stats = network.train(obs, actions, targets, batchSize);

        assertEquals(lossSum / batchSize, stats.loss(), 1e-4 * Math.max(1, Math.abs(lossSum / batchSize)), "loss");
        assertEquals(qSum / batchSize, stats.meanQ(), 1e-4 * Math.max(1, Math.abs(qSum / batchSize)), "meanQ");

        INDArray state = dl4j.getUpdater().getStateViewArray();
        long n = dl4j.numParams();
        assertEquals(2 * n, state.length(), "one Adam block: state = [m of all params, v of all params]");
        INDArray params = dl4j.params();
        double worst = 0;
        int checked = 0;
        double[] squaredError = new double[1];
        for (int l = 0; l < reference.layers(); l++) {
            INDArray w = dl4j.getLayer(l).getParam("W");
            INDArray b = dl4j.getLayer(l).getParam("b");
            for (int i = 0; i < widths[l]; i++) {
                for (int j = 0; j < widths[l + 1]; j++) {
                    long flat = w.offset() - params.offset() + i * w.stride(0) + j * w.stride(1);
                    worst = Math.max(worst, checkElement(state, paramsBefore, params, n, flat, expected.w[l][i][j],
                            expected.magnitude.w[l][i][j], chain, clipScale, clipRelativeError, learningRate, adamEpsilon,
                            squaredError));
                    checked++;
                }
            }
            for (int j = 0; j < widths[l + 1]; j++) {
                long flat = b.offset() - params.offset() + j * b.stride(b.rank() - 1);
                worst = Math.max(worst, checkElement(state, paramsBefore, params, n, flat, expected.b[l][j],
                        expected.magnitude.b[l][j], chain, clipScale, clipRelativeError, learningRate, adamEpsilon,
                        squaredError));
                checked++;
            }
        }
        assertEquals(n, checked, "every parameter checked once");
        double errorNorm = Math.sqrt(squaredError[0]);
        double relativeError = errorNorm / expected.norm();
        System.out.printf("%s clip=%s %s b=%d: worst |error|/bound = %.3g, ‖error‖/‖g‖ = %.2g = %.1f·u%n",
                loss, clip, widthText, batchSize, worst, relativeError, relativeError / U);
        assertTrue(relativeError <= 32 * U, "relative gradient error " + relativeError + " exceeds 32·u");
    }

    /** Checks one parameter; returns |error| / tolerance of the gradient. */
    private static double checkElement(INDArray state, INDArray before, INDArray after, long n, long flat, double expectedGradient,
                                       double magnitude, int chain, double clipScale, double clipRelativeError,
                                       double learningRate, double adamEpsilon, double[] squaredError) {
        double m = state.getDouble(flat);
        double v = state.getDouble(n + flat);
        double applied = m / ONE_MINUS_BETA1;
        double tolerance = ReferenceMlp.gamma(chain) * magnitude * clipScale
                + Math.abs(expectedGradient) * (clipRelativeError + 4 * U) + Double.MIN_NORMAL;
        double error = Math.abs(applied - expectedGradient);
        squaredError[0] += error * error;
        assertTrue(error <= tolerance, () -> "gradient at flat index " + flat + ": applied " + applied + " expected " + expectedGradient
                + " tolerance " + tolerance);
        assertEquals(ONE_MINUS_BETA2 * applied * applied, v, 8 * U * v + Double.MIN_NORMAL, "second moment at " + flat);
        // DL4J Adam, t = 1: θ −= lr·√(1−β2)/(1−β1) · m/(√v + ε)  =  lr · g/(|g| + ε/√(1−β2))   (ε outside the bias correction)
        double step = learningRate * applied / (Math.abs(applied) + adamEpsilon / Math.sqrt(ONE_MINUS_BETA2));
        double expectedAfter = before.getDouble(flat) - step;
        double actualAfter = after.getDouble(flat);
        assertEquals(expectedAfter, actualAfter, U * Math.abs(expectedAfter) + 16 * U * Math.abs(step) + Double.MIN_NORMAL,
                "parameter after the step at " + flat);
        return error / tolerance;
    }

    private static int[] parseWidths(String text) {
        String[] parts = text.trim().split("-");
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) widths[i] = Integer.parseInt(parts[i]);
        return widths;
    }

    private static int countParameters(int[] widths) {
        int count = 0;
        for (int l = 0; l < widths.length - 1; l++) count += widths[l] * widths[l + 1] + widths[l + 1];
        return count;
    }
}
