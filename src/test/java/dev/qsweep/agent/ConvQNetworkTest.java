package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.Space;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Nature and MinAtar CNNs: their shapes, their arithmetic (against a naive reference), training and persistence. */
class ConvQNetworkTest {
    private static final QNetworkSpec MINATAR = new QNetworkSpec(new QNetworkArchitecture.MinAtarCnn(10, 10, 4), 6,
            1e-3, Loss.HUBER, 10.0, 1e-8);
    private static final QNetworkSpec NATURE = new QNetworkSpec(new QNetworkArchitecture.NatureCnn(4, 84, 84), 6,
            1e-4, Loss.HUBER, 10.0, 1e-8);

    @Test
    void parameterCountsAreThoseOfThePapersNetworks() {
        // Nature: conv 4→32 8×8 (8,224), 32→64 4×4 (32,832), 64→64 3×3 (36,928), 7·7·64→512 (1,606,144), 512→6 (3,078).
        assertEquals(3136, NATURE.architecture().flattenedConvolutionOutput());
        assertEquals(1_687_206, QNetwork.create(NATURE, 1).dl4jNetwork().numParams());
        // MinAtar: conv 4→16 3×3 (592), 8·8·16→128 (131,200), 128→6 (774).
        assertEquals(1024, MINATAR.architecture().flattenedConvolutionOutput());
        assertEquals(132_566, QNetwork.create(MINATAR, 1).dl4jNetwork().numParams());
    }

    @Test
    void convolutionWeightsAreUniformWithinOneOverSqrtFanIn() {
        QNetwork network = QNetwork.create(MINATAR, 4);
        Layer conv = network.dl4jNetwork().getLayer(0);
        assertEquals(4 * 3 * 3, QNetworkBuilder.fanIn(conv));
        double bound = 1 / Math.sqrt(36);
        for (String key : new String[] {"W", "b"}) {
            float[] values = conv.getParam(key).dup().data().asFloat();
            double max = 0;
            for (float v : values) max = Math.max(max, Math.abs(v));
            assertTrue(max <= bound && max > 0.8 * bound, key + " spans ±1/√36: max " + max);
        }
    }

    @Test
    void qValuesEqualANaiveConvolutionOfTheSameWeights() {
        for (QNetworkSpec spec : new QNetworkSpec[] {MINATAR, NATURE}) {
            QNetwork network = QNetwork.create(spec, 2);
            SplittableRandom random = new SplittableRandom(6);
            trainOnRandomBatch(network, random, 8); // weights that are not the initial ones
            int in = spec.inputSize();
            int batch = 3;
            float[] obs = new float[batch * in];
            for (int k = 0; k < obs.length; k++) obs[k] = random.nextInt(256) / 255f;
            float[] fast = new float[batch * spec.numActions()];
            network.qValuesBatch(obs, batch, fast);
            for (int b = 0; b < batch; b++) {
                float[] expected = naiveForward(network, Arrays.copyOfRange(obs, b * in, (b + 1) * in));
                float[] single = new float[spec.numActions()];
                network.qValues(Arrays.copyOfRange(obs, b * in, (b + 1) * in), single);
                for (int a = 0; a < spec.numActions(); a++) {
                    assertEquals(expected[a], fast[b * spec.numActions() + a], 1e-4 * (1 + Math.abs(expected[a])), spec + " batch row " + b);
                    assertEquals(expected[a], single[a], 1e-4 * (1 + Math.abs(expected[a])), spec + " single " + b);
                }
            }
        }
    }

    @Test
    void multiplyAddsPerStateAreCountedByHand() {
        // MinAtar: 16·4·3·3 taps at 8·8 positions = 36,864; 1024·128 = 131,072; 128·6 = 768.
        assertEquals(168_704, QNetworkBuilder.multiplyAddsPerState(MINATAR));
        // Nature: 32·4·8·8·20·20 = 3,276,800; 64·32·4·4·9·9 = 2,654,208; 64·64·3·3·7·7 = 1,806,336;
        // 3136·512 = 1,605,632; 512·6 = 3,072.
        assertEquals(9_346_048, QNetworkBuilder.multiplyAddsPerState(NATURE));
        assertTrue(QNetworkBuilder.multiplyAddsPerState(MINATAR) < QNetwork.DL4J_BATCH_MIN_MACS,
                "MinAtar acts in Java");
        assertTrue(QNetworkBuilder.multiplyAddsPerState(NATURE) >= QNetwork.DL4J_BATCH_MIN_MACS,
                "the Nature CNN always evaluates with DL4J");
    }

    /** MinAtar's single-state Q-values come from ConvForward; a batch of 8 is past the crossover and goes to DL4J. */
    @Test
    void javaEvaluationOfTheMinAtarNetEqualsDl4jsAfterEveryTrainingStep() {
        QNetwork network = QNetwork.create(MINATAR, 12);
        int batch = 8;
        assertTrue(batch * QNetworkBuilder.multiplyAddsPerState(MINATAR) >= QNetwork.DL4J_BATCH_MIN_MACS);
        SplittableRandom random = new SplittableRandom(2);
        int in = MINATAR.inputSize();
        for (int step = 0; step < 4; step++) {
            float[] obs = new float[batch * in];
            for (int k = 0; k < obs.length; k++) obs[k] = random.nextInt(2); // MinAtar's 0/1 channels
            float[] viaDl4j = new float[batch * 6];
            network.qValuesBatch(obs, batch, viaDl4j);
            for (int b = 0; b < batch; b++) {
                float[] single = new float[6];
                network.qValues(Arrays.copyOfRange(obs, b * in, (b + 1) * in), single);
                for (int a = 0; a < 6; a++) {
                    float expected = viaDl4j[b * 6 + a];
                    assertEquals(expected, single[a], 1e-5 * (1 + Math.abs(expected)), "step " + step + " row " + b + " action " + a);
                }
            }
            trainOnRandomBatch(network, random, 16); // the Java copy of the weights must follow
        }
    }

    @Test
    void trainingLowersTheLossOnAFixedBatch() {
        QNetwork network = QNetwork.create(MINATAR, 3);
        SplittableRandom random = new SplittableRandom(9);
        int batch = 16;
        float[] obs = new float[batch * MINATAR.inputSize()];
        for (int k = 0; k < obs.length; k++) obs[k] = random.nextInt(2);
        int[] actions = new int[batch];
        float[] targets = new float[batch];
        for (int b = 0; b < batch; b++) {
            actions[b] = random.nextInt(6);
            targets[b] = (float) random.nextDouble(-1, 1);
        }
        double first = network.train(obs, actions, targets, batch).loss();
        double last = first;
        for (int step = 0; step < 50; step++) last = network.train(obs, actions, targets, batch).loss();
        assertTrue(last < 0.2 * first, "loss " + first + " → " + last);
    }

    @Test
    void writeReadContinuesTrainingBitIdentically() throws IOException {
        QNetwork original = QNetwork.create(MINATAR, 7);
        QNetwork twin = QNetwork.create(MINATAR, 7);
        trainOnRandomBatch(original, new SplittableRandom(1), 8);
        trainOnRandomBatch(twin, new SplittableRandom(1), 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.write(bytes);
        QNetwork restored = QNetwork.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(MINATAR, restored.spec());
        for (int step = 0; step < 3; step++) {
            TrainStats expected = trainOnRandomBatch(twin, new SplittableRandom(10 + step), 8);
            TrainStats actual = trainOnRandomBatch(restored, new SplittableRandom(10 + step), 8);
            assertEquals(expected, actual);
        }
        assertArrayEquals(twin.dl4jNetwork().params().toFloatVector(), restored.dl4jNetwork().params().toFloatVector());
        assertNotEquals(0f, restored.dl4jNetwork().params().sumNumber().floatValue());
    }

    @Test
    void targetCopiesGiveEqualQValues() {
        QNetwork online = QNetwork.create(MINATAR, 1);
        QNetwork target = QNetwork.create(MINATAR, 2);
        float[] obs = new float[MINATAR.inputSize()];
        obs[5] = 1;
        float[] a = new float[6];
        float[] b = new float[6];
        online.qValues(obs, a);
        target.qValues(obs, b);
        assertFalse(Arrays.equals(a, b));
        target.copyParametersFrom(online);
        target.qValues(obs, b);
        assertArrayEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> target.copyParametersFrom(QNetwork.create(NATURE, 1)));
    }

    @Test
    void architecturesAreChosenFromTheObservationShapeWithClearErrors() {
        Space atari = box(new int[] {4, 84, 84}, 255, Space.DType.UINT8);
        Space minatar = box(new int[] {10, 10, 7}, 1, Space.DType.UINT8);
        Space cartPole = box(new int[] {4}, 1, Space.DType.FLOAT32);
        assertEquals(new QNetworkArchitecture.NatureCnn(4, 84, 84), ObservationEncoder.architectureFor("nature_cnn", new int[0], atari));
        assertEquals(new QNetworkArchitecture.MinAtarCnn(10, 10, 7), ObservationEncoder.architectureFor("minatar_cnn", new int[0], minatar));
        assertEquals(new QNetworkArchitecture.Mlp(4, new int[] {64}), ObservationEncoder.architectureFor("mlp", new int[] {64}, cartPole));

        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> ObservationEncoder.architectureFor("nature_cnn", new int[0], cartPole));
        assertTrue(flat.getMessage().contains("network=nature_cnn needs a Box observation of shape [frames][height][width]")
                && flat.getMessage().contains("Box([4], float32)"), flat.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> ObservationEncoder.architectureFor("nature_cnn", new int[0], minatar));
        assertTrue(small.getMessage().contains("does not fit a 10×7 observation"), small.getMessage());
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> ObservationEncoder.architectureFor("minatar_cnn", new int[0], box(new int[] {2, 2, 3}, 1, Space.DType.UINT8)));
        assertTrue(tiny.getMessage().contains("minatar_cnn does not fit a 2×2 observation"), tiny.getMessage());
    }

    @Test
    void encoderScalesPixelsAndMovesMinAtarChannelsFirst() {
        ObservationEncoder nature = new ObservationEncoder(box(new int[] {4, 84, 84}, 255, Space.DType.UINT8),
                new QNetworkArchitecture.NatureCnn(4, 84, 84));
        float[] frame = new float[4 * 84 * 84];
        frame[7] = 255;
        frame[8] = 51;
        float[] encoded = nature.encode(frame);
        assertEquals(1f, encoded[7]);
        assertEquals(0.2f, encoded[8], 1e-7);
        assertEquals(0f, encoded[9]);

        // [h][w][c] with h = 10, w = 10, c = 3: value at (h=1, w=2, c=2) lands at c·100 + h·10 + w.
        ObservationEncoder minatar = new ObservationEncoder(box(new int[] {10, 10, 3}, 1, Space.DType.UINT8),
                new QNetworkArchitecture.MinAtarCnn(10, 10, 3));
        float[] hwc = new float[300];
        hwc[(1 * 10 + 2) * 3 + 2] = 1;
        float[] chw = minatar.encode(hwc);
        float[] expected = new float[300];
        expected[2 * 100 + 1 * 10 + 2] = 1;
        assertArrayEquals(expected, chw);
    }

    static Space.Box box(int[] shape, double high, Space.DType dtype) {
        int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] low = new double[size];
        double[] highs = new double[size];
        Arrays.fill(highs, high);
        return new Space.Box(low, highs, shape, dtype);
    }

    static TrainStats trainOnRandomBatch(QNetwork network, SplittableRandom random, int batch) {
        int in = network.spec().inputSize();
        float[] obs = new float[batch * in];
        int[] actions = new int[batch];
        float[] targets = new float[batch];
        for (int k = 0; k < obs.length; k++) obs[k] = random.nextInt(256) / 255f;
        for (int b = 0; b < batch; b++) {
            actions[b] = random.nextInt(network.spec().numActions());
            targets[b] = (float) random.nextDouble(-1, 1);
        }
        return network.train(obs, actions, targets, batch);
    }

    /**
     * Q-values by the definition: each convolution as nested sums over its window (NCHW, valid, ReLU), the last
     * feature map flattened channel-major as torch's {@code nn.Flatten} does, then the dense layers (W is [in][out]).
     */
    static float[] naiveForward(QNetwork network, float[] input) {
        QNetworkArchitecture architecture = network.spec().architecture();
        int[] chw = architecture.inputChannelsHeightWidth();
        int channels = chw[0];
        int height = chw[1];
        int width = chw[2];
        double[] x = new double[input.length];
        for (int k = 0; k < x.length; k++) x[k] = input[k];
        int layer = 0;
        for (QNetworkArchitecture.ConvLayer conv : architecture.convolutions()) {
            INDArray w = network.dl4jNetwork().getLayer(layer).getParam("W"); // [O][C][kH][kW]
            double[] wv = w.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
            INDArray bias = network.dl4jNetwork().getLayer(layer).getParam("b");
            int k = conv.kernel();
            int outH = (height - conv.kernel()) / conv.stride() + 1;
            int outW = (width - conv.kernel()) / conv.stride() + 1;
            double[] y = new double[conv.filters() * outH * outW];
            for (int o = 0; o < conv.filters(); o++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double sum = bias.getDouble(o);
                        for (int c = 0; c < channels; c++) {
                            for (int ky = 0; ky < conv.kernel(); ky++) {
                                for (int kx = 0; kx < conv.kernel(); kx++) {
                                    sum += wv[((o * channels + c) * k + ky) * k + kx]
                                            * x[(c * height + oy * conv.stride() + ky) * width + ox * conv.stride() + kx];
                                }
                            }
                        }
                        y[(o * outH + oy) * outW + ox] = Math.max(0, sum);
                    }
                }
            }
            x = y;
            channels = conv.filters();
            height = outH;
            width = outW;
            layer++;
        }
        int last = network.dl4jNetwork().getnLayers() - 1;
        for (; layer <= last; layer++) {
            INDArray w = network.dl4jNetwork().getLayer(layer).getParam("W");
            INDArray bias = network.dl4jNetwork().getLayer(layer).getParam("b");
            double[] y = new double[(int) w.size(1)];
            double[] wv = w.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
            for (int j = 0; j < y.length; j++) {
                double sum = bias.getDouble(j);
                for (int i = 0; i < x.length; i++) sum += x[i] * wv[i * y.length + j];
                y[j] = layer == last ? sum : Math.max(0, sum);
            }
            x = y;
        }
        float[] q = new float[x.length];
        for (int a = 0; a < q.length; a++) q[a] = (float) x[a];
        return q;
    }
}
