package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;

/**
 * SB3's {@code NoopResetEnv}: after each reset, takes a random number of no-op actions (1..{@code noopMax}, drawn
 * from the Atari environment's own generator as SB3 draws from {@code env.unwrapped.np_random}), so episodes do
 * not all start from the same frame. If the no-ops end the episode, it resets again (with the same seed, as SB3).
 */
public final class NoopReset extends EnvWrapper {

    private final int noopMax;
    private final ArcadeEmulator emulator;

    public NoopReset(Environment inner, int noopMax) {
        super(inner);
        if (noopMax < 1) {
            throw new IllegalArgumentException("noop_reset needs at least 1 no-op, got " + noopMax);
        }
        this.noopMax = noopMax;
        this.emulator = ArcadeEmulator.find(inner, "noop_reset");
        if (!emulator.actionMeanings().get(0).equals("NOOP")) {
            throw new IllegalArgumentException("noop_reset needs action 0 to be NOOP; " + inner.id() + " has "
                    + emulator.actionMeanings().get(0));
        }
    }

    public int noopMax() {
        return noopMax;
    }

    @Override
    public float[] reset(long seed) {
        return noops(inner().reset(seed), seed);
    }

    @Override
    public float[] reset() {
        return noops(inner().reset(), -1);
    }

    private float[] noops(float[] firstObservation, long seed) {
        float[] observation = firstObservation;
        long count = emulator.npRandom().integers(1, noopMax + 1L);
        for (long i = 0; i < count; i++) {
            StepResult result = inner().step(0);
            observation = result.observation();
            if (result.done()) {
                observation = seed >= 0 ? inner().reset(seed) : inner().reset();
            }
        }
        return observation;
    }
}
