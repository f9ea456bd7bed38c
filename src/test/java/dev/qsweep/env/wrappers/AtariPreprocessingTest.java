package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.StepResult;
import org.junit.jupiter.api.Test;

/** Parity with Gymnasium is AleParityTest's job; this checks terminal_on_life_loss, which the traces do not cover. */
class AtariPreprocessingTest {

    @Test
    void terminalOnLifeLossEndsTheEpisodeWhenALifeIsLost() {
        ArcadeEmulator emulator = AtariWrapperFixtures.emulator("BreakoutNoFrameskip-v4");
        AtariPreprocessing wrapped = new AtariPreprocessing(emulator, 30, 4, 84, true);
        assertEquals("Box([84, 84], uint8)", wrapped.observationSpace().toString());
        wrapped.reset(2);
        int lives = emulator.lives();
        StepResult step;
        int t = 0;
        do {
            step = wrapped.step(t < 3 ? 1 : 0);
            t++;
        } while (!step.terminated() && t < 2000);
        assertTrue(step.terminated() && wrapped.gameOver());
        assertEquals(lives - 1, emulator.lives(), "terminated by a lost life, not by the game's end");
    }
}
