package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FireResetTest {

    @Test
    void resetPressesFireThenActionTwo() {
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("BreakoutNoFrameskip-v4");
        FireReset wrapped = new FireReset(AtariWrapperFixtures.emulator("BreakoutNoFrameskip-v4"));
        float[] afterReset = raw.reset(6);
        raw.step(1);
        float[] expected = raw.step(2).observation();
        assertArrayEquals(expected, wrapped.reset(6));
        assertTrue(!Arrays.equals(afterReset, expected), "FIRE should change the screen, else the test proves little");
        for (int t = 0; t < 40; t++) {
            assertArrayEquals(raw.step(t % 4).observation(), wrapped.step(t % 4).observation(), "step " + t);
        }
    }

    @Test
    void refusesGamesWithoutFire() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FireReset(AtariWrapperFixtures.emulator("FreewayNoFrameskip-v4")));
        assertTrue(e.getMessage().contains("needs action 1 to be FIRE"), e.getMessage());
    }
}
