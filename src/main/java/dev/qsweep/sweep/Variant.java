package dev.qsweep.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a sweep file's {@code variants} list: a named configuration, crossed with the grid and random search.
 * A variant without a preset starts from each env's base settings (its preset and the {@code settings} block); one
 * with a preset starts from that preset's settings and the {@code settings} block instead, for every env.
 *
 * @param name     the label the trials table's {@code variant} column, {@code qsweep plan} and MLflow show
 * @param preset   the preset the variant starts from, or null for the sweep's (each env's)
 * @param base     typed settings of that preset with the {@code settings} block over them, in catalog order; empty
 *                 when {@code preset} is null
 * @param settings the variant's own typed settings, in catalog order, over its base
 */
public record Variant(String name, String preset, Map<String, Object> base, Map<String, Object> settings) {
    /** What a sweep without a variants list expands as: no name, nothing over each env's base. */
    static final Variant NONE = new Variant(null, null, Map.of(), Map.of());

    public Variant {
        base = Collections.unmodifiableMap(new LinkedHashMap<>(base));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The settings a trial of this variant on {@code env} starts from, before grid points and random draws. */
    Map<String, Object> settingsOn(SweepEnv env) {
        Map<String, Object> raw = new LinkedHashMap<>(preset == null ? env.baseSettings() : base);
        raw.putAll(settings);
        return raw;
    }
}
