package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** Against torch's documented RMSprop update, worked by hand for θ = 1, g = 2, α = 0.9, ε = 0.1, lr = 0.01. */
class FlatRmsPropTest {

    private static float step(FlatRmsProp optimizer, float theta, float gradient, float scale) {
        float[] p = {theta};
        optimizer.step(FloatBuffer.wrap(p), 0, FloatBuffer.wrap(new float[] {gradient}), 0, scale, 0.01f);
        return p[0];
    }

    @Test
    void plainStepDividesByRootOfSquareAveragePlusEpsilon() {
        // v = 0.1·4 = 0.4; θ = 1 − 0.01·2/(√0.4 + 0.1)
        assertEquals(0.9726945881008371, step(new FlatRmsProp(1, 0.9, 0.1, 0, false), 1f, 2f, 1f), 1e-7);
        // the gradient scale applies before everything: g = 0.5·4 = 2 gives the same step
        assertEquals(0.9726945881008371, step(new FlatRmsProp(1, 0.9, 0.1, 0, false), 1f, 4f, 0.5f), 1e-7);
    }

    @Test
    void centredStepSubtractsTheSquaredMeanGradient() {
        // ḡ = 0.2, v − ḡ² = 0.36, d = 0.6 + 0.1; θ = 1 − 0.02/0.7
        assertEquals(0.9714285714285714, step(new FlatRmsProp(1, 0.9, 0.1, 0, true), 1f, 2f, 1f), 1e-7);
    }

    @Test
    void momentumAccumulatesTheNormalisedGradient() {
        // step 1: b = 2/0.7324555 = 2.7305; step 2: v = 0.76, b = 0.5·2.7305 + 2/(√0.76 + 0.1) = 3.42335
        FlatRmsProp optimizer = new FlatRmsProp(1, 0.9, 0.1, 0.5, false);
        float theta = step(optimizer, 1f, 2f, 1f);
        assertEquals(0.9726945881008371, theta, 1e-7);
        assertEquals(0.9384610877857054, step(optimizer, theta, 2f, 1f), 1e-7);
    }

    @Test
    void epsilonIsOutsideTheSquareRoot() {
        // a zero gradient on fresh state: v = 0, d = ε; a tiny gradient is divided by ε, not √ε
        float theta = step(new FlatRmsProp(1, 0.9, 0.01, 0, false), 0f, 1e-6f, 1f);
        double v = 0.1 * 1e-12;
        assertEquals(-0.01 * 1e-6 / (Math.sqrt(v) + 0.01), theta, 1e-12);
    }

    @Test
    void aRestoredOptimizerContinuesBitForBit() throws IOException {
        int size = 9000; // more than one chunk
        NumpyGenerator rng = new NumpyGenerator(3);
        float[] params = new float[size];
        for (int i = 0; i < size; i++) params[i] = (float) rng.uniform(-1, 1);
        float[][] grads = new float[6][size];
        for (float[] g : grads) for (int i = 0; i < size; i++) g[i] = (float) rng.uniform(-1, 1);
        FlatRmsProp a = new FlatRmsProp(size, 0.95, 0.01, 0.95, true);
        for (int t = 0; t < 3; t++) a.step(FloatBuffer.wrap(params), 0, FloatBuffer.wrap(grads[t]), 0, 1f / 32, 2.5e-4f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(bytes));
        FlatRmsProp b = new FlatRmsProp(size, 0.95, 0.01, 0.95, true);
        b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        float[] paramsB = params.clone();
        for (int t = 3; t < 6; t++) {
            a.step(FloatBuffer.wrap(params), 0, FloatBuffer.wrap(grads[t]), 0, 1f / 32, 2.5e-4f);
            b.step(FloatBuffer.wrap(paramsB), 0, FloatBuffer.wrap(grads[t]), 0, 1f / 32, 2.5e-4f);
        }
        assertArrayEquals(params, paramsB);

        FlatRmsProp uncentred = new FlatRmsProp(size, 0.95, 0.01, 0.95, false);
        assertThrows(IOException.class,
                () -> uncentred.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FlatRmsProp(1, 1.5, 0.01, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new FlatRmsProp(1, 0.9, -1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new FlatRmsProp(1, 0.9, 0.01, 1.0, false));
    }
}
