package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.StepResult;
import org.junit.jupiter.api.Test;

class MaxAndSkipTest {

    @Test
    void stepIsMaxOfTheLastTwoFramesAndSumOfRewards() {
        ArcadeEmulator raw = AtariWrapperFixtures.emulator("PongNoFrameskip-v4");
        MaxAndSkip wrapped = new MaxAndSkip(AtariWrapperFixtures.emulator("PongNoFrameskip-v4"), 4);
        raw.reset(8);
        wrapped.reset(8);
        double rewardSeen = 0;
        int pooledDiffers = 0;
        for (int t = 0; t < 400; t++) {
            int action = (t / 5) % 6;
            double reward = 0;
            float[] beforeLast = null;
            float[] last = null;
            for (int f = 0; f < 4; f++) {
                StepResult frame = raw.step(action);
                beforeLast = last;
                last = frame.observation();
                reward += frame.reward();
            }
            float[] expected = new float[last.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Math.max(beforeLast[i], last[i]);
            }
            StepResult step = wrapped.step(action);
            assertArrayEquals(expected, step.observation(), "step " + t);
            assertEquals(reward, step.reward(), "step " + t);
            rewardSeen += Math.abs(reward);
            if (!java.util.Arrays.equals(expected, last)) {
                pooledDiffers++;
            }
        }
        assertTrue(rewardSeen > 0, "rewards should occur so their sum is tested");
        assertTrue(pooledDiffers > 0, "pooling should matter on some step, else it is untested");
    }
}
