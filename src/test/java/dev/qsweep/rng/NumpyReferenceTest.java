package dev.qsweep.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qsweep.testutil.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compares the Java RNG with draws recorded from numpy by {@code scripts/numpy_reference.py}. */
class NumpyReferenceTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static List<Map<String, Object>> cases(String kind) {
        return Json.resourceLines("/rng/numpy_reference.jsonl").stream()
                .map(Json::object)
                .filter(m -> kind.equals(m.get("case")))
                .toList();
    }

    private static BigInteger seed(Map<String, Object> c) {
        return new BigInteger((String) c.get("seed"));
    }

    private static SeedSequence seedSequence(Map<String, Object> c) {
        return new SeedSequence(seed(c), new long[0]);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    private static long[] unsigned(Object o) {
        return strings(o).stream().mapToLong(Long::parseUnsignedLong).toArray();
    }

    private static long[] words(int[] ints) {
        long[] out = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i] & 0xFFFFFFFFL;
        }
        return out;
    }

    private static BigInteger u128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).multiply(TWO_64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    @Test
    void seedSequenceMatchesNumpy() {
        List<Map<String, Object>> all = cases("seed_sequence");
        assertEquals(10, all.size());
        for (Map<String, Object> c : all) {
            SeedSequence seq = seedSequence(c);
            String where = "seed " + c.get("seed");
            assertArrayEquals(unsigned(c.get("pool")), words(seq.pool()), where);
            assertArrayEquals(unsigned(c.get("state32")), words(seq.generateState32(9)), where);
            assertArrayEquals(unsigned(c.get("state64")), seq.generateState64(4), where);
            @SuppressWarnings("unchecked")
            List<Object> childPools = (List<Object>) c.get("children_pools");
            List<SeedSequence> children = seq.spawn(3);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(unsigned(childPools.get(i)), words(children.get(i).pool()), where + " child " + i);
            }
            SeedSequence grandchild = children.get(1).spawn(2).get(1);
            assertArrayEquals(unsigned(c.get("grandchild_pool")), words(grandchild.pool()), where);
        }
    }

    @Test
    void pcg64SeedingAndRawOutputMatchNumpy() {
        for (Map<String, Object> c : cases("seed_sequence")) {
            Pcg64 pcg = new Pcg64(seedSequence(c));
            Pcg64.State state = pcg.state();
            assertEquals(new BigInteger((String) c.get("pcg_state")), u128(state.stateHigh(), state.stateLow()));
            assertEquals(new BigInteger((String) c.get("pcg_inc")), u128(state.incHigh(), state.incLow()));
            long[] raw = new long[20];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = pcg.nextUint64();
            }
            assertArrayEquals(unsigned(c.get("raw")), raw, "seed " + c.get("seed"));
        }
    }

    @Test
    void generatorProgramsMatchNumpy() throws IOException {
        for (Map<String, Object> c : cases("generator")) {
            NumpyGenerator g = new NumpyGenerator(new Pcg64(seedSequence(c)));
            @SuppressWarnings("unchecked")
            List<List<Object>> draws = (List<List<Object>>) c.get("draws");
            for (List<Object> draw : draws) {
                String op = (String) draw.get(0);
                List<String> expected = strings(draw.get(1));
                String where = "seed " + c.get("seed") + " op " + op;
                String[] parts = op.split(" ");
                switch (parts[0]) {
                    case "random" -> {
                        for (String e : expected) {
                            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(e)),
                                    Double.doubleToRawLongBits(g.random()), where);
                        }
                    }
                    case "uint32" -> {
                        for (String e : expected) {
                            assertEquals(Long.parseLong(e), g.bitGenerator().nextUint32() & 0xFFFFFFFFL, where);
                        }
                    }
                    case "uniform" -> {
                        double low = Double.parseDouble(parts[1]);
                        double high = Double.parseDouble(parts[2]);
                        double[] actual = Integer.parseInt(parts[3]) == 1 && expected.size() == 1
                                ? new double[] {g.uniform(low, high)}
                                : g.uniform(low, high, expected.size());
                        for (int i = 0; i < actual.length; i++) {
                            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(expected.get(i))),
                                    Double.doubleToRawLongBits(actual[i]), where);
                        }
                    }
                    case "integers" -> {
                        long low = Long.parseLong(parts[1]);
                        long high = Long.parseLong(parts[2]);
                        long[] actual = parts.length == 3
                                ? new long[] {g.integers(low, high)}
                                : g.integers(low, high, Integer.parseInt(parts[3]));
                        assertArrayEquals(expected.stream().mapToLong(Long::parseLong).toArray(), actual, where);
                    }
                    default -> throw new IllegalStateException("unknown op " + op);
                }
            }
            Pcg64.State state = g.bitGenerator().state();
            assertEquals(new BigInteger((String) c.get("final_state")), u128(state.stateHigh(), state.stateLow()));
            assertEquals(new BigInteger((String) c.get("final_inc")), u128(state.incHigh(), state.incLow()));
            assertEquals(((Json.Num) c.get("has_uint32")).asLong() == 1, state.hasUint32());
            assertEquals(Long.parseLong((String) c.get("uinteger")), state.bufferedUint32() & 0xFFFFFFFFL);
            assertStateRoundTrips(g);
        }
    }

    private static void assertStateRoundTrips(NumpyGenerator g) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        g.writeState(new DataOutputStream(bytes));
        NumpyGenerator copy = new NumpyGenerator(99);
        copy.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 0; i < 5; i++) {
            assertEquals(g.bitGenerator().nextUint32(), copy.bitGenerator().nextUint32());
            assertEquals(g.integers(0, 1000), copy.integers(0, 1000));
        }
        assertEquals(g.random(), copy.random());
    }

    @Test
    void rejectsNegativeSeedsAndEmptyRanges() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SeedSequence(-1));
        NumpyGenerator g = new NumpyGenerator(0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> g.integers(3, 3));
        assertFalse(g.bitGenerator().state().hasUint32());
    }
}
