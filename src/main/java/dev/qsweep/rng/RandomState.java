package dev.qsweep.rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * numpy's legacy {@code numpy.random.RandomState(seed)} for the draws MinAtar makes: {@code random_sample} /
 * {@code rand} and {@code randint}. Each method consumes MT19937 outputs exactly as numpy does, so a program of
 * draws gives the same numbers in both.
 */
public final class RandomState {

    /** Largest seed numpy accepts for {@code RandomState(int)}. */
    public static final long MAX_SEED = 0xFFFFFFFFL;

    private final Mt19937 bitGenerator;

    /** {@code RandomState(seed)}; numpy rejects seeds outside [0, 2^32 - 1] and so does this. */
    public RandomState(long seed) {
        this(new Mt19937(checkSeed(seed)));
    }

    public RandomState(Mt19937 bitGenerator) {
        this.bitGenerator = bitGenerator;
    }

    /** {@code RandomState()}: seeded from OS entropy, so not reproducible (numpy takes more entropy; irrelevant). */
    public static RandomState fromEntropy() {
        return new RandomState(new SecureRandom().nextInt() & MAX_SEED);
    }

    private static long checkSeed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("numpy's RandomState takes seeds in [0, 2^32 - 1] = [0, " + MAX_SEED
                    + "], got " + seed + "; use a seed in that range, e.g. " + Math.floorMod(seed, MAX_SEED + 1));
        }
        return seed;
    }

    public Mt19937 bitGenerator() {
        return bitGenerator;
    }

    /** {@code random_sample()} (= {@code rand()}): a double in [0, 1). */
    public double randomSample() {
        return bitGenerator.nextDouble();
    }

    /** {@code random_sample(size)} (= {@code rand(size)}): drawn one after another. */
    public double[] randomSample(int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = bitGenerator.nextDouble();
        }
        return out;
    }

    /** {@code randint(high)}: an int64 in [0, high). */
    public long randint(long high) {
        return randint(0, high);
    }

    /** {@code randint(low, high)}: an int64 in [low, high). */
    public long randint(long low, long high) {
        long range = checkedRange(low, high);
        return low + boundedMasked(range);
    }

    /** {@code randint(low, high, size)}: numpy fills the array element by element with the same bound. */
    public long[] randint(long low, long high, int size) {
        long range = checkedRange(low, high);
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = low + boundedMasked(range);
        }
        return out;
    }

    /** {@code high - 1 - low} as an unsigned 64-bit value (numpy's {@code rng}). */
    private static long checkedRange(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("randint: low >= high (low=" + low + ", high=" + high
                    + "); high is exclusive, so use high > low");
        }
        return high - 1 - low;
    }

    /**
     * A uniform integer in [0, range] (unsigned, inclusive) as numpy's {@code random_bounded_uint64_fill} with
     * {@code use_masked=True}, the only method {@code RandomState} uses: draw, mask to the smallest covering
     * power of two minus one, and redraw while above the range. Ranges that fit 32 bits use 32-bit draws.
     */
    long boundedMasked(long range) {
        if (range == 0) {
            return 0; // numpy draws nothing for a single-value range
        }
        if (Long.compareUnsigned(range, 0xFFFFFFFFL) <= 0) {
            if (range == 0xFFFFFFFFL) {
                return bitGenerator.nextUint32() & 0xFFFFFFFFL;
            }
            long mask = mask(range);
            long value;
            do {
                value = bitGenerator.nextUint32() & mask;
            } while (value > range);
            return value;
        }
        if (range == -1L) {
            return bitGenerator.nextUint64();
        }
        long mask = mask(range);
        long value;
        do {
            value = bitGenerator.nextUint64() & mask;
        } while (Long.compareUnsigned(value, range) > 0);
        return value;
    }

    /** The smallest {@code 2^k - 1 >= value} ({@code gen_mask}). */
    static long mask(long value) {
        return value == 0 ? 0 : -1L >>> Long.numberOfLeadingZeros(value);
    }

    public void writeState(DataOutput out) throws IOException {
        bitGenerator.writeState(out);
    }

    public void readState(DataInput in) throws IOException {
        bitGenerator.readState(in);
    }
}
