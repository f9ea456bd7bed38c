package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.qsweep.env.Space;
import org.junit.jupiter.api.Test;

class ObservationEncoderTest {

    @Test
    void discreteStatesBecomeOneHot() {
        ObservationEncoder encoder = new ObservationEncoder(new Space.Discrete(4));
        assertEquals(1, encoder.rawSize());
        assertEquals(4, encoder.encodedSize());
        assertArrayEquals(new float[] {0, 0, 1, 0}, encoder.encode(new float[] {2}));
        float[] batch = new float[] {9, 9, 9, 9, 9, 9, 9, 9};
        encoder.encode(new float[] {3, 0}, 2, batch);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0}, batch);
    }

    @Test
    void boxesPassThrough() {
        Space box = new Space.Box(new double[] {-1, -1}, new double[] {1, 1}, new int[] {2}, Space.DType.FLOAT32);
        ObservationEncoder encoder = new ObservationEncoder(box);
        float[] obs = {0.5f, -0.25f};
        assertSame(obs, encoder.encode(obs));
        assertEquals(2, encoder.encodedSize());
    }
}
