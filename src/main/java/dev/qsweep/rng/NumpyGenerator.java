package dev.qsweep.rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * numpy's {@code Generator(PCG64(SeedSequence(seed)))}, i.e. {@code np.random.default_rng(seed)}, for the
 * draws this project needs. Each method consumes bits exactly as numpy does, so sequences interleave identically.
 */
public final class NumpyGenerator {

    private final Pcg64 bitGenerator;

    public NumpyGenerator(long seed) {
        this(new Pcg64(new SeedSequence(seed)));
    }

    public NumpyGenerator(Pcg64 bitGenerator) {
        this.bitGenerator = bitGenerator;
    }

    public Pcg64 bitGenerator() {
        return bitGenerator;
    }

    /** {@code random()}: a double in [0, 1). */
    public double random() {
        return bitGenerator.nextDouble();
    }

    /** {@code random(size=n)}. */
    public double[] random(int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = random();
        }
        return out;
    }

    /** {@code uniform(low, high)}: {@code low + (high - low) * random()}. */
    public double uniform(double low, double high) {
        double range = high - low;
        if (!Double.isFinite(range)) {
            throw new IllegalArgumentException("uniform: high - low overflows (low=" + low + ", high=" + high + ")");
        }
        return low + range * random();
    }

    /** {@code uniform(low, high, size=n)} with scalar bounds: elements drawn in order. */
    public double[] uniform(double low, double high, int size) {
        double[] out = new double[size];
        double range = high - low;
        if (!Double.isFinite(range)) {
            throw new IllegalArgumentException("uniform: high - low overflows (low=" + low + ", high=" + high + ")");
        }
        for (int i = 0; i < size; i++) {
            out[i] = low + range * random();
        }
        return out;
    }

    /** {@code integers(low, high)} (int64, high exclusive). */
    public long integers(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("integers: low >= high (low=" + low + ", high=" + high + ")");
        }
        return low + boundedUint64(high - 1 - low);
    }

    /** {@code integers(low, high, size=n)}: numpy draws the elements one after another with the same bound. */
    public long[] integers(long low, long high, int size) {
        if (high <= low) {
            throw new IllegalArgumentException("integers: low >= high (low=" + low + ", high=" + high + ")");
        }
        long[] out = new long[size];
        long range = high - 1 - low;
        for (int i = 0; i < size; i++) {
            out[i] = low + boundedUint64(range);
        }
        return out;
    }

    /**
     * A uniform integer in [0, range] (inclusive, range unsigned) as numpy's {@code random_bounded_uint64_fill}
     * with Lemire's method: ranges that fit 32 bits use 32-bit draws (sharing PCG64's half-word buffer).
     */
    private long boundedUint64(long range) {
        if (range == 0) {
            return 0;
        }
        if (Long.compareUnsigned(range, 0xFFFFFFFFL) <= 0) {
            if (range == 0xFFFFFFFFL) {
                return bitGenerator.nextUint32() & 0xFFFFFFFFL;
            }
            return boundedLemire32(range);
        }
        if (range == -1L) {
            return bitGenerator.nextUint64();
        }
        return boundedLemire64(range);
    }

    private long boundedLemire32(long range) {
        long rangeExclusive = range + 1;
        long m = (bitGenerator.nextUint32() & 0xFFFFFFFFL) * rangeExclusive;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rangeExclusive) {
            long threshold = (0xFFFFFFFFL - range) % rangeExclusive;
            while (leftover < threshold) {
                m = (bitGenerator.nextUint32() & 0xFFFFFFFFL) * rangeExclusive;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return m >>> 32;
    }

    private long boundedLemire64(long range) {
        long rangeExclusive = range + 1;
        long draw = bitGenerator.nextUint64();
        long leftover = draw * rangeExclusive;
        if (Long.compareUnsigned(leftover, rangeExclusive) < 0) {
            long threshold = Long.remainderUnsigned(-1L - range, rangeExclusive);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                draw = bitGenerator.nextUint64();
                leftover = draw * rangeExclusive;
            }
        }
        return unsignedMultiplyHigh(draw, rangeExclusive);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    public void writeState(DataOutput out) throws IOException {
        bitGenerator.writeState(out);
    }

    public void readState(DataInput in) throws IOException {
        bitGenerator.readState(in);
    }
}
