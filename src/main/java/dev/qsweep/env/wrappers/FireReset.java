package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import java.util.List;

/**
 * SB3's {@code FireResetEnv}: games that wait for FIRE to start (Breakout, ...) get FIRE then action 2 after each
 * reset, so the agent does not have to discover it. Needs action 1 to be FIRE and at least three actions.
 */
public final class FireReset extends EnvWrapper {

    public FireReset(Environment inner) {
        super(inner);
        List<String> meanings = ArcadeEmulator.find(inner, "fire_reset").actionMeanings();
        if (meanings.size() < 3 || !meanings.get(1).equals("FIRE")) {
            throw new IllegalArgumentException("fire_reset needs action 1 to be FIRE and at least 3 actions; "
                    + inner.id() + " has " + meanings + "; leave fire_reset out for this game");
        }
    }

    @Override
    public float[] reset(long seed) {
        inner().reset(seed);
        return fire(() -> inner().reset(seed));
    }

    @Override
    public float[] reset() {
        inner().reset();
        return fire(() -> inner().reset());
    }

    private float[] fire(Runnable resetAgain) {
        StepResult result = inner().step(1);
        if (result.done()) {
            resetAgain.run();
        }
        result = inner().step(2);
        if (result.done()) {
            resetAgain.run(); // SB3 still returns the observation of the step, not of this reset
        }
        return result.observation();
    }
}
