package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example outputs equal what its commands print today (see {@link ReadmeExamples}). With
 * {@code -Dqsweep.readme.regenerate=true} (scripts/readme-examples.sh) it rewrites the README's blocks instead.
 */
class ReadmeExamplesTest {

    @Test
    void theReadmeShowsWhatItsCommandsPrint(@TempDir Path work) throws Exception {
        String readme = Files.readString(ReadmeExamples.README, StandardCharsets.UTF_8);
        Map<String, String> generated = ReadmeExamples.generate(work);
        if (Boolean.getBoolean("qsweep.readme.regenerate")) {
            Files.writeString(ReadmeExamples.README, ReadmeExamples.replaceBlocks(readme, changed(readme, generated)),
                    StandardCharsets.UTF_8);
            return;
        }
        Map<String, String> shown = ReadmeExamples.blocks(readme);
        for (Map.Entry<String, String> example : generated.entrySet()) {
            assertEquals(ReadmeExamples.comparable(example.getValue()),
                    ReadmeExamples.comparable(shown.getOrDefault(example.getKey(), "(not in the README)")),
                    "README example '" + example.getKey() + "' drifted from what the code prints; regenerate it with "
                            + "scripts/readme-examples.sh");
        }
    }

    @Test
    void comparingMasksOnlyTimesAndRates() {
        String summary = "sweep g finished in 0:42: 8 trials\n   1  0.001  269.9 ± 238.4  2\n";
        assertEquals(ReadmeExamples.comparable(summary),
                ReadmeExamples.comparable(summary.replace("0:42", "1:02:07")));
        assertNotEquals(ReadmeExamples.comparable(summary),
                ReadmeExamples.comparable(summary.replace("269.9", "269.8")));
        String json = "{\"episodes\":637,\"wall_seconds\":47.5,\"sps\":1052.2,\"eval_mean_return\":500.0}";
        assertEquals(ReadmeExamples.comparable(json),
                ReadmeExamples.comparable(json.replace("47.5", "103.25").replace("1052.2", "480.9")));
        assertNotEquals(ReadmeExamples.comparable(json), ReadmeExamples.comparable(json.replace("637", "638")));
    }

    @Test
    void blocksAreReplacedBetweenTheirMarkersOnly() {
        String readme = "intro\n<!-- example:a -->\nold a\n<!-- /example -->\nmiddle\n<!-- example:b -->\nold b\n"
                + "<!-- /example -->\nend\n";
        assertEquals(Map.of("a", "old a\n", "b", "old b\n"), ReadmeExamples.blocks(readme));
        assertEquals(readme.replace("old b", "new $b"),
                ReadmeExamples.replaceBlocks(readme, Map.of("b", "new $b\n")));
        assertThrows(IllegalStateException.class, () -> ReadmeExamples.replaceBlocks(readme, Map.of("c", "x\n")));
    }

    /** Only blocks whose comparable part changed, so a regeneration does not churn timings alone. */
    private static Map<String, String> changed(String readme, Map<String, String> generated) {
        Map<String, String> shown = ReadmeExamples.blocks(readme);
        Map<String, String> changed = new LinkedHashMap<>();
        generated.forEach((name, text) -> {
            if (!ReadmeExamples.comparable(text).equals(ReadmeExamples.comparable(shown.getOrDefault(name, "")))) {
                changed.put(name, text);
            }
        });
        return changed;
    }
}
