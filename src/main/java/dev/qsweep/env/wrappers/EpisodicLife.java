package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * SB3's {@code EpisodicLifeEnv}: losing a life ends the episode for the learner ({@code terminated}), while the
 * game goes on; the next {@link #reset()} then only takes a no-op step instead of restarting the game. A seeded
 * reset always restarts the game (a new seed means a new run).
 */
public final class EpisodicLife extends EnvWrapper {

    private final ArcadeEmulator emulator;
    private int lives;
    private boolean wasRealDone = true;

    public EpisodicLife(Environment inner) {
        super(inner);
        this.emulator = ArcadeEmulator.find(inner, "episodic_life");
    }

    @Override
    public StepResult step(int action) {
        StepResult result = inner().step(action);
        wasRealDone = result.done();
        int now = emulator.lives();
        boolean lifeLost = now < lives && now > 0; // SB3: 0 < lives < self.lives; the last life ends the game anyway
        lives = now;
        if (lifeLost && !result.terminated()) {
            return new StepResult(result.observation(), result.reward(), true, result.truncated());
        }
        return result;
    }

    @Override
    public float[] reset(long seed) {
        float[] observation = inner().reset(seed);
        wasRealDone = true;
        lives = emulator.lives();
        return observation;
    }

    @Override
    public float[] reset() {
        float[] observation;
        if (wasRealDone) {
            observation = inner().reset();
        } else {
            StepResult result = inner().step(0); // no-op to continue from the lost-life state
            observation = result.done() ? inner().reset() : result.observation();
        }
        lives = emulator.lives();
        return observation;
    }

    @Override
    protected void writeOwnState(DataOutput out) throws IOException {
        out.writeInt(lives);
        out.writeBoolean(wasRealDone);
    }

    @Override
    protected void readOwnState(DataInput in) throws IOException {
        lives = in.readInt();
        wasRealDone = in.readBoolean();
    }
}
