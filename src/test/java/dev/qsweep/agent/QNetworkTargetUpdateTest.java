package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hard and soft target updates, checked element by element against hand arithmetic. */
class QNetworkTargetUpdateTest {
    private static final QNetworkSpec SPEC = new QNetworkSpec(4, new int[] {16, 8}, 3, 1e-3, Loss.MSE, 0.0, 1e-8);
    private static final double U = ReferenceMlp.FLOAT_UNIT_ROUNDOFF;

    @Test
    void hardUpdateCopiesWeightsButNotOptimiserState() {
        QNetwork online = QNetwork.create(SPEC, 1);
        QNetwork target = QNetwork.create(SPEC, 2);
        QNetworkEvaluationTest.trainOnRandomBatch(online, new SplittableRandom(3), 8);
        float[] targetAdamBefore = target.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat();
        float[] onlineBefore = QNetworkPersistenceTest.parameters(online);

        target.copyParametersFrom(online);

        assertArrayEquals(onlineBefore, QNetworkPersistenceTest.parameters(target));
        assertArrayEquals(onlineBefore, QNetworkPersistenceTest.parameters(online), "source untouched");
        assertArrayEquals(targetAdamBefore, target.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat());
        float[] obs = {0.5f, -1f, 2f, 0.25f};
        float[] q1 = new float[3];
        float[] q2 = new float[3];
        online.qValues(obs, q1);
        target.qValues(obs, q2);
        assertArrayEquals(q1, q2);
    }

    @Test
    void softUpdateMixesEveryWeightByTau() {
        QNetwork online = QNetwork.create(SPEC, 1);
        QNetwork target = QNetwork.create(SPEC, 2);
        float[] o = QNetworkPersistenceTest.parameters(online);
        float[] t = QNetworkPersistenceTest.parameters(target);
        double tau = 0.005;

        target.softUpdateFrom(online, tau);

        float[] mixed = QNetworkPersistenceTest.parameters(target);
        for (int k = 0; k < o.length; k++) {
            double expected = tau * o[k] + (1 - tau) * t[k];
            // float32 of τ and 1−τ, two products, one sum: ≤ 4u of the summed magnitudes
            double tolerance = 4 * U * (Math.abs(tau * o[k]) + Math.abs((1 - tau) * t[k]));
            assertEquals(expected, mixed[k], tolerance, "parameter " + k);
        }
        assertArrayEquals(o, QNetworkPersistenceTest.parameters(online), "source untouched");
    }

    @Test
    void softUpdateEndpoints() {
        QNetwork online = QNetwork.create(SPEC, 1);
        QNetwork target = QNetwork.create(SPEC, 2);
        float[] t = QNetworkPersistenceTest.parameters(target);
        target.softUpdateFrom(online, 0.0);
        assertArrayEquals(t, QNetworkPersistenceTest.parameters(target));
        target.softUpdateFrom(online, 1.0);
        assertArrayEquals(QNetworkPersistenceTest.parameters(online), QNetworkPersistenceTest.parameters(target));
    }

    @Test
    void rejectsMismatchedArchitectureAndBadTau() {
        QNetwork a = QNetwork.create(SPEC, 1);
        QNetwork b = QNetwork.create(new QNetworkSpec(4, new int[] {16, 9}, 3, 1e-3, Loss.MSE, 0.0, 1e-8), 1);
        assertThrows(IllegalArgumentException.class, () -> a.copyParametersFrom(b));
        assertThrows(IllegalArgumentException.class, () -> a.softUpdateFrom(b, 0.1));
        assertThrows(IllegalArgumentException.class, () -> a.softUpdateFrom(a, 1.5));
        assertThrows(IllegalArgumentException.class, () -> a.softUpdateFrom(a, Double.NaN));
    }
}
