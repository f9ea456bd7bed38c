package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoisyLinearTest {

    @Test
    void noiseScaleIsSignedSquareRoot() {
        assertEquals(2.0, NoisyLinear.scale(4.0));
        assertEquals(-3.0, NoisyLinear.scale(-9.0));
        assertEquals(0.0, NoisyLinear.scale(0.0));
    }

    /**
     * 2 inputs, 1 output. μ_w = [1, 2], σ_w = [0.5, 0.5], μ_b = 0.1, σ_b = 0.2, f(ε_in) = [1, −2], f(ε_out) = [3]:
     * ε_w = [3, −6], W = [2.5, −1], bias = 0.7; x = [2, 1] → y = 5 − 1 + 0.7 = 4.7.
     */
    @Test
    void forwardAndBackwardByHand() {
        float[] muW = {1, 2};
        float[] sigmaW = {0.5f, 0.5f};
        float[] muB = {0.1f};
        float[] sigmaB = {0.2f};
        float[] noiseIn = {1, -2};
        float[] noiseOut = {3};
        float[] x = {2, 1};
        float[] y = new float[1];
        NoisyLinear.forward(x, 1, 2, 1, muW, sigmaW, muB, sigmaB, noiseIn, noiseOut, y);
        assertEquals(4.7f, y[0], 1e-6f);

        float[] gMuW = new float[2];
        float[] gSigmaW = new float[2];
        float[] gMuB = new float[1];
        float[] gSigmaB = new float[1];
        float[] gX = new float[2];
        NoisyLinear.backward(x, new float[] {1}, 1, 2, 1, muW, sigmaW, noiseIn, noiseOut, gMuW, gSigmaW, gMuB, gSigmaB, gX);
        assertArrayEquals(new float[] {2, 1}, gMuW);
        assertArrayEquals(new float[] {6, -6}, gSigmaW);
        assertArrayEquals(new float[] {1}, gMuB);
        assertArrayEquals(new float[] {3}, gSigmaB);
        assertArrayEquals(new float[] {2.5f, -1}, gX);
    }

    @Test
    void initialisationFollowsThePaper() {
        int in = 16;
        int out = 5;
        float[] muW = new float[in * out];
        float[] sigmaW = new float[in * out];
        float[] muB = new float[out];
        float[] sigmaB = new float[out];
        NoisyLinear.initialise(new NumpyGenerator(4), in, out, 0.5, muW, sigmaW, muB, sigmaB);
        for (float m : muW) assertTrue(Math.abs(m) <= 0.25f, "μ in ±1/√16");
        for (float m : muB) assertTrue(Math.abs(m) <= 0.25f);
        for (float s : sigmaW) assertEquals(0.125f, s, "σ0/√p");
        for (float s : sigmaB) assertEquals(0.125f, s);
        float[] again = new float[in * out];
        NoisyLinear.initialise(new NumpyGenerator(4), in, out, 0.5, again, sigmaW, muB, sigmaB);
        assertArrayEquals(muW, again, "same seed, same weights");
    }

    @Test
    void noiseHasOneValuePerInputAndOutputAndIsDeterministic() {
        FactorisedNoise a = new FactorisedNoise(7, 3);
        FactorisedNoise b = new FactorisedNoise(7, 3);
        assertEquals(7, a.noiseIn().length);
        assertEquals(3, a.noiseOut().length);
        StandardNormals normalsA = new StandardNormals(21);
        StandardNormals normalsB = new StandardNormals(21);
        a.resample(normalsA);
        b.resample(normalsB);
        assertArrayEquals(a.noiseIn(), b.noiseIn());
        assertArrayEquals(a.noiseOut(), b.noiseOut());
        float[] first = a.noiseIn().clone();
        a.resample(normalsA);
        assertFalse(Arrays.equals(first, a.noiseIn()), "each resample draws fresh noise");
        assertThrows(IllegalArgumentException.class, () -> new FactorisedNoise(0, 3));
    }

    @Test
    void standardNormalsHaveMeanZeroAndVarianceOne() {
        StandardNormals normals = new StandardNormals(8);
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double z = normals.next();
            sum += z;
            sumSquares += z * z;
        }
        double mean = sum / n;
        assertEquals(0.0, mean, 5 / Math.sqrt(n));
        assertEquals(1.0, sumSquares / n - mean * mean, 5 * Math.sqrt(2.0 / n));
    }

    @Test
    void restoredNoiseGeneratorsContinueTheSameDraws() throws IOException {
        StandardNormals normals = new StandardNormals(33);
        FactorisedNoise noise = new FactorisedNoise(3, 2); // 5 draws: the pair's second value is cached
        noise.resample(normals);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        normals.writeState(out);
        noise.writeState(out);
        StandardNormals restoredNormals = new StandardNormals(0);
        FactorisedNoise restoredNoise = new FactorisedNoise(3, 2);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        restoredNormals.readState(in);
        restoredNoise.readState(in);
        assertArrayEquals(noise.noiseIn(), restoredNoise.noiseIn());
        assertArrayEquals(noise.noiseOut(), restoredNoise.noiseOut());
        for (int i = 0; i < 11; i++) {
            assertEquals(Double.doubleToRawLongBits(normals.next()), Double.doubleToRawLongBits(restoredNormals.next()));
        }
        FactorisedNoise otherShape = new FactorisedNoise(2, 3);
        DataInputStream again = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        new StandardNormals(0).readState(again);
        assertThrows(IOException.class, () -> otherShape.readState(again));
    }
}
