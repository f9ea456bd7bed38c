package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedCnn}'s forward pass (batches, and the Nature CNN's one-state acting path through {@link QNetwork#qValues})
 * equals DL4J's {@code output()}, before and after training steps (it reads the live parameter view, so an update
 * can never leave it stale).
 *
 * <p>Tolerance: two float32 evaluations of the same sums of products differ by at most 2·γ_F·M per raw output, M its
 * magnitude ({@link CnnMagnitudes}) and F the forward rounding chain; a dueling Q-value (V + A_a − mean A) by at most
 * three times that.
 */
class FusedCnnEvaluationTest {

    @ParameterizedTest(name = "{0} dueling={1}")
    @CsvSource({"nature, false", "nature, true", "minatar, false", "minatar, true"})
    void forwardEqualsDl4jOutput(String kind, boolean dueling) {
        boolean nature = kind.equals("nature");
        QNetworkArchitecture architecture = nature ? new QNetworkArchitecture.NatureCnn(4, 84, 84)
                : new QNetworkArchitecture.MinAtarCnn(10, 10, 6);
        int numActions = nature ? 6 : 4;
        QNetworkHead head = new QNetworkHead(dueling, 1, -10, 10);
        QNetworkSpec spec = new QNetworkSpec(architecture, numActions, 1e-3, Loss.HUBER, 10, 1e-8, head);
        assertTrue(QNetwork.usesFusedCnn(spec), "CNNs train and evaluate through FusedCnn on the CPU backend");
        QNetwork network = QNetwork.create(spec, 21);
        INDArray params = network.dl4jNetwork().params();
        INDArray gradients = network.dl4jNetwork().getFlattenedGradients().reshape(params.shape());
        FusedCnn fused = new FusedCnn(spec, network.dl4jNetwork(), params, gradients);
        int inputSize = spec.inputSize();
        int width = spec.outputWidth();
        int batch = 5;
        SplittableRandom random = new SplittableRandom(kind.length() + (dueling ? 1 : 0));
        for (int round = 0; round < 3; round++) {
            float[] obs = FusedCnnGradientTest.states(random, batch, inputSize, nature);
            float[] dl4j = network.dl4jNetwork().output(Nd4j.create(obs, new long[] {batch, inputSize}, 'c')).data().asFloat();
            CnnMagnitudes magnitudes = new CnnMagnitudes(spec, network.dl4jNetwork());
            double bound = 2 * CnnMagnitudes.gamma(magnitudes.forwardChainLength());

            float[] batched = new float[batch * width];
            fused.qValues(obs, batch, batched);
            float[] single = new float[width];
            float[] q = new float[numActions];
            float[] expectedQ = new float[batch * numActions];
            new HeadOutputs(head, numActions).qValues(dl4j, batch, expectedQ);
            for (int s = 0; s < batch; s++) {
                double[] rawMagnitude = magnitudes.forward(obs, s * inputSize).rawOutputs();
                float[] state = Arrays.copyOfRange(obs, s * inputSize, (s + 1) * inputSize);
                fused.qValues(state, 1, single);
                for (int c = 0; c < width; c++) {
                    double tolerance = bound * rawMagnitude[c] + Double.MIN_NORMAL;
                    assertEquals(dl4j[s * width + c], batched[s * width + c], tolerance, kind + " batch row " + s + " output " + c);
                    assertEquals(dl4j[s * width + c], single[c], tolerance, kind + " one state " + s + " output " + c);
                }
                double largest = Arrays.stream(rawMagnitude).max().orElseThrow();
                network.qValues(state, q); // the acting path: JavaEvaluation for MinAtar, FusedCnn for the Nature CNN
                for (int a = 0; a < numActions; a++) {
                    double tolerance = (dueling ? 3 : 1) * bound * largest;
                    assertEquals(expectedQ[s * numActions + a], q[a], tolerance, kind + " Q-value " + s + "/" + a);
                }
            }
            int[] actions = new int[batch];
            float[] targets = new float[batch];
            for (int s = 0; s < batch; s++) {
                actions[s] = random.nextInt(numActions);
                targets[s] = (float) random.nextDouble(-2, 2);
            }
            network.train(obs, actions, targets, batch);
        }
    }
}
