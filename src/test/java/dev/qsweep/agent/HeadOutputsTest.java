package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link HeadOutputs}: the dueling and distributional forward by hand, and the loss seed against finite differences. */
class HeadOutputsTest {

    @Test
    void duelingQValuesByHand() {
        // V = 1; A = (2, 4, 0), mean 2 → Q = (1, 3, −1). Second row: V = −1, A = (1, 1, 1) → Q = (−1, −1, −1).
        HeadOutputs head = new HeadOutputs(new QNetworkHead(true, 1, -10, 10), 3);
        assertEquals(4, head.width());
        float[] q = new float[6];
        head.qValues(new float[] {1, 2, 4, 0, -1, 1, 1, 1}, 2, q);
        assertArrayEquals(new float[] {1, 3, -1, -1, -1, -1}, q);
    }

    @Test
    void duelingSeedByHand() {
        // Q = (1, 3, −1) as above, action 1, target 2, MSE ℓ = e²: e = 1, g = 2; dV = g, dA = g·(−1/3, 2/3, −1/3).
        HeadOutputs head = new HeadOutputs(new QNetworkHead(true, 1, -10, 10), 3);
        float[] seed = new float[4];
        float[] perSample = new float[1];
        double[] sums = head.seed(new float[] {1, 2, 4, 0}, 1, new int[] {1}, new float[] {2}, Loss.MSE, seed, perSample);
        assertArrayEquals(new float[] {2, -2f / 3, 4f / 3, -2f / 3}, seed, 1e-6f);
        assertEquals(1.0, sums[0]);
        assertEquals(3.0, sums[1]);
        assertEquals(1f, perSample[0]);
    }

    @Test
    void distributionalQValueIsTheMeanOfTheSoftmax() {
        // Support (−1, 0, 1); logits (0, 0, ln 2) → p = (¼, ¼, ½) → Q = ¼; action 1 logits all 0 → Q = 0.
        HeadOutputs head = new HeadOutputs(new QNetworkHead(false, 3, -1, 1), 2);
        float[] q = new float[2];
        head.qValues(new float[] {0, 0, (float) Math.log(2), 0, 0, 0}, 1, q);
        assertEquals(0.25f, q[0], 1e-7f);
        assertEquals(0f, q[1], 1e-7f);
    }

    @Test
    void seedIsTheGradientOfTheSummedLossForEveryHead() {
        for (QNetworkHead config : new QNetworkHead[] {new QNetworkHead(true, 1, -10, 10), new QNetworkHead(false, 11, -2, 2),
                new QNetworkHead(true, 11, -2, 2)}) {
            for (Loss loss : Loss.values()) {
                checkAgainstFiniteDifferences(config, loss);
            }
        }
    }

    private static void checkAgainstFiniteDifferences(QNetworkHead config, Loss loss) {
        int actions = 3;
        int rows = 4;
        HeadOutputs head = new HeadOutputs(config, actions);
        int width = head.width();
        SplittableRandom random = new SplittableRandom(17);
        float[] raw = new float[rows * width];
        for (int k = 0; k < raw.length; k++) raw[k] = (float) random.nextDouble(-2, 2);
        int[] taken = {0, 2, 1, 2};
        float[] targets = HeadGradientTest.targets(random, rows, config.numAtoms());
        float[] seed = new float[rows * width];
        head.seed(raw, rows, taken, targets, loss, seed, null);
        float[] scratch = new float[rows * width];
        for (int k = 0; k < raw.length; k++) {
            float h = 1e-2f;
            float[] plus = raw.clone();
            float[] minus = raw.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (head.seed(plus, rows, taken, targets, loss, scratch, null)[0]
                    - head.seed(minus, rows, taken, targets, loss, scratch, null)[0]) / (plus[k] - minus[k]);
            assertEquals(numeric, seed[k], 2e-3 * (1 + Math.abs(numeric)), config + " " + loss + " raw " + k);
        }
    }
}
