package dev.qsweep.rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Mersenne Twister MT19937 as numpy's legacy {@code RandomState} runs it: 624 32-bit words and a position,
 * seeded from one 32-bit integer with {@code init_genrand}, with numpy's ways of building 64-bit values and
 * doubles from 32-bit outputs.
 */
public final class Mt19937 {

    /** Words of state. */
    public static final int STATE_WORDS = 624;
    private static final int SHIFT = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] key = new int[STATE_WORDS];
    private int position;

    /** {@code init_genrand(seed)}: the only seeding numpy's {@code RandomState(int)} uses. */
    public Mt19937(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("MT19937 seed must be in [0, 2^32 - 1], got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < STATE_WORDS; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        position = STATE_WORDS;
    }

    private Mt19937() {
    }

    /** A generator at an explicit state, as numpy's {@code set_state(('MT19937', key, pos))}. */
    public static Mt19937 fromState(State state) {
        Mt19937 mt = new Mt19937();
        mt.setState(state);
        return mt;
    }

    /** Regenerates all 624 words (the "twist"). */
    private void twist() {
        for (int i = 0; i < STATE_WORDS; i++) {
            int y = (key[i] & UPPER_MASK) | (key[(i + 1) % STATE_WORDS] & LOWER_MASK);
            key[i] = key[(i + SHIFT) % STATE_WORDS] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        position = 0;
    }

    /** The next 32 random bits (numpy's {@code next_uint32}). */
    public int nextUint32() {
        if (position == STATE_WORDS) {
            twist();
        }
        int y = key[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** 64 bits from two 32-bit outputs, the first one high (numpy's {@code mt19937_next64}). */
    public long nextUint64() {
        long high = nextUint32() & 0xFFFFFFFFL;
        long low = nextUint32() & 0xFFFFFFFFL;
        return (high << 32) | low;
    }

    /** A double in [0, 1) from 27 + 26 bits of two outputs ({@code mt19937_next_double}, {@code random_sample}). */
    public double nextDouble() {
        long a = (nextUint32() & 0xFFFFFFFFL) >>> 5;
        long b = (nextUint32() & 0xFFFFFFFFL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    public State state() {
        return new State(key.clone(), position);
    }

    public void setState(State state) {
        System.arraycopy(state.key(), 0, key, 0, STATE_WORDS);
        position = state.position();
    }

    public void writeState(DataOutput out) throws IOException {
        state().write(out);
    }

    public void readState(DataInput in) throws IOException {
        setState(State.read(in));
    }

    /**
     * Everything numpy's {@code get_state()} holds for MT19937 (the Gaussian cache is not used by our draws).
     *
     * @param key      the 624 state words (unsigned values held in ints)
     * @param position index of the next word to temper; 624 means a twist comes first
     */
    public record State(int[] key, int position) {

        public State {
            if (key.length != STATE_WORDS) {
                throw new IllegalArgumentException("MT19937 state needs " + STATE_WORDS + " words, got " + key.length);
            }
            if (position < 0 || position > STATE_WORDS) {
                throw new IllegalArgumentException("MT19937 position must be in [0, 624], got " + position);
            }
            key = key.clone();
        }

        @Override
        public int[] key() {
            return key.clone();
        }

        public void write(DataOutput out) throws IOException {
            for (int word : key) {
                out.writeInt(word);
            }
            out.writeShort(position);
        }

        public static State read(DataInput in) throws IOException {
            int[] key = new int[STATE_WORDS];
            for (int i = 0; i < STATE_WORDS; i++) {
                key[i] = in.readInt();
            }
            int position = in.readShort();
            if (position < 0 || position > STATE_WORDS) {
                throw new IOException("corrupt MT19937 state: position " + position + " is outside [0, 624]");
            }
            return new State(key, position);
        }
    }
}
