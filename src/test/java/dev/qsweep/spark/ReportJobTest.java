package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import dev.qsweep.report.ReportSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spark-submit's {@code --name=value} options mean what the CLI's do, with the same defaults. */
class ReportJobTest {
    @Test
    void optionsAndDefaults() {
        assertEquals(new ReportSettings(List.of(), ReportSettings.Score.FINAL_EVAL, 100,
                ReportSettings.Normalization.NONE, 2000, 0, 0.95, 10), ReportJob.settings(List.of()));
        assertEquals(new ReportSettings(List.of("learning_rate", "gamma"), ReportSettings.Score.LAST_EPISODES, 20,
                        ReportSettings.Normalization.REFERENCE, 5000, 9, 0.9, 4),
                ReportJob.settings(List.of("--group-by=learning_rate,gamma", "--score=last_episodes", "--last-episodes=20",
                        "--normalize=reference", "--resamples=5000", "--seed=9", "--confidence=0.9", "--compare=4")));
        String unknown = assertThrows(SettingsException.class, () -> ReportJob.settings(List.of("--scor=best_eval")))
                .getMessage();
        assertTrue(unknown.startsWith("unknown option '--scor=best_eval'"), unknown);
        assertTrue(assertThrows(SettingsException.class, () -> ReportJob.settings(List.of("--seed", "3"))).getMessage()
                .contains("options are written --name=value"));
        assertTrue(assertThrows(SettingsException.class, () -> ReportJob.settings(List.of("--resamples=many")))
                .getMessage().contains("'many' is not a number"));
    }

    @Test
    void envOptionsTextReadsBack() {
        assertEquals(Map.of(), Baselines.parseOptions("{}"));
        assertEquals(Map.of("is_slippery", "true", "map_name", "4x4"), Baselines.parseOptions("{is_slippery=true, map_name=4x4}"));
    }
}
