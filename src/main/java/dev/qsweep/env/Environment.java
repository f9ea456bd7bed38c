package dev.qsweep.env;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A reinforcement-learning environment with Gymnasium's semantics.
 *
 * <p>{@link #reset(long)} reseeds the environment's generator exactly as Gymnasium's {@code reset(seed=S)} does;
 * {@link #reset()} continues with the current generator. Observations are flat {@code float[]} in the env's native
 * layout; every value is exactly representable in the space's dtype. An environment is not thread-safe.
 */
public interface Environment {

    /** The registry id this environment was made from, e.g. {@code CartPole-v1}. */
    String id();

    Space observationSpace();

    /** Always a {@link Space.Discrete} for the environments a DQN can play. */
    Space.Discrete actionSpace();

    /**
     * The largest seed {@link #reset(long)} accepts (seeds start at 0). Most environments take any non-negative long;
     * those seeded like numpy's legacy {@code RandomState} (MinAtar) take 32-bit seeds only, as in Python.
     */
    default long maxSeed() {
        return Long.MAX_VALUE;
    }

    /** Reseeds as Gymnasium's {@code reset(seed=seed)} and returns the first observation. */
    float[] reset(long seed);

    /** Starts a new episode with the current generator state; before any seeded reset, behaves as seed-less Gymnasium. */
    float[] reset();

    StepResult step(int action);

    /** Writes everything needed to continue bit-identically: dynamics state, generator state, counters. */
    void writeState(DataOutput out) throws IOException;

    /** Restores what {@link #writeState} wrote, into an environment made with the same id and options. */
    void readState(DataInput in) throws IOException;
}
