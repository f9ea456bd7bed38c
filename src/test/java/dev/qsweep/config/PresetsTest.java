package dev.qsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void everyShippedPresetLoadsAndResolves() {
        List<String> names = Presets.names();
        assertTrue(names.size() >= 8, names.toString());
        for (String name : names) {
            Preset preset = Presets.load(name);
            assertFalse(preset.envId().isBlank(), name);
            SettingsCatalog.resolve(preset.settings());
        }
    }

    @Test
    void cleanRlPresetHasCleanRlsPublishedDefaults() {
        DqnSettings s = SettingsCatalog.resolve(Presets.load("cartpole-cleanrl").settings());
        assertEquals(2.5e-4, s.learningRate());
        assertEquals(10_000, s.bufferSize());
        assertEquals(0.99, s.gamma());
        assertEquals(500, s.targetUpdateInterval());
        assertEquals(128, s.batchSize());
        assertEquals(1.0, s.explorationInitialEps());
        assertEquals(0.05, s.explorationFinalEps());
        assertEquals(0.5, s.explorationFraction());
        assertEquals(10_000, s.learningStarts());
        assertEquals(10, s.trainFrequency());
        assertEquals("mse", s.loss());
        assertEquals(List.of(120, 84), s.hiddenSizes());
        assertEquals(0.0, s.maxGradNorm());
    }

    @Test
    void eachEnvHasAtMostOneDefaultPreset() {
        var defaults = Presets.names().stream().map(Presets::load).filter(Preset::defaultForEnv).map(Preset::envId).toList();
        assertEquals(defaults.stream().distinct().count(), defaults.size(), defaults.toString());
        assertEquals("cartpole", Presets.defaultFor("CartPole-v1").orElseThrow().name());
    }

    @Test
    void unknownPresetSuggestsTheNearestName() {
        SettingsException e = assertThrows(SettingsException.class, () -> Presets.load("cartpol"));
        assertTrue(e.getMessage().contains("Did you mean 'cartpole'?"), e.getMessage());
    }

    @Test
    void badSettingInAPresetFileNamesTheFileAndLine() {
        var config = ConfigFactory.parseString("env = \"CartPole-v1\"\nsettings {\n  gamma = 3\n}\n",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("my.conf"));
        SettingsException e = assertThrows(SettingsException.class, () -> Presets.fromConfig("my", config));
        assertTrue(e.getMessage().contains("my.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("'gamma'"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        var config = ConfigFactory.parseString("env = \"CartPole-v1\"\nsetings { gamma = 0.9 }\n");
        SettingsException e = assertThrows(SettingsException.class, () -> Presets.fromConfig("x", config));
        assertTrue(e.getMessage().contains("Did you mean 'settings'?"), e.getMessage());
    }
}
