package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.StepResult;
import org.junit.jupiter.api.Test;

class ClipRewardTest {

    @Test
    void rewardBecomesItsSign() {
        // Space Invaders pays 5..30 points per invader, so clipping to 1 is visible.
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("ALE/SpaceInvaders-v5");
        ClipReward clipped = new ClipReward(AtariWrapperFixtures.emulator("ALE/SpaceInvaders-v5"));
        raw.reset(2);
        clipped.reset(2);
        int nonUnitRewards = 0;
        for (int t = 0; t < 1500; t++) {
            int action = (t * 5 + t / 7) % raw.actionSpace().n();
            StepResult a = raw.step(action);
            StepResult b = clipped.step(action);
            assertArrayEquals(a.observation(), b.observation());
            assertEquals(Math.signum(a.reward()), b.reward(), "step " + t);
            if (Math.abs(a.reward()) > 1) {
                nonUnitRewards++;
            }
            if (a.done()) {
                break;
            }
        }
        assertTrue(nonUnitRewards > 0, "invaders should be shot within 1500 steps, so clipping is exercised");
    }
}
