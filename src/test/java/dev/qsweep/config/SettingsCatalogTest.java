package dev.qsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCatalogTest {

    @Test
    void everyDeclaredSettingIsARecordComponentInTheSameOrder() {
        var components = DqnSettings.class.getRecordComponents();
        assertEquals(SettingsCatalog.ALL.size(), components.length);
        for (int i = 0; i < components.length; i++) {
            String snake = components[i].getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            assertEquals(SettingsCatalog.ALL.get(i).name(), snake);
        }
    }

    @Test
    void defaultsAreStableBaselines3s() {
        DqnSettings d = DqnSettings.defaults();
        assertEquals(1e-4, d.learningRate());
        assertEquals(1_000_000, d.bufferSize());
        assertEquals(32, d.batchSize());
        assertEquals(10_000, d.targetUpdateInterval());
        assertEquals("huber", d.loss());
        assertEquals(List.of(64, 64), d.hiddenSizes());
    }

    @Test
    void commandLineStringsAreParsedAndTyped() {
        DqnSettings s = SettingsCatalog.resolve(Map.of("learning_rate", "2.5e-4", "hidden_sizes", "120,84",
                "double_q", "true", "loss", "MSE", "learning_starts", "1e4"));
        assertEquals(2.5e-4, s.learningRate());
        assertEquals(List.of(120, 84), s.hiddenSizes());
        assertTrue(s.doubleQ());
        assertEquals("mse", s.loss());
        assertEquals(10_000, s.learningStarts());
    }

    @Test
    void unknownSettingNamesTheNearestValidName() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsCatalog.resolve(Map.of("learnig_rate", "0.1")));
        assertTrue(e.getMessage().contains("'learnig_rate'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'learning_rate'?"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesTheSettingAndTheAllowedRange() {
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("gamma", "1.5")));
        assertTrue(e.getMessage().contains("'gamma'"), e.getMessage());
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("learning_rate", "0")));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    }

    @Test
    void wrongTypesAreRefused() {
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("batch_size", "abc")));
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("batch_size", "32.5")));
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("double_q", "maybe")));
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("hidden_sizes", "64,0")));
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("hidden_sizes", "")));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("loss", "hubr")));
        assertTrue(e.getMessage().contains("Did you mean 'huber'?"), e.getMessage());
    }

    @Test
    void toMapListsEverySettingWithItsResolvedValue() {
        Map<String, Object> map = SettingsCatalog.toMap(SettingsCatalog.resolve(Map.of("gamma", 0.5)));
        assertEquals(SettingsCatalog.ALL.size(), map.size());
        assertEquals(0.5, map.get("gamma"));
    }

    @Test
    void networkAndReplayCheckpointSettings() {
        DqnSettings defaults = DqnSettings.defaults();
        assertEquals("mlp", defaults.network());
        assertEquals(true, defaults.replayInCheckpoint());
        DqnSettings cnn = SettingsCatalog.resolve(Map.of("network", "nature_cnn", "replay_in_checkpoint", "false"));
        assertEquals("nature_cnn", cnn.network());
        assertEquals(false, cnn.replayInCheckpoint());
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("network", "natur_cnn")));
        assertTrue(e.getMessage().contains("network") && e.getMessage().contains("mlp, nature_cnn, minatar_cnn"), e.getMessage());
    }

    @Test
    void identityViewLeavesOutLaterSettingsOnlyAtTheirDefault() {
        Map<String, Object> defaults = SettingsCatalog.identityView(SettingsCatalog.toMap(DqnSettings.defaults()));
        assertEquals(21, defaults.size()); // the settings from when ids were pinned; later ones only when not default
        assertTrue(!defaults.containsKey("network") && !defaults.containsKey("replay_in_checkpoint"));
        Map<String, Object> cnn = SettingsCatalog.identityView(SettingsCatalog.toMap(
                SettingsCatalog.resolve(Map.of("network", "minatar_cnn", "replay_in_checkpoint", false))));
        assertEquals("minatar_cnn", cnn.get("network"));
        assertEquals(false, cnn.get("replay_in_checkpoint"));
    }

    @Test
    void editDistanceCountsEdits() {
        assertEquals(0, Suggestions.editDistance("tau", "tau"));
        assertEquals(1, Suggestions.editDistance("gama", "gamma"));
        assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
    }
}
