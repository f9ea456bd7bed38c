package dev.qsweep.train;

/** Independent seeds for a run's random streams, derived from the one seed the user gives. */
public final class Seeds {
    /** The streams a run draws from; each gets its own generator so none perturbs another. */
    public enum Stream {
        NETWORK_INIT, EXPLORATION, REPLAY_SAMPLING, EVALUATION
    }

    private Seeds() {
    }

    /** A well-mixed non-negative seed for {@code stream} (SplitMix64's finalizer over seed and stream). */
    public static long derive(long seed, Stream stream) {
        return derive(seed, stream.ordinal() + 1L);
    }

    /**
     * A derived (non-negative) seed folded into {@code [0, maxSeed]} for environments that take fewer seed bits; left
     * as it is when the environment takes any non-negative long, so existing runs keep their numbers.
     */
    public static long within(long derivedSeed, long maxSeed) {
        return maxSeed == Long.MAX_VALUE ? derivedSeed : Long.remainderUnsigned(derivedSeed, maxSeed + 1);
    }

    /** As {@link #derive(long, Stream)} for an arbitrary stream number, e.g. the evaluation at a given step. */
    public static long derive(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
