package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code env rollout} on MinAtar prints observations as flat 0/1 integers in {@code [row][column][channel]}
 * order: checked against the first episode of the golden Breakout trace recorded without sticky actions.
 */
class MinAtarRolloutCommandTest {


    private static List<Map<String, Object>> firstEpisodeOfStickyFreeTrace() throws IOException {
        List<Map<String, Object>> episode = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(
                MinAtarRolloutCommandTest.class.getResourceAsStream("/golden/minatar/Breakout.jsonl.gz"))) {
            boolean inTrace = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Map<String, Object> r = Json.object(line);
                if ("make".equals(r.get("type"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> options = (Map<String, Object>) r.get("options");
                    inTrace = "MinAtar/Breakout-v1".equals(r.get("env")) && options.get("sticky_action_prob") != null;
                } else if (inTrace) {
                    if ("reset".equals(r.get("type")) && !episode.isEmpty()) {
                        return episode;
                    }
                    episode.add(r);
                }
            }
        }
        throw new IllegalStateException("no sticky-free MinAtar/Breakout-v1 trace in the golden file");
    }

    @Test
    void printsFlatZeroOneObservationsMatchingMinAtar() throws IOException {
        List<Map<String, Object>> golden = firstEpisodeOfStickyFreeTrace();
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> r : golden.subList(1, golden.size())) {
            actions.add(((Json.Num) r.get("action")).text());
        }
        String seed = ((Json.Num) golden.get(0).get("seed")).text();
        Cli.Outcome result = Cli.env("rollout", "MinAtar/Breakout-v1", "--seed", seed, "--actions",
                String.join(",", actions), "--env-opt", "sticky_action_prob=0", "--env-opt",
                "difficulty_ramping=false");
        assertEquals(0, result.exitCode(), result.stderr());
        String[] lines = result.stdout().split("\n");
        assertEquals(golden.size(), lines.length, "one reset line and one line per step up to the end");
        for (int i = 0; i < lines.length; i++) {
            Map<String, Object> printed = Json.object(lines[i]);
            @SuppressWarnings("unchecked")
            List<Object> obs = (List<Object>) printed.get("obs");
            byte[] packed = HexFormat.of().parseHex((String) golden.get(i).get("obs"));
            assertEquals(400, obs.size());
            for (int k = 0; k < obs.size(); k++) {
                String text = ((Json.Num) obs.get(k)).text();
                int expected = (packed[k / 8] >> (7 - k % 8)) & 1;
                assertEquals(Integer.toString(expected), text, "line " + i + " element " + k);
            }
        }
        assertTrue(lines[lines.length - 1].contains("\"terminated\":true"), lines[lines.length - 1]);
    }

    @Test
    void seedOutsideNumpysRangeIsAUsageError() {
        Cli.Outcome result = Cli.env("rollout", "MinAtar/Breakout-v1", "--seed", "4294967296", "--actions", "0");
        assertEquals(2, result.exitCode());
        assertEquals("", result.stdout(), "nothing on stdout");
        assertTrue(result.stderr().startsWith("env rollout: MinAtar/Breakout-v1: reset seed 4294967296 is outside "
                + "[0, 2^32 - 1]"), result.stderr());
        assertTrue(result.stderr().contains("use a seed in that range, e.g. 0"), result.stderr());
    }

    @Test
    void listShowsMinAtarWithoutATimeLimit() {
        Cli.Outcome result = Cli.env("list");
        assertEquals(0, result.exitCode());
        String line = result.stdout().lines().filter(l -> l.startsWith("MinAtar/Seaquest-v1")).findFirst().orElseThrow();
        assertTrue(line.contains("Box([10, 10, 10], uint8)") && line.contains("Discrete(6)")
                && line.contains(" none "), line);
        assertTrue(result.stdout().contains("sticky_action_prob=0.1 (number in [0, 1])"), result.stdout());
    }
}
