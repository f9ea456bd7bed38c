package dev.qsweep.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.testutil.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compares {@link RandomState} with legacy numpy draws recorded by {@code scripts/numpy_legacy_reference.py}. */
class RandomStateTest {

    private static List<Map<String, Object>> cases() {
        return Json.resourceLines("/rng/numpy_legacy_reference.jsonl").stream()
                .skip(1) // the numpy version
                .map(Json::object)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    private static String sha256(int[] words) {
        ByteBuffer bytes = ByteBuffer.allocate(words.length * 4);
        for (int word : words) {
            bytes.putInt(word);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long bits(String hex) {
        return Double.doubleToRawLongBits(Double.parseDouble(hex));
    }

    @Test
    void seedingMatchesNumpy() {
        List<Map<String, Object>> all = cases();
        assertEquals(7, all.size());
        for (Map<String, Object> c : all) {
            Map<String, Object> seeded = map(c.get("seeded"));
            Mt19937.State state = new RandomState(Long.parseLong((String) c.get("seed"))).bitGenerator().state();
            String where = "seed " + c.get("seed");
            assertEquals(seeded.get("key_sha256"), sha256(state.key()), where);
            long[] head = strings(seeded.get("key_head")).stream().mapToLong(Long::parseLong).toArray();
            long[] actualHead = new long[head.length];
            for (int i = 0; i < head.length; i++) {
                actualHead[i] = state.key()[i] & 0xFFFFFFFFL;
            }
            assertArrayEquals(head, actualHead, where);
            assertEquals(Long.parseLong((String) seeded.get("key_tail")), state.key()[623] & 0xFFFFFFFFL, where);
            assertEquals(((Json.Num) seeded.get("pos")).asLong(), state.position(), where);
        }
    }

    @Test
    void drawProgramsMatchNumpyIncludingRejectionPaths() throws IOException {
        for (Map<String, Object> c : cases()) {
            RandomState random = new RandomState(Long.parseLong((String) c.get("seed")));
            @SuppressWarnings("unchecked")
            List<List<Object>> draws = (List<List<Object>>) c.get("draws");
            int index = 0;
            for (List<Object> draw : draws) {
                String op = (String) draw.get(0);
                List<String> expected = strings(draw.get(1));
                String where = "seed " + c.get("seed") + " draw #" + index++ + " " + op;
                String[] parts = op.split(" ");
                switch (parts[0]) {
                    case "random_sample" -> assertEquals(bits(expected.get(0)),
                            Double.doubleToRawLongBits(random.randomSample()), where);
                    case "rand" -> {
                        double[] actual = random.randomSample(Integer.parseInt(parts[1]));
                        assertEquals(expected.size(), actual.length, where);
                        for (int i = 0; i < actual.length; i++) {
                            assertEquals(bits(expected.get(i)), Double.doubleToRawLongBits(actual[i]), where);
                        }
                    }
                    case "randint" -> {
                        long low = Long.parseLong(parts[1]);
                        long high = Long.parseLong(parts[2]);
                        long[] actual = parts.length == 3 ? new long[] {random.randint(low, high)}
                                : random.randint(low, high, Integer.parseInt(parts[3]));
                        assertArrayEquals(expected.stream().mapToLong(Long::parseLong).toArray(), actual, where);
                    }
                    default -> throw new IllegalStateException("unknown op " + op);
                }
            }
            Map<String, Object> fin = map(c.get("final"));
            Mt19937.State state = random.bitGenerator().state();
            assertEquals(fin.get("key_sha256"), sha256(state.key()), "final state, seed " + c.get("seed"));
            assertEquals(((Json.Num) fin.get("pos")).asLong(), state.position());
            assertStateRoundTrips(random);
        }
    }

    /** A restored copy continues with the same draws, and the source is not disturbed by writing. */
    private static void assertStateRoundTrips(RandomState random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        random.writeState(new DataOutputStream(bytes));
        RandomState copy = new RandomState(12345);
        copy.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 0; i < 700; i++) { // crosses a twist
            assertEquals(random.randint(0, 1L << 33), copy.randint(0, 1L << 33));
            assertEquals(random.randomSample(), copy.randomSample());
        }
    }

    @Test
    void masksAreTheSmallestCoveringPowerOfTwoMinusOne() {
        assertEquals(0L, RandomState.mask(0));
        assertEquals(1L, RandomState.mask(1));
        assertEquals(7L, RandomState.mask(4));
        assertEquals(7L, RandomState.mask(7));
        assertEquals(15L, RandomState.mask(8));
        assertEquals(0xFFFFFFFFL, RandomState.mask(0x80000000L));
        assertEquals(0x1FFFFFFFFL, RandomState.mask(0x100000000L));
        assertEquals(-1L, RandomState.mask(Long.MIN_VALUE));
    }

    @Test
    void rangeOfOneDrawsNothing() {
        RandomState a = new RandomState(3);
        RandomState b = new RandomState(3);
        assertEquals(7L, a.randint(7, 8));
        assertArrayEquals(new long[] {-2, -2, -2}, a.randint(-2, -1, 3));
        assertEquals(b.randomSample(), a.randomSample());
    }

    @Test
    void rejectsSeedsNumpyRejectsAndEmptyRanges() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new RandomState(-1));
        assertTrue(negative.getMessage().contains("[0, 4294967295]"), negative.getMessage());
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> new RandomState(1L << 32));
        assertTrue(tooLarge.getMessage().contains("got 4294967296"), tooLarge.getMessage());
        RandomState random = new RandomState(0);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> random.randint(4, 4));
        assertEquals("randint: low >= high (low=4, high=4); high is exclusive, so use high > low", empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> random.randint(0));
        assertThrows(IOException.class, () -> Mt19937.State.read(new DataInputStream(
                new ByteArrayInputStream(corruptState()))));
    }

    private static byte[] corruptState() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < Mt19937.STATE_WORDS; i++) {
            out.writeInt(i);
        }
        out.writeShort(625);
        return bytes.toByteArray();
    }
}
