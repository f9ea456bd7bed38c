package dev.qsweep.train;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import java.util.SplittableRandom;

/** The uniformly random policy: the lower reference of score normalisation, measured on our own envs. */
public final class RandomPolicy {
    private RandomPolicy() {
    }

    /**
     * Plays {@code episodes} episodes with uniformly random actions; episode {@code i} resets with seed {@code seed + i}
     * and actions come from one generator seeded with {@code seed}, so the same seed gives the same returns.
     *
     * @param maxStepsPerEpisode a cap for envs without a time limit (MinAtar), counted as truncation
     */
    public static EvalRecord evaluate(Environment env, int episodes, long seed, long maxStepsPerEpisode) {
        SplittableRandom actions = new SplittableRandom(seed);
        int actionCount = env.actionSpace().n();
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            env.reset(seed + i);
            double total = 0;
            for (long t = 0; t < maxStepsPerEpisode; t++) {
                StepResult step = env.step(actions.nextInt(actionCount));
                total += step.reward();
                if (step.done()) {
                    break;
                }
            }
            returns[i] = total;
        }
        return EvalStatistics.of(0, returns);
    }
}
