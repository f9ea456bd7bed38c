package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;

/** SB3's {@code ClipRewardEnv}: the reward becomes its sign (-1, 0 or +1), so one learning rate fits all games. */
public final class ClipReward extends EnvWrapper {

    public ClipReward(Environment inner) {
        super(inner);
    }

    @Override
    public StepResult step(int action) {
        StepResult result = inner().step(action);
        return new StepResult(result.observation(), Math.signum(result.reward()), result.terminated(),
                result.truncated());
    }
}
