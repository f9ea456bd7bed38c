package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.StepResult;
import org.junit.jupiter.api.Test;

class EpisodicLifeTest {

    @Test
    void aLostLifeEndsTheLearnersEpisodeButNotTheGame() {
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("BreakoutNoFrameskip-v4");
        EpisodicLife wrapped = new EpisodicLife(AtariWrapperFixtures.emulator("BreakoutNoFrameskip-v4"));
        ArcadeEmulator inner = ArcadeEmulator.find(wrapped, "test");
        raw.reset(5);
        wrapped.reset(5);
        int startLives = inner.lives();
        assertEquals(5, startLives);
        // FIRE launches the ball; NOOP then lets it drop, so a life is lost.
        int t = 0;
        StepResult step;
        do {
            int action = t < 5 ? 1 : 0;
            StepResult expected = raw.step(action);
            step = wrapped.step(action);
            assertArrayEquals(expected.observation(), step.observation(), "step " + t);
            assertFalse(expected.terminated(), "the game itself goes on");
            t++;
        } while (!step.terminated() && t < 5000);
        assertTrue(step.terminated(), "losing a life should terminate the learner's episode");
        assertEquals(startLives - 1, inner.lives());
        // reset() continues the same game with one no-op instead of restarting it.
        float[] continued = wrapped.reset();
        assertArrayEquals(raw.step(0).observation(), continued);
        assertEquals(startLives - 1, inner.lives());
        // A seeded reset restarts the game.
        wrapped.reset(5);
        assertEquals(startLives, inner.lives());
    }
}
