package dev.qsweep.rng;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * numpy's {@code SeedSequence}: hashes user entropy (a non-negative integer) and a spawn key into a pool of
 * four 32-bit words, from which it derives generator states. All arithmetic is modulo 2^32, held in ints.
 */
public final class SeedSequence {

    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final BigInteger entropy;
    private final long[] spawnKey;
    private final int[] pool;
    private int childrenSpawned;

    /** {@code SeedSequence(seed)} for a non-negative seed. */
    public SeedSequence(long seed) {
        this(BigInteger.valueOf(requireNonNegative(seed)), new long[0]);
    }

    /** {@code SeedSequence(entropy, spawn_key=spawnKey)}; entropy may exceed 64 bits. */
    public SeedSequence(BigInteger entropy, long[] spawnKey) {
        if (entropy.signum() < 0) {
            throw new IllegalArgumentException("SeedSequence entropy must be non-negative, got " + entropy);
        }
        for (long k : spawnKey) {
            requireNonNegative(k);
        }
        this.entropy = entropy;
        this.spawnKey = spawnKey.clone();
        this.pool = mixEntropy(assembleEntropy());
    }

    private static long requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("seed must be non-negative, got " + value);
        }
        return value;
    }

    public BigInteger entropy() {
        return entropy;
    }

    public long[] spawnKey() {
        return spawnKey.clone();
    }

    /** The hashed pool (4 words), as numpy's {@code SeedSequence.pool}. */
    public int[] pool() {
        return pool.clone();
    }

    /** {@code generate_state(nWords, np.uint32)}. */
    public int[] generateState32(int nWords) {
        int[] state = new int[nWords];
        int hashConst = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int value = pool[i % POOL_SIZE] ^ hashConst;
            hashConst *= MULT_B;
            value *= hashConst;
            value ^= value >>> XSHIFT;
            state[i] = value;
        }
        return state;
    }

    /** {@code generate_state(nWords, np.uint64)}: pairs of 32-bit words, little end first. */
    public long[] generateState64(int nWords) {
        int[] words = generateState32(2 * nWords);
        long[] state = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            state[i] = (words[2 * i] & 0xFFFFFFFFL) | ((long) words[2 * i + 1] << 32);
        }
        return state;
    }

    /** {@code spawn(n)}: children keyed by this sequence's spawn key extended with a running index. */
    public List<SeedSequence> spawn(int n) {
        List<SeedSequence> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] childKey = Arrays.copyOf(spawnKey, spawnKey.length + 1);
            childKey[spawnKey.length] = childrenSpawned + i;
            children.add(new SeedSequence(entropy, childKey));
        }
        childrenSpawned += n;
        return children;
    }

    private int[] assembleEntropy() {
        int[] run = toUint32Words(entropy);
        int[] spawn = new int[0];
        for (long k : spawnKey) {
            int[] words = toUint32Words(BigInteger.valueOf(k));
            int[] joined = Arrays.copyOf(spawn, spawn.length + words.length);
            System.arraycopy(words, 0, joined, spawn.length, words.length);
            spawn = joined;
        }
        // numpy pads the run entropy to the pool size only when a spawn key follows, so keys cannot alias entropy.
        if (spawn.length > 0 && run.length < POOL_SIZE) {
            run = Arrays.copyOf(run, POOL_SIZE);
        }
        int[] all = Arrays.copyOf(run, run.length + spawn.length);
        System.arraycopy(spawn, 0, all, run.length, spawn.length);
        return all;
    }

    /** Little-endian 32-bit words of a non-negative integer; zero is one word. */
    private static int[] toUint32Words(BigInteger value) {
        int n = Math.max(1, (value.bitLength() + 31) / 32);
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = value.shiftRight(32 * i).intValue();
        }
        return words;
    }

    private static int[] mixEntropy(int[] entropyWords) {
        int[] mixer = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            mixer[i] = hashMix(i < entropyWords.length ? entropyWords[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    mixer[dst] = mix(mixer[dst], hashMix(mixer[src], hashConst));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropyWords.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                mixer[dst] = mix(mixer[dst], hashMix(entropyWords[src], hashConst));
            }
        }
        return mixer;
    }

    private static int hashMix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        return value ^ (value >>> XSHIFT);
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> XSHIFT);
    }
}
