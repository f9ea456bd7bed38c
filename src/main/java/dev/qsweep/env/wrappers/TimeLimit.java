package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Gymnasium's {@code TimeLimit}: sets {@code truncated} once an episode reaches {@code maxEpisodeSteps}
 * (also on the step that terminates), and counts steps across checkpoints.
 */
public final class TimeLimit extends EnvWrapper {

    private final int maxEpisodeSteps;
    private int elapsedSteps;

    public TimeLimit(Environment inner, int maxEpisodeSteps) {
        super(inner);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be > 0, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** The environment under the time limit. */
    public Environment unwrapped() {
        return inner();
    }

    @Override
    public float[] reset(long seed) {
        elapsedSteps = 0;
        return super.reset(seed);
    }

    @Override
    public float[] reset() {
        elapsedSteps = 0;
        return super.reset();
    }

    @Override
    public StepResult step(int action) {
        StepResult result = super.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !result.truncated()) {
            return new StepResult(result.observation(), result.reward(), result.terminated(), true);
        }
        return result;
    }

    @Override
    protected void writeOwnState(DataOutput out) throws IOException {
        out.writeInt(elapsedSteps);
    }

    @Override
    protected void readOwnState(DataInput in) throws IOException {
        elapsedSteps = in.readInt();
    }
}
