package dev.qsweep.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The head settings of issue 14 (dueling, noisy, num_atoms, v_min, v_max): defaults, ids and up-front refusals. */
class HeadSettingsTest {
    private static final long STEPS = 100_000;

    @Test
    void defaultsKeepTodaysNetworkAndTrialIds() {
        DqnSettings d = DqnSettings.defaults();
        assertEquals(false, d.dueling());
        assertEquals(false, d.noisy());
        assertEquals(0.5, d.noisySigma0());
        assertEquals(1, d.numAtoms());
        assertEquals(-10.0, d.vMin());
        assertEquals(10.0, d.vMax());
        Map<String, Object> view = SettingsCatalog.identityView(SettingsCatalog.toMap(d));
        for (String name : new String[] {"dueling", "noisy", "noisy_sigma0", "num_atoms", "v_min", "v_max"}) {
            assertTrue(!view.containsKey(name), name + " at its default must not change trial ids");
        }
        Map<String, Object> c51 = SettingsCatalog.identityView(SettingsCatalog.toMap(
                SettingsCatalog.resolve(Map.of("num_atoms", 51, "dueling", true))));
        assertEquals(51, c51.get("num_atoms"));
        assertEquals(true, c51.get("dueling"));
    }

    @Test
    void sensibleCombinationsPass() {
        assertDoesNotThrow(() -> check(Map.of("dueling", true, "num_atoms", 51, "v_min", -5.0, "v_max", 5.0)));
        assertDoesNotThrow(() -> check(Map.of("num_atoms", 11)));
    }

    @Test
    void noisyPassesWithAZeroEpsilonScheduleAndWithEveryHead() {
        assertDoesNotThrow(() -> check(Map.of("noisy", true, "exploration_initial_eps", 0.0, "exploration_final_eps", 0.0)));
        assertDoesNotThrow(() -> check(Map.of("noisy", true, "noisy_sigma0", 0.1, "dueling", true, "num_atoms", 51,
                "network", "minatar_cnn")));
    }

    @Test
    void supportOutOfOrderIsRefused() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> check(Map.of("num_atoms", 51, "v_min", 3.0, "v_max", 3.0)));
        assertTrue(e.getMessage().contains("v_min 3.0 is not below v_max 3.0"), e.getMessage());
        assertThrows(SettingsException.class, () -> check(Map.of("num_atoms", 51, "v_min", 5.0, "v_max", -5.0)));
    }

    @Test
    void tooFewAtomsAreRefused() {
        for (int atoms = 2; atoms <= 10; atoms++) {
            int a = atoms;
            SettingsException e = assertThrows(SettingsException.class, () -> check(Map.of("num_atoms", a)));
            assertTrue(e.getMessage().contains("num_atoms = " + a) && e.getMessage().contains("at least 11"), e.getMessage());
        }
    }

    @Test
    void headSettingsOnTheTableAreRefused() {
        for (Map<String, Object> head : java.util.List.<Map<String, Object>>of(Map.of("dueling", true),
                Map.of("num_atoms", 51))) {
            Map<String, Object> raw = new java.util.HashMap<>(head);
            raw.put("algorithm", "qtable");
            SettingsException e = assertThrows(SettingsException.class, () -> check(raw));
            assertTrue(e.getMessage().contains("algorithm = qtable"), e.getMessage());
        }
    }

    @Test
    void supportWithoutAtomsIsRefused() {
        SettingsException e = assertThrows(SettingsException.class, () -> check(Map.of("v_max", 200.0)));
        assertTrue(e.getMessage().contains("num_atoms = 1"), e.getMessage());
        assertThrows(SettingsException.class, () -> check(Map.of("v_min", 0.0)));
    }

    @Test
    void rangesAreCheckedOnParse() {
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("num_atoms", 0)));
        assertThrows(SettingsException.class, () -> SettingsCatalog.resolve(Map.of("noisy_sigma0", 0.0)));
    }

    private static void check(Map<String, ?> raw) {
        SettingsConflicts.check(SettingsCatalog.resolve(raw), STEPS);
    }
}
