package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeds fully determine a net; a written and re-read net continues training bit-identically. */
class QNetworkPersistenceTest {
    private static final QNetworkSpec SPEC = new QNetworkSpec(4, new int[] {64, 64}, 2, 1e-3, Loss.HUBER, 10.0, 1e-8);

    @Test
    void equalSeedsGiveIdenticalNetsAndDifferentSeedsDoNot() {
        float[] a = parameters(QNetwork.create(SPEC, 42));
        assertArrayEquals(a, parameters(QNetwork.create(SPEC, 42)));
        assertFalse(Arrays.equals(a, parameters(QNetwork.create(SPEC, 43))));
    }

    @Test
    void initialisationIsUniformWithinOneOverSqrtFanIn() {
        QNetwork network = QNetwork.create(SPEC, 9);
        int[] widths = SPEC.layerWidths();
        for (int l = 0; l < widths.length - 1; l++) {
            double bound = 1 / Math.sqrt(widths[l]);
            for (String key : new String[] {"W", "b"}) {
                float[] values = network.dl4jNetwork().getLayer(l).getParam(key).dup().data().asFloat();
                double max = 0;
                for (float v : values) max = Math.max(max, Math.abs(v));
                assertEquals(true, max <= bound, "layer " + l + " " + key + " within ±1/√fanIn");
                assertEquals(true, max > 0.9 * bound || values.length < 20, "layer " + l + " " + key + " spans the range");
            }
        }
    }

    @Test
    void writeReadContinuesTrainingBitIdentically() throws IOException {
        QNetwork original = QNetwork.create(SPEC, 7);
        QNetwork twin = QNetwork.create(SPEC, 7);
        SplittableRandom data = new SplittableRandom(1);
        SplittableRandom twinData = new SplittableRandom(1);
        for (int step = 0; step < 3; step++) {
            QNetworkEvaluationTest.trainOnRandomBatch(original, data, 16);
            QNetworkEvaluationTest.trainOnRandomBatch(twin, twinData, 16);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.write(bytes);
        bytes.write(new byte[] {1, 2, 3}); // whatever the caller writes next must survive read()
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        QNetwork restored = QNetwork.read(in);
        assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes(), "read consumes exactly what write wrote");
        assertEquals(SPEC, restored.spec());
        assertArrayEquals(parameters(original), parameters(restored));

        SplittableRandom restoredData = data.split();
        SplittableRandom twinRestData = twinData.split();
        for (int step = 0; step < 5; step++) {
            TrainStats expected = trainStep(twin, twinRestData);
            TrainStats actual = trainStep(restored, restoredData);
            assertEquals(expected, actual, "stats of continued step " + step);
        }
        assertArrayEquals(parameters(twin), parameters(restored), "weights after continuing");
        assertArrayEquals(twin.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat(),
                restored.dl4jNetwork().getUpdater().getStateViewArray().dup().data().asFloat(), "Adam state after continuing");
        float[] obs = {0.1f, -0.2f, 0.3f, 0.05f};
        float[] q1 = new float[2];
        float[] q2 = new float[2];
        twin.qValues(obs, q1);
        restored.qValues(obs, q2);
        assertArrayEquals(q1, q2);
    }

    @Test
    void readsStreamsOfFormatVersion1() throws IOException {
        // Version 1 (MLP only) had no architecture name: magic, 1, then the MLP spec right away.
        QNetwork original = QNetwork.create(SPEC, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.write(bytes);
        java.io.DataInputStream v2 = new java.io.DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        ByteArrayOutputStream v1Bytes = new ByteArrayOutputStream();
        java.io.DataOutputStream v1 = new java.io.DataOutputStream(v1Bytes);
        v1.writeInt(v2.readInt()); // magic
        assertEquals(2, v2.readInt());
        v1.writeInt(1);
        assertEquals("mlp", v2.readUTF());
        v1.write(v2.readAllBytes());
        QNetwork restored = QNetwork.read(new ByteArrayInputStream(v1Bytes.toByteArray()));
        assertEquals(SPEC, restored.spec());
        assertArrayEquals(parameters(original), parameters(restored));
    }

    @Test
    void readRejectsForeignBytes() {
        assertThrows(IOException.class, () -> QNetwork.read(new ByteArrayInputStream(new byte[] {0, 1, 2, 3, 4, 5, 6, 7})));
    }

    private static TrainStats trainStep(QNetwork network, SplittableRandom random) {
        int batch = 16;
        float[] obs = new float[batch * 4];
        int[] actions = new int[batch];
        float[] targets = new float[batch];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-3, 3);
        for (int s = 0; s < batch; s++) {
            actions[s] = random.nextInt(2);
            targets[s] = (float) random.nextDouble(-5, 5);
        }
        return network.train(obs, actions, targets, batch);
    }

    static float[] parameters(QNetwork network) {
        return network.dl4jNetwork().params().dup().data().asFloat();
    }
}
