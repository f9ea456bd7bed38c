package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsweep.rng.NumpyGenerator;
import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares every Rainbow component with {@code scripts/rainbow_reference.py}, run with numpy from the test venv
 * ({@code $QSWEEP_VENV/bin/python}, else {@code .venv/bin/python}). A missing venv or script fails the test.
 *
 * <p>Tolerances, from how each side computes: the sum tree's slots, the RMSprop parameters (float32, the same IEEE
 * operations in the same order) and the dueling/noisy/projection inputs are compared exactly; outputs the Java code
 * rounds once from double to float must be within one float ulp of the numpy double (the reference uses other but
 * equivalent formulas, whose double rounding differs by ~1e-16); doubles from different summation orders or
 * {@code gamma ** m} vs a running product agree to 1e-12 relative; the normals (StrictMath.log vs glibc's log) to 4 ulps.
 */
class RainbowReferenceTest {
    private static final String SCRIPT = "scripts/rainbow_reference.py";
    private static Map<String, Object> reference;

    @BeforeAll
    static void runReference() throws IOException, InterruptedException {
        String venv = System.getenv("QSWEEP_VENV");
        Path python = venv == null ? Path.of(".venv", "bin", "python") : Path.of(venv, "bin", "python");
        if (!Files.isExecutable(python)) {
            fail("no Python at " + python.toAbsolutePath() + ". This test compares with numpy: run bin/setup-venv and "
                    + "export QSWEEP_VENV=$PWD/.venv, or run everything with bin/test.");
        }
        if (!Files.isRegularFile(Path.of(SCRIPT))) fail("the reference script " + SCRIPT + " is missing");
        Process process = new ProcessBuilder(python.toString(), SCRIPT).redirectErrorStream(false).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            fail(SCRIPT + " failed; its error output:\n" + stderr);
        }
        reference = Json.object(new String(stdout, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String kind) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) reference.get(kind);
        assertTrue(list != null && !list.isEmpty(), "no " + kind + " cases in the reference output");
        return list;
    }

    private static double number(Map<String, Object> c, String key) {
        return ((Json.Num) c.get(key)).asDouble();
    }

    private static int integer(Map<String, Object> c, String key) {
        return (int) ((Json.Num) c.get(key)).asLong();
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Map<String, Object> c, String key) {
        List<Object> list = (List<Object>) c.get(key);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Json.Num) list.get(i)).asDouble();
        return out;
    }

    private static float[] floats(Map<String, Object> c, String key) {
        double[] d = doubles(c, key);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
            assertEquals(d[i], out[i], 0.0, key + " must hold float32 values");
        }
        return out;
    }

    private static int[] ints(Map<String, Object> c, String key) {
        double[] d = doubles(c, key);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    /** Java's float (rounded once from double) within one float ulp of numpy's double. */
    static void assertWithinFloatUlp(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = Math.ulp((float) expected[i]);
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }

    /** The Java result against the reference's {@code key} of case c, within one float ulp. */
    private static void assertMatches(Map<String, Object> c, String key, float[] actual) {
        assertWithinFloatUlp(doubles(c, key), actual, key);
    }

    private static void assertRelative(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, relative * Math.max(1e-300, Math.abs(expected)), what);
    }

    @Test
    void sumTreeSlotsPrioritiesAndWeightsMatchNumpy() {
        for (Map<String, Object> c : cases("sum_tree")) {
            int capacity = integer(c, "capacity");
            double alpha = number(c, "alpha");
            double eps = number(c, "eps");
            double[] td = doubles(c, "td_errors");
            SumTree tree = new SumTree(capacity);
            for (int i = 0; i < td.length; i++) tree.set(i, PrioritizedSampling.priority(td[i], alpha, eps));
            for (int slot : ints(c, "zero_slots")) tree.set(slot, 0.0);
            double[] priorities = doubles(c, "priorities");
            for (int i = 0; i < capacity; i++) {
                assertRelative(priorities[i], tree.get(i), 1e-15, "priority " + i);
            }
            assertRelative(number(c, "total"), tree.total(), 1e-12, "total");

            int batch = integer(c, "batch");
            int[] slots = new int[batch];
            double[] sampled = new double[batch];
            tree.sampleStratified(new NumpyGenerator((long) number(c, "sample_seed")), batch, slots, sampled);
            assertArrayEquals(ints(c, "slots"), slots, "slots, capacity " + capacity);

            float[] weights = new float[batch];
            PrioritizedSampling.normalisedWeights(sampled, batch, number(c, "beta"), weights);
            assertWithinFloatUlp(doubles(c, "weights"), weights, "weights, capacity " + capacity);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void nStepTransitionsMatchNumpy() {
        for (Map<String, Object> c : cases("n_step")) {
            NStepReturns accumulator = new NStepReturns(integer(c, "n"), number(c, "gamma"));
            List<NStepReturns.Transition> emitted = new ArrayList<>();
            for (Map<String, Object> step : (List<Map<String, Object>>) c.get("steps")) {
                emitted.addAll(accumulator.add(new float[] {integer(step, "obs")}, integer(step, "action"),
                        number(step, "reward"), new float[] {integer(step, "next_obs")},
                        (Boolean) step.get("terminated"), (Boolean) step.get("truncated")));
            }
            List<Map<String, Object>> expected = (List<Map<String, Object>>) c.get("transitions");
            assertEquals(expected.size(), emitted.size(), "transitions for n = " + c.get("n"));
            for (int i = 0; i < expected.size(); i++) {
                Map<String, Object> e = expected.get(i);
                NStepReturns.Transition t = emitted.get(i);
                String where = "n = " + c.get("n") + ", transition " + i;
                assertEquals(integer(e, "obs"), t.observation()[0], where);
                assertEquals(integer(e, "action"), t.action(), where);
                assertRelative(number(e, "reward"), t.reward(), 1e-12, where + " return");
                assertRelative(number(e, "discount"), t.discount(), 1e-12, where + " discount");
                assertEquals(integer(e, "next_obs"), t.nextObservation()[0], where);
                assertEquals(integer(e, "steps"), t.steps(), where);
                assertEquals(e.get("terminated"), t.terminated(), where);
                assertEquals(e.get("episode_ended"), t.episodeEnded(), where);
            }
            assertSampleTimeWindowsMatch(c, expected);
        }
    }

    /** The sample-time form ({@link NStepReturns#window}) over the same steps gives the same transitions. */
    @SuppressWarnings("unchecked")
    private static void assertSampleTimeWindowsMatch(Map<String, Object> c, List<Map<String, Object>> expected) {
        List<Map<String, Object>> steps = (List<Map<String, Object>>) c.get("steps");
        int count = steps.size();
        float[] rewards = new float[count];
        boolean[] terminated = new boolean[count];
        boolean[] ended = new boolean[count];
        for (int t = 0; t < count; t++) {
            Map<String, Object> step = steps.get(t);
            rewards[t] = (float) number(step, "reward");
            terminated[t] = (Boolean) step.get("terminated");
            ended[t] = terminated[t] || (Boolean) step.get("truncated");
        }
        int next = 0;
        for (int t = 0; t < count; t++) {
            NStepReturns.Window w = NStepReturns.window(integer(c, "n"), number(c, "gamma"),
                    java.util.Arrays.copyOfRange(rewards, t, count), java.util.Arrays.copyOfRange(terminated, t, count),
                    java.util.Arrays.copyOfRange(ended, t, count), count - t);
            if (!w.complete()) continue;
            Map<String, Object> e = expected.get(next++);
            String where = "window n = " + c.get("n") + " at step " + t;
            assertEquals(integer(steps.get(t), "obs"), integer(e, "obs"), where);
            assertRelative(number(e, "reward"), w.reward(), 1e-12, where);
            assertRelative(number(e, "discount"), w.discount(), 1e-12, where);
            assertEquals(integer(e, "steps"), w.steps(), where);
        }
        assertEquals(expected.size(), next, "complete windows for n = " + c.get("n"));
    }

    @Test
    void categoricalProjectionAndLossMatchNumpy() {
        for (Map<String, Object> c : cases("c51")) {
            int atoms = integer(c, "atoms");
            String where = "reward " + number(c, "reward") + ", discount " + number(c, "discount");
            float[] projection = new float[atoms];
            CategoricalProjection.project(floats(c, "next_probabilities"), 0, number(c, "reward"),
                    number(c, "discount"), number(c, "v_min"), number(c, "v_max"), atoms, projection, 0);
            assertWithinFloatUlp(doubles(c, "projection"), projection, "projection, " + where);

            float[] gradient = new float[atoms];
            double loss = CategoricalProjection.crossEntropy(floats(c, "logits"), 0, projection, 0, atoms, gradient, 0);
            assertRelative(number(c, "loss"), loss, 1e-12, "loss, " + where);
            assertWithinFloatUlp(doubles(c, "gradient"), gradient, "gradient, " + where);
        }
    }

    @Test
    void duelingForwardAndBackwardMatchNumpy() {
        for (Map<String, Object> c : cases("dueling")) {
            int batch = integer(c, "batch");
            int actions = integer(c, "actions");
            int atoms = integer(c, "atoms");
            float[] q = new float[batch * actions * atoms];
            Dueling.forward(floats(c, "value"), floats(c, "advantage"), batch, actions, atoms, q);
            assertMatches(c, "q", q);
            float[] valueGradient = new float[batch * atoms];
            float[] advantageGradient = new float[batch * actions * atoms];
            Dueling.backward(floats(c, "q_gradient"), batch, actions, atoms, valueGradient, advantageGradient);
            assertMatches(c, "value_gradient", valueGradient);
            assertMatches(c, "advantage_gradient", advantageGradient);
        }
    }

    @Test
    void noisyLayerDrawsInitialisationForwardAndBackwardMatchNumpy() {
        for (Map<String, Object> c : cases("noisy")) {
            int in = integer(c, "inputs");
            int out = integer(c, "outputs");
            int batch = integer(c, "batch");

            double[] normals = doubles(c, "normals");
            StandardNormals draws = new StandardNormals((long) number(c, "seed"));
            for (int i = 0; i < normals.length; i++) {
                double actual = draws.next();
                assertEquals(normals[i], actual, 4 * Math.ulp(normals[i]), "normal " + i);
            }

            float[] weightMean = new float[in * out];
            float[] weightSigma = new float[in * out];
            float[] biasMean = new float[out];
            float[] biasSigma = new float[out];
            NoisyLinear.initialise(new NumpyGenerator((long) number(c, "init_seed")), in, out, number(c, "sigma0"),
                    weightMean, weightSigma, biasMean, biasSigma);
            assertArrayEquals(floats(c, "weight_mean"), weightMean);
            assertArrayEquals(floats(c, "bias_mean"), biasMean);
            float sigma = (float) number(c, "initial_sigma");
            for (float s : weightSigma) assertEquals(sigma, s);
            for (float s : biasSigma) assertEquals(sigma, s);

            FactorisedNoise noise = new FactorisedNoise(in, out);
            noise.resample(new StandardNormals((long) number(c, "seed")));
            assertArrayEquals(floats(c, "noise_in"), noise.noiseIn());
            assertArrayEquals(floats(c, "noise_out"), noise.noiseOut());

            float[] trainedWeightSigma = floats(c, "weight_sigma");
            float[] trainedBiasSigma = floats(c, "bias_sigma");
            float[] x = floats(c, "x");
            float[] y = new float[batch * out];
            NoisyLinear.forward(x, batch, in, out, weightMean, trainedWeightSigma, biasMean, trainedBiasSigma,
                    noise.noiseIn(), noise.noiseOut(), y);
            assertMatches(c, "y", y);

            float[] gMuW = new float[in * out];
            float[] gSigmaW = new float[in * out];
            float[] gMuB = new float[out];
            float[] gSigmaB = new float[out];
            float[] gX = new float[batch * in];
            NoisyLinear.backward(x, floats(c, "y_gradient"), batch, in, out, weightMean, trainedWeightSigma,
                    noise.noiseIn(), noise.noiseOut(), gMuW, gSigmaW, gMuB, gSigmaB, gX);
            assertMatches(c, "weight_mean_gradient", gMuW);
            assertMatches(c, "weight_sigma_gradient", gSigmaW);
            assertMatches(c, "bias_mean_gradient", gMuB);
            assertMatches(c, "bias_sigma_gradient", gSigmaB);
            assertMatches(c, "x_gradient", gX);
        }
    }

    @Test
    void rmsPropStepsMatchNumpyBitForBit() {
        for (Map<String, Object> c : cases("rmsprop")) {
            int size = integer(c, "size");
            int steps = integer(c, "steps");
            FlatRmsProp optimizer = new FlatRmsProp(size, number(c, "alpha"), number(c, "eps"), number(c, "momentum"),
                    (Boolean) c.get("centered"));
            float[] params = floats(c, "start");
            float[] gradients = floats(c, "gradients");
            FloatBuffer paramBuffer = FloatBuffer.wrap(params);
            FloatBuffer gradientBuffer = FloatBuffer.wrap(gradients);
            for (int t = 0; t < steps; t++) {
                optimizer.step(paramBuffer, 0, gradientBuffer, t * size, (float) number(c, "gradient_scale"),
                        (float) number(c, "lr"));
            }
            assertArrayEquals(floats(c, "params"), params, "RMSprop " + c.get("alpha") + "/" + c.get("momentum") + "/"
                    + c.get("centered"));
        }
    }
}
