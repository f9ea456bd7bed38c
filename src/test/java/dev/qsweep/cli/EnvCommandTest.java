package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.testutil.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs {@code env} through picocli with captured output and checks rollouts against the Gymnasium golden traces. */
class EnvCommandTest {


    /** The first episode of a golden trace: its reset record and the steps up to the end of the episode. */
    private static List<Map<String, Object>> firstEpisode(String file, int traceIndex) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Json.resourceLines("/golden/" + file + ".jsonl")) {
            Map<String, Object> r = Json.object(line);
            if (r.get("trace") instanceof Json.Num n && n.asLong() == traceIndex && !"make".equals(r.get("type"))) {
                if ("reset".equals(r.get("type")) && !records.isEmpty()) {
                    break;
                }
                records.add(r);
            }
        }
        return records;
    }

    private static void assertRolloutMatchesGolden(String file, int traceIndex, String... envOpts) {
        List<Map<String, Object>> golden = firstEpisode(file, traceIndex);
        long seed = ((Json.Num) golden.get(0).get("seed")).asLong();
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> r : golden.subList(1, golden.size())) {
            actions.add(((Json.Num) r.get("action")).text());
        }
        // Extra actions after the end must be ignored: the rollout stops at the terminating/truncating step.
        actions.add("0");
        List<String> args = new ArrayList<>(List.of("rollout", file, "--seed", Long.toString(seed),
                "--actions", String.join(",", actions)));
        for (String opt : envOpts) {
            args.add("--env-opt");
            args.add(opt);
        }
        Cli.Outcome run = Cli.env(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(golden.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> actual = Json.object(lines.get(i));
            Map<String, Object> expected = golden.get(i);
            String where = file + " line " + i;
            assertEquals(expected.get("type"), actual.get("type"), where);
            assertObservationEquals(expected.get("obs"), actual.get("obs"), where);
            if ("reset".equals(expected.get("type"))) {
                assertEquals(seed, ((Json.Num) actual.get("seed")).asLong());
                continue;
            }
            assertEquals(i - 1, ((Json.Num) actual.get("t")).asLong(), where);
            assertEquals(((Json.Num) expected.get("action")).asLong(), ((Json.Num) actual.get("action")).asLong());
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble((String) expected.get("reward"))),
                    Double.doubleToRawLongBits(((Json.Num) actual.get("reward")).asDouble()), where);
            assertEquals(expected.get("terminated"), actual.get("terminated"), where);
            assertEquals(expected.get("truncated"), actual.get("truncated"), where);
        }
    }

    private static void assertObservationEquals(Object expected, Object actual, String where) {
        if (expected instanceof Json.Num e) {
            assertTrue(actual instanceof Json.Num, where + ": a Discrete observation prints as one integer");
            assertEquals(e.text(), ((Json.Num) actual).text(), where);
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> hexes = (List<String>) expected;
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) actual;
        assertEquals(hexes.size(), values.size(), where);
        for (int i = 0; i < hexes.size(); i++) {
            float e = (float) Double.parseDouble(hexes.get(i));
            float a = Float.parseFloat(((Json.Num) values.get(i)).text());
            assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(a), where + " element " + i);
        }
    }

    @Test
    void cartPoleRolloutMatchesGymnasium() {
        assertRolloutMatchesGolden("CartPole-v1", 0);
        assertRolloutMatchesGolden("CartPole-v1", 2);
    }

    @Test
    void acrobotRolloutUntilTruncationMatchesGymnasium() {
        assertRolloutMatchesGolden("Acrobot-v1", 1);
    }

    @Test
    void discreteRolloutsWithOptionsMatchGymnasium() {
        assertRolloutMatchesGolden("FrozenLake-v1", 3, "is_slippery=false");
        assertRolloutMatchesGolden("Taxi-v4", 3, "is_rainy=true");
        assertRolloutMatchesGolden("MountainCar-v0", 0);
    }

    @Test
    void printsTheFirstLinesExactlyAsSpecified() {
        Cli.Outcome run = Cli.env("rollout", "FrozenLake-v1", "--seed", "0", "--actions", "2", "--env-opt", "is_slippery=false");
        assertEquals("{\"type\":\"reset\",\"seed\":0,\"obs\":0}\n"
                + "{\"type\":\"step\",\"t\":0,\"action\":2,\"obs\":1,\"reward\":0.0,\"terminated\":false,"
                + "\"truncated\":false}\n", run.stdout().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void badInputExitsWithTwoAndExplainsOnStderrOnly() {
        String[][] cases = {
            {"rollout", "CartPol-v1", "--seed", "0", "--actions", "0"},
            {"rollout", "CartPole-v1", "--seed", "0", "--actions", "0,2"},
            {"rollout", "CartPole-v1", "--seed", "0", "--actions", "0,,1"},
            {"rollout", "CartPole-v1", "--seed", "0", "--actions", "0,x"},
            {"rollout", "CartPole-v1", "--seed", "-1", "--actions", "0"},
            {"rollout", "CartPole-v1", "--seed", "0", "--actions", "0", "--env-opt", "gravity=3"},
            {"rollout", "Taxi-v4", "--seed", "0", "--actions", "0", "--env-opt", "is_rainy=maybe"},
            {"rollout", "CartPole-v1", "--seed", "0", "--actions", "0", "--env-opt", "novalue"},
            {"rollout", "CartPole-v1", "--actions", "0"},
        };
        for (String[] args : cases) {
            Cli.Outcome run = Cli.env(args);
            assertEquals(2, run.exitCode(), String.join(" ", args));
            assertEquals("", run.stdout(), String.join(" ", args));
            assertTrue(!run.stderr().isBlank(), String.join(" ", args));
        }
        Cli.Outcome unknown = Cli.env("rollout", "CartPol-v1", "--seed", "0", "--actions", "0");
        assertTrue(unknown.stderr().contains("did you mean 'CartPole-v1'"), unknown.stderr());
        Cli.Outcome outOfRange = Cli.env("rollout", "CartPole-v1", "--seed", "0", "--actions", "0,2");
        assertTrue(outOfRange.stderr().contains("element 1 (2) is outside the action space Discrete(2)"),
                outOfRange.stderr());
    }

    @Test
    void listShowsEveryIdWithSpacesAndOptions() {
        Cli.Outcome run = Cli.env("list");
        assertEquals(0, run.exitCode());
        for (String expected : List.of("CartPole-v1", "MountainCar-v0", "Acrobot-v1", "FrozenLake-v1",
                "FrozenLake8x8-v1", "Taxi-v4", "Taxi-v3", "Box([6], float32)", "Discrete(500)",
                "map_name=4x4 (4x4|8x8)", "is_rainy=false (true|false)")) {
            assertTrue(run.stdout().contains(expected), expected + " missing in\n" + run.stdout());
        }
    }
}
