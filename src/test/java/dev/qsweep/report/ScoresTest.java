package dev.qsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ScoresTest {
    private static TrialScore trial(String id, String task, double lr, double gamma, double score) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("learning_rate", lr);
        settings.put("gamma", gamma);
        return new TrialScore(id, task, 1, settings, score);
    }

    @Test
    void defaultGroupingIsWhatVariesWithinATaskNotBetweenTasks() {
        // gamma differs only between the two envs (their presets); learning_rate varies within each
        List<TrialScore> scores = List.of(trial("a", "A", 0.1, 0.9, 1), trial("b", "A", 0.5, 0.9, 2),
                trial("c", "B", 0.1, 0.99, 3), trial("d", "B", 0.5, 0.99, 4));
        assertEquals(List.of("learning_rate"), Scores.groupKeys(scores, List.of()));
        assertEquals(List.of(), Scores.groupKeys(List.of(scores.get(0), scores.get(2)), List.of()));
        assertEquals(List.of("learning_rate", "gamma"), Scores.groupKeys(scores, List.of("gamma", "learning_rate")),
                "catalog order");
        String unknown = assertThrows(SettingsException.class, () -> Scores.groupKeys(scores, List.of("gama"))).getMessage();
        assertTrue(unknown.startsWith("--group-by: unknown grouping key 'gama'. Did you mean 'gamma'?"), unknown);
        String seed = assertThrows(SettingsException.class, () -> Scores.groupKeys(scores, List.of("seed"))).getMessage();
        assertTrue(seed.contains("seeds are the runs"), seed);
    }

    @Test
    void normalisedScoreIsScoreMinusRandomOverReferenceMinusRandom() {
        Scores.Scale scale = new Scores.Scale(-2, 8);
        assertEquals(0.5, scale.normalize(3), 0.0);   // (3 + 2) / 10
        assertEquals(0.0, scale.normalize(-2), 0.0);
        assertEquals(1.2, scale.normalize(10), 1e-15);
        List<TrialScore> scores = List.of(trial("a", "A", 0.1, 0.9, 3), trial("b", "B", 0.1, 0.9, 7));
        Map<String, Scores.Scale> scales = Map.of("A", scale, "B", new Scores.Scale(5, 9));
        List<TrialScore> normalized = Scores.normalize(scores, scales);
        assertEquals(0.5, normalized.get(0).score(), 0.0);
        assertEquals(0.5, normalized.get(1).score(), 0.0);   // (7 - 5) / 4
        NavigableMap<Long, Double> curve = new TreeMap<>(Map.of(100L, -2.0, 200L, 8.0));
        assertEquals(Map.of(100L, 0.0, 200L, 1.0), Scores.normalizeCurves(scores, Map.of("a", curve), scales).get("a"));

        String missing = assertThrows(SettingsException.class,
                () -> Scores.normalize(scores, Map.of("A", scale))).getMessage();
        assertTrue(missing.contains("no random baseline and reference score for B"), missing);
        String inverted = assertThrows(SettingsException.class,
                () -> Scores.normalize(scores, Map.of("A", scale, "B", new Scores.Scale(9, 5)))).getMessage();
        assertTrue(inverted.contains("B's reference score 5.0 is not above its random baseline 9.0"), inverted);
    }

    @Test
    void labelsAndThresholds() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("learning_rate", 0.001);
        key.put("hidden_sizes", List.of(64, 64));
        assertEquals("learning_rate=0.001 hidden_sizes=64x64", SweepReport.label(key));
        assertEquals("all", SweepReport.label(Map.of()));
        double[] taus = SweepReport.thresholds(0, 100);
        assertEquals(SweepReport.PROFILE_POINTS, taus.length);
        assertEquals(-1, taus[0], 0.0);     // 1% of the span below the lowest score: every run is above it
        assertEquals(100, taus[taus.length - 1], 0.0);
        assertEquals(-1 + 101 * 50 / 100.0, taus[50], 1e-12);
    }

    @Test
    void settingsAreCheckedAndNameTheMetric() {
        ReportSettings settings = new ReportSettings(List.of(), ReportSettings.Score.LAST_EPISODES, 50,
                ReportSettings.Normalization.REFERENCE, 2000, 0, 0.95, 10);
        assertEquals("last_50_episodes_normalized", settings.metricName());
        assertEquals(ReportSettings.Score.EVAL_AUC, ReportSettings.Score.parse("eval_auc"));
        assertThrows(SettingsException.class, () -> ReportSettings.Normalization.parse("random"));
        assertThrows(SettingsException.class, () -> new ReportSettings(List.of(), ReportSettings.Score.FINAL_EVAL, 1,
                ReportSettings.Normalization.NONE, 2000, 0, 0.95, 1));
    }
}
