package dev.qsweep.sweep;

/**
 * SplitMix64 (Steele, Lea and Flood), written out here rather than borrowed from {@link java.util.SplittableRandom}:
 * random-search samples feed the trial ids, so their numbers must never change with the JDK.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), by rejection so every value is equally likely. */
    long nextLong(long bound) {
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long draw;
        do {
            draw = nextLong() >>> 1;
        } while (draw >= limit);
        return draw % bound;
    }
}
