package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Gymnasium's {@code TimeLimit}: sets {@code truncated} once an episode reaches {@code maxEpisodeSteps}
 * (also on the step that terminates), and counts steps across checkpoints.
 */
public final class TimeLimit implements Environment {

    private final Environment inner;
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    public TimeLimit(Environment inner, int maxEpisodeSteps) {
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be > 0, got " + maxEpisodeSteps);
        }
        this.inner = inner;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    public int elapsedSteps() {
        return elapsedSteps;
    }

    public Environment unwrapped() {
        return inner;
    }

    @Override
    public long maxSeed() {
        return inner.maxSeed();
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    @Override
    public Space.Discrete actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public float[] reset(long seed) {
        elapsedSteps = 0;
        return inner.reset(seed);
    }

    @Override
    public float[] reset() {
        elapsedSteps = 0;
        return inner.reset();
    }

    @Override
    public StepResult step(int action) {
        StepResult result = inner.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !result.truncated()) {
            return new StepResult(result.observation(), result.reward(), result.terminated(), true);
        }
        return result;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(elapsedSteps);
        inner.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        elapsedSteps = in.readInt();
        inner.readState(in);
    }
}
