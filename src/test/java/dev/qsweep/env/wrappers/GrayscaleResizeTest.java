package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.env.EnvRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrayscaleResizeTest {

    @Test
    void warpsTheRgbScreenAsOpenCv() {
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("SpaceInvadersNoFrameskip-v4");
        GrayscaleResize warped = new GrayscaleResize(AtariWrapperFixtures.emulator("SpaceInvadersNoFrameskip-v4"), 84);
        assertEquals("Box([84, 84], uint8)", warped.observationSpace().toString());
        raw.reset(1);
        warped.reset(1);
        OpenCvImages.AreaResize resize = new OpenCvImages.AreaResize(210, 160, 84, 84);
        byte[] rgb = new byte[210 * 160 * 3];
        byte[] gray = new byte[210 * 160];
        byte[] small = new byte[84 * 84];
        for (int t = 0; t < 30; t++) {
            raw.stepWithoutObservation(t % 6);
            raw.screenRgb(rgb);
            OpenCvImages.rgbToGray(rgb, gray);
            resize.apply(gray, small);
            float[] expected = new float[small.length];
            for (int i = 0; i < small.length; i++) {
                expected[i] = small[i] & 0xFF;
            }
            assertArrayEquals(expected, warped.step(t % 6).observation(), "step " + t);
        }
    }

    @Test
    void refusesNonImageObservations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GrayscaleResize(EnvRegistry.make("CartPole-v1", Map.of()), 84));
        assertEquals(true, e.getMessage().contains("needs uint8 image observations"), e.getMessage());
    }
}
