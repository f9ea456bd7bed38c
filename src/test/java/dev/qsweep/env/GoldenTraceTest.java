package dev.qsweep.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.testutil.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every Gymnasium rollout in {@code src/test/resources/golden} and requires bit-identical observations,
 * rewards and flags (see {@code scripts/golden_traces.py} for how they were recorded).
 */
class GoldenTraceTest {

    static final List<String> FILES = List.of(
            "CartPole-v1", "MountainCar-v0", "Acrobot-v1", "FrozenLake-v1", "FrozenLake8x8-v1", "Taxi-v4");

    static Stream<Arguments> traces() {
        return FILES.stream().flatMap(f -> GoldenTrace.load(f).stream()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void replaysBitExactly(GoldenTrace trace) {
        Environment env = EnvRegistry.make(trace.envId(), trace.options());
        assertEquals(trace.maxEpisodeSteps(), EnvRegistry.describe(trace.envId()).maxEpisodeSteps());
        for (Map<String, Object> record : trace.records()) {
            String where = trace + " " + record;
            if ("reset".equals(record.get("type"))) {
                Object seed = record.get("seed");
                float[] obs = seed == null ? env.reset() : env.reset(((Json.Num) seed).asLong());
                assertBitsEqual(GoldenTrace.observation(record.get("obs")), obs, where);
            } else {
                int action = (int) ((Json.Num) record.get("action")).asLong();
                StepResult result = env.step(action);
                assertBitsEqual(GoldenTrace.observation(record.get("obs")), result.observation(), where);
                assertEquals(Double.doubleToRawLongBits(GoldenTrace.hexDouble(record.get("reward"))),
                        Double.doubleToRawLongBits(result.reward()), where);
                assertEquals(record.get("terminated"), result.terminated(), where);
                assertEquals(record.get("truncated"), result.truncated(), where);
            }
        }
    }

    static void assertBitsEqual(float[] expected, float[] actual, String where) {
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        if (!Arrays.equals(e, a)) {
            throw new AssertionError("observation differs at " + where + ": expected " + Arrays.toString(expected)
                    + " but was " + Arrays.toString(actual));
        }
    }
}
