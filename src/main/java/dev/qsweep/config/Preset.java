package dev.qsweep.config;

import java.util.Map;

/**
 * A named, shipped starting point: an environment with options and settings that are known to work for it.
 *
 * @param settings raw setting values, checked against {@link SettingsCatalog} when the preset is loaded
 * @param defaultForEnv whether {@code train --env ID} without {@code --preset} uses this preset
 */
public record Preset(String name, String description, String envId, Map<String, String> envOptions,
                     Map<String, Object> settings, boolean defaultForEnv) {
    public Preset {
        envOptions = Map.copyOf(envOptions);
        settings = Map.copyOf(settings);
    }
}
