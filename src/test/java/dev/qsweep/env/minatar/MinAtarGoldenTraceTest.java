package dev.qsweep.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import dev.qsweep.testutil.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the golden MinAtar traces recorded from minatar 1.0.15 through Gymnasium and requires identical
 * observations (every cell), rewards, flags, sticky-action outcomes and difficulty levels at every step.
 */
class MinAtarGoldenTraceTest {

    static Stream<Arguments> traces() {
        return MinAtarTrace.all().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void replaysBitExactly(MinAtarTrace trace) {
        assertNull(trace.maxEpisodeSteps(), "MinAtar registers no time limit");
        assertEquals(EnvRegistry.NO_TIME_LIMIT, EnvRegistry.describe(trace.envId()).maxEpisodeSteps());
        Environment made = EnvRegistry.make(trace.envId(), trace.options());
        assertTrue(made instanceof MinAtarEnvironment, "no TimeLimit around " + trace.envId());
        MinAtarEnvironment env = (MinAtarEnvironment) made;
        int[] actionSet = env.actionSet();
        for (Map<String, Object> record : trace.records()) {
            if ("reset".equals(record.get("type"))) {
                Object seed = record.get("seed");
                float[] obs = seed == null ? env.reset() : env.reset(((Json.Num) seed).asLong());
                assertObservation((String) record.get("obs"), obs, trace + " reset " + record.get("seed"), env);
                continue;
            }
            String where = trace + " step t=" + MinAtarTrace.integer(record, "t");
            int action = (int) MinAtarTrace.integer(record, "action");
            StepResult result = env.step(action);
            long played = MinAtarTrace.integer(record, "played");
            assertEquals(played, env.lastPlayedAction(), where + ": played action (sticky " + (played
                    != actionSet[action]) + ")");
            assertObservation((String) record.get("obs"), result.observation(), where, env);
            assertEquals(MinAtarTrace.integer(record, "reward"), result.reward(), 0.0, where + ": reward");
            assertEquals(record.get("terminated"), result.terminated(), where + ": terminated");
            assertEquals(record.get("truncated"), result.truncated(), where + ": truncated");
            OptionalInt ramp = env.difficultyRamp();
            Object expectedRamp = record.get("ramp");
            if (expectedRamp == null) {
                assertTrue(ramp.isEmpty(), where + ": difficulty_ramp() is None in MinAtar, Java has " + ramp);
            } else {
                assertEquals(((Json.Num) expectedRamp).asLong(), ramp.orElse(-1), where + ": difficulty ramp");
            }
        }
    }

    /** Compares every cell; on a mismatch names the differing (row, column, channel) cells. */
    static void assertObservation(String expectedHex, float[] actual, String where, MinAtarEnvironment env) {
        int channels = env.observationSpace().flatSize() / 100;
        int[] expected = MinAtarTrace.unpack(expectedHex, actual.length);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != 0f && actual[i] != 1f) {
                throw new AssertionError(where + ": observation value " + actual[i] + " at " + i + " is not 0/1");
            }
            if (expected[i] != (int) actual[i]) {
                int cell = i / channels;
                differences.add("(row " + cell / 10 + ", col " + cell % 10 + ", ch " + i % channels + "): expected "
                        + expected[i]);
            }
        }
        if (!differences.isEmpty()) {
            throw new AssertionError(where + ": observation differs at " + differences);
        }
    }

    /** The traces exercise what random play rarely reaches; otherwise the replay above would prove less. */
    @Test
    void tracesCoverRareEvents() {
        Map<String, List<MinAtarTrace>> byGame = new java.util.LinkedHashMap<>();
        for (String game : MinAtarTrace.GAMES) {
            byGame.put(game, MinAtarTrace.load(game));
        }
        for (String game : List.of("Asterix", "Seaquest", "SpaceInvaders")) {
            assertTrue(maxRamp(byGame.get(game)) >= 1, game + ": no difficulty ramp in the traces");
        }
        assertTrue(maxRamp(byGame.get("Asterix")) >= 3 && maxRamp(byGame.get("Seaquest")) >= 3,
                "Asterix and Seaquest traces should ramp several times");
        assertTrue(bestEpisodeReturn(byGame.get("Breakout")) > 30, "Breakout: no wall cleared and refilled");
        assertTrue(maxStepReward(byGame.get("Seaquest")) > 1, "Seaquest: never surfaced with six divers");
        assertTrue(longestEpisode(byGame.get("Freeway")) == 2501, "Freeway: no full 2500-frame episode");
        assertTrue(bestEpisodeReturn(byGame.get("Freeway")) >= 2, "Freeway: car speeds never re-randomised");
        for (List<MinAtarTrace> traces : byGame.values()) {
            assertTrue(traces.stream().anyMatch(t -> t.records().stream().anyMatch(r -> r.get("seed") == null)),
                    "every game continues episodes with seed-less resets");
        }
    }

    private static long maxRamp(List<MinAtarTrace> traces) {
        return traces.stream().flatMap(t -> t.records().stream())
                .filter(r -> r.get("ramp") instanceof Json.Num)
                .mapToLong(r -> MinAtarTrace.integer(r, "ramp")).max().orElse(-1);
    }

    private static long maxStepReward(List<MinAtarTrace> traces) {
        return traces.stream().flatMap(t -> t.records().stream()).filter(r -> "step".equals(r.get("type")))
                .mapToLong(r -> MinAtarTrace.integer(r, "reward")).max().orElse(0);
    }

    private static long bestEpisodeReturn(List<MinAtarTrace> traces) {
        return episodes(traces).stream().mapToLong(e -> e[1]).max().orElse(0);
    }

    private static long longestEpisode(List<MinAtarTrace> traces) {
        return episodes(traces).stream().filter(e -> e[2] == 1).mapToLong(e -> e[0]).max().orElse(0);
    }

    /** Per episode: {steps, return, terminated (0/1)}. */
    private static List<long[]> episodes(List<MinAtarTrace> traces) {
        List<long[]> episodes = new ArrayList<>();
        for (MinAtarTrace trace : traces) {
            long[] current = null;
            for (Map<String, Object> r : trace.records()) {
                if ("reset".equals(r.get("type"))) {
                    current = new long[3];
                    episodes.add(current);
                } else {
                    current[0]++;
                    current[1] += MinAtarTrace.integer(r, "reward");
                    current[2] = Boolean.TRUE.equals(r.get("terminated")) ? 1 : 0;
                }
            }
        }
        return episodes;
    }
}
