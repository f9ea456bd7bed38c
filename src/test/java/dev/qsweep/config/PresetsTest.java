package dev.qsweep.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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

    @Test
    void everyShippedPresetPassesTheChecksARunMakes() {
        for (String name : Presets.names()) {
            DqnSettings s = SettingsCatalog.resolve(Presets.load(name).settings());
            // 10M steps, the atari preset's budget: only settings that conflict with each other can fail here
            assertDoesNotThrow(() -> SettingsConflicts.check(s, 10_000_000), name);
        }
    }

    @Test
    void aPresetWithARefusedComponentFailsTheChecks() {
        // What the test above would catch: a head component on the tabular algorithm, which has no network
        var config = ConfigFactory.parseString("env = \"FrozenLake-v1\"\nsettings { algorithm = qtable, noisy = true }\n");
        DqnSettings s = SettingsCatalog.resolve(Presets.fromConfig("x", config).settings());
        assertThrows(SettingsException.class, () -> SettingsConflicts.check(s, 50_000));
    }

    @Test
    void rainbowPresetsSwitchOnEveryComponent() {
        for (String name : List.of("rainbow", "minatar-rainbow", "atari-rainbow")) {
            Preset preset = Presets.load(name);
            DqnSettings s = SettingsCatalog.resolve(preset.settings());
            assertTrue(s.doubleQ(), name);
            assertTrue(s.dueling(), name);
            assertEquals(3, s.nStep(), name);
            assertTrue(s.prioritizedReplay(), name);
            assertEquals(51, s.numAtoms(), name);
            assertEquals("adam", s.optimizer(), name);
            assertTrue(s.noisy(), name);
            assertEquals(0.5, s.noisySigma0(), name);
            assertTrue(s.explorationFinalEps() <= 0.01, "a small epsilon floor, as Dopamine's full Rainbow: " + name);
            assertFalse(preset.description().contains("left out"), name);
            assertFalse(preset.defaultForEnv(), name);
        }
    }

    @Test
    void rainbowCartPoleSupportCoversEveryDiscountedReturn() {
        DqnSettings s = SettingsCatalog.resolve(Presets.load("rainbow").settings());
        assertEquals("CartPole-v1", Presets.load("rainbow").envId());
        // CartPole-v1 pays 1 per step for at most 500 steps, so returns lie in [0, (1 - gamma^500) / (1 - gamma)]
        double highestReturn = (1 - Math.pow(s.gamma(), 500)) / (1 - s.gamma());
        assertEquals(99.34, highestReturn, 0.01);
        assertTrue(s.vMin() <= 0, "v_min " + s.vMin());
        assertTrue(s.vMax() >= highestReturn, "v_max " + s.vMax());
    }

    @Test
    void minatarRainbowHasRevisitingRainbowsSettings() {
        DqnSettings s = SettingsCatalog.resolve(Presets.load("minatar-rainbow").settings());
        assertEquals("minatar_cnn", s.network());
        assertEquals(1e-4, s.learningRate());
        assertEquals(3.125e-4, s.adamEps());
        assertEquals(100_000, s.bufferSize());
        assertEquals(32, s.batchSize());
        assertEquals(1_000, s.targetUpdateInterval());
        assertEquals(4, s.trainFrequency());
        assertEquals(-100.0, s.vMin());
        assertEquals(100.0, s.vMax());
    }

    @Test
    void theRainbowPresetsLeaveEachEnvsDefaultAsItWas() {
        assertEquals("cartpole", Presets.defaultFor("CartPole-v1").orElseThrow().name());
        assertEquals("minatar", Presets.defaultFor("MinAtar/Breakout-v1").orElseThrow().name());
        assertEquals("atari", Presets.defaultFor("PongNoFrameskip-v4").orElseThrow().name());
    }
}
