package dev.qsweep.rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * numpy's {@code PCG64} bit generator: a 128-bit LCG with the XSL-RR output function, plus numpy's one-word
 * buffer that serves {@link #nextUint32()} from the upper half of a previously drawn 64-bit value.
 * 128-bit values are held as (high, low) longs.
 */
public final class Pcg64 {

    private static final long MULT_HIGH = 2549297995355413924L;
    private static final long MULT_LOW = 4865540595714422341L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long stateHigh;
    private long stateLow;
    private long incHigh;
    private long incLow;
    private boolean hasUint32;
    private int bufferedUint32;

    /** {@code PCG64(seedSequence)}: state and increment come from {@code generate_state(4, uint64)}. */
    public Pcg64(SeedSequence seedSequence) {
        long[] words = seedSequence.generateState64(4);
        seed(words[0], words[1], words[2], words[3]);
    }

    private Pcg64() {
    }

    /** A generator positioned at an explicit state (as numpy's {@code bit_generator.state = …}). */
    public static Pcg64 fromState(State state) {
        Pcg64 pcg = new Pcg64();
        pcg.setState(state);
        return pcg;
    }

    private void seed(long initStateHigh, long initStateLow, long initSeqHigh, long initSeqLow) {
        // PCG's srandom: inc = (initseq << 1) | 1; step; state += initstate; step.
        incHigh = (initSeqHigh << 1) | (initSeqLow >>> 63);
        incLow = (initSeqLow << 1) | 1L;
        stateHigh = 0;
        stateLow = 0;
        step();
        long low = stateLow + initStateLow;
        stateHigh = stateHigh + initStateHigh + (Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0);
        stateLow = low;
        step();
    }

    /** state = state * MULT + inc (mod 2^128). */
    private void step() {
        long productLow = stateLow * MULT_LOW;
        long productHigh = unsignedMultiplyHigh(stateLow, MULT_LOW) + stateLow * MULT_HIGH + stateHigh * MULT_LOW;
        long low = productLow + incLow;
        long carry = Long.compareUnsigned(low, productLow) < 0 ? 1 : 0;
        stateHigh = productHigh + incHigh + carry;
        stateLow = low;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Advances and returns the next 64 random bits (as an unsigned value in a long). */
    public long nextUint64() {
        step();
        long xored = stateHigh ^ stateLow;
        int rotation = (int) (stateHigh >>> 58);
        return Long.rotateRight(xored, rotation);
    }

    /** 32 random bits; numpy keeps the upper half of a 64-bit draw for the next call. */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return bufferedUint32;
        }
        long next = nextUint64();
        hasUint32 = true;
        bufferedUint32 = (int) (next >>> 32);
        return (int) next;
    }

    /** A double in [0, 1) from the top 53 bits of {@link #nextUint64()}. */
    public double nextDouble() {
        return (nextUint64() >>> 11) * TWO_POW_MINUS_53;
    }

    public State state() {
        return new State(stateHigh, stateLow, incHigh, incLow, hasUint32, bufferedUint32);
    }

    public void setState(State state) {
        stateHigh = state.stateHigh();
        stateLow = state.stateLow();
        incHigh = state.incHigh();
        incLow = state.incLow();
        hasUint32 = state.hasUint32();
        bufferedUint32 = state.bufferedUint32();
    }

    public void writeState(DataOutput out) throws IOException {
        state().write(out);
    }

    public void readState(DataInput in) throws IOException {
        setState(State.read(in));
    }

    /** Everything numpy's {@code PCG64.state} holds; 128-bit words split into unsigned high/low longs. */
    public record State(long stateHigh, long stateLow, long incHigh, long incLow,
                        boolean hasUint32, int bufferedUint32) {

        public void write(DataOutput out) throws IOException {
            out.writeLong(stateHigh);
            out.writeLong(stateLow);
            out.writeLong(incHigh);
            out.writeLong(incLow);
            out.writeBoolean(hasUint32);
            out.writeInt(bufferedUint32);
        }

        public static State read(DataInput in) throws IOException {
            return new State(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readBoolean(), in.readInt());
        }
    }
}
