package dev.qsweep.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One environment of a sweep: its id, canonical options, preset and the base settings it resolves to (the preset's
 * settings under the sweep's {@code settings} block). A sweep file with {@code env = …} has one; with
 * {@code envs = [ … ]} it has one per entry, and the env is then an axis of the sweep.
 */
public record SweepEnv(String envId, Map<String, String> envOptions, String preset, Map<String, Object> baseSettings) {
    public SweepEnv {
        envOptions = Collections.unmodifiableMap(new TreeMap<>(envOptions));
        baseSettings = Collections.unmodifiableMap(new LinkedHashMap<>(baseSettings));
    }
}
