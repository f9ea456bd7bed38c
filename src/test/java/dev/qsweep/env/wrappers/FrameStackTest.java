package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.env.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStackTest {

    @Test
    void stacksTheLastFramesOldestFirstPaddedWithTheResetFrame() {
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("PongNoFrameskip-v4");
        FrameStack stacked = new FrameStack(
                new GrayscaleResize(AtariWrapperFixtures.emulator("PongNoFrameskip-v4"), 84), 4);
        GrayscaleResize single = new GrayscaleResize(raw, 84);
        assertEquals("Box([4, 84, 84], uint8)", stacked.observationSpace().toString());
        List<float[]> history = new ArrayList<>();
        float[] first = single.reset(4);
        for (int k = 0; k < 4; k++) {
            history.add(first); // padding_type="reset"
        }
        assertArrayEquals(concat(history, 4), stacked.reset(4));
        for (int t = 0; t < 60; t++) {
            StepResult expected = single.step(t % 6);
            history.add(expected.observation());
            StepResult step = stacked.step(t % 6);
            assertArrayEquals(concat(history, 4), step.observation(), "step " + t);
            assertEquals(expected.reward(), step.reward());
        }
    }

    private static float[] concat(List<float[]> history, int k) {
        float[] out = new float[0];
        for (float[] frame : history.subList(history.size() - k, history.size())) {
            int at = out.length;
            out = Arrays.copyOf(out, at + frame.length);
            System.arraycopy(frame, 0, out, at, frame.length);
        }
        return out;
    }
}
