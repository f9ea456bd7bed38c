package dev.qsweep.sweep;

import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a sweep into trials in a fixed order: variants (in file order), then grid points (settings in catalog order,
 * the last one varying fastest), then random samples, then seeds innermost. So the seeds of one configuration sit next
 * to each other, and a variant's configurations next to each other. A multi-environment sweep repeats that for each
 * env, in file order, with the same configurations.
 */
public final class TrialExpansion {
    private TrialExpansion() {
    }

    public static SweepPlan expand(SweepSpec spec) {
        List<TrialSpec> trials = new ArrayList<>();
        Map<String, TrialSpec> byId = new HashMap<>();
        List<Map<String, Object>> points = gridPoints(spec.grid());
        List<Map<String, Object>> samples = randomSamples(spec.random());
        List<Variant> variants = spec.hasVariants() ? spec.variants() : List.of(Variant.NONE);
        for (SweepEnv env : spec.envs()) { // the env is the outermost axis; a single-env sweep has one
            for (Variant variant : variants) {
                for (Map<String, Object> point : points) {
                    for (Map<String, Object> sample : samples) {
                        Map<String, Object> raw = variant.settingsOn(env);
                        raw.putAll(point);
                        raw.putAll(sample);
                        Map<String, Object> settings = SettingsCatalog.toMap(SettingsCatalog.resolve(raw));
                        for (long seed : spec.seeds()) {
                            add(spec, trials, byId, new TrialSpec(TrialIds.of(TrialIds.canonicalText(env.envId(),
                                    env.envOptions(), seed, spec.steps(), settings)), trials.size(), spec.name(),
                                    env.envId(), env.envOptions(), seed, spec.steps(), settings, variant.name()));
                        }
                    }
                }
            }
        }
        return new SweepPlan(spec, trials, varied(trials));
    }

    /** Appends {@code trial}, refusing a second trial with the same id: it would run the same numbers twice. */
    private static void add(SweepSpec spec, List<TrialSpec> trials, Map<String, TrialSpec> byId, TrialSpec trial) {
        TrialSpec twin = byId.putIfAbsent(trial.trialId(), trial);
        if (twin != null) {
            throw new SettingsException(spec.source() + ": trials " + twin.index() + " and " + trial.index()
                    + " are identical (same env, settings and seed)" + sameVariants(twin, trial) + "; remove the "
                    + "repeated env, " + (spec.hasVariants() ? "variant, " : "") + "grid value or choice.");
        }
        trials.add(trial);
    }

    /** {@code : variants 'a' and 'b' set the same values}, or nothing when the trials are not of two variants. */
    private static String sameVariants(TrialSpec first, TrialSpec second) {
        if (first.variant() == null || first.variant().equals(second.variant())) {
            return "";
        }
        return ": variants '" + first.variant() + "' and '" + second.variant() + "' come to the same settings (one "
                + "sets what the other's base already has)";
    }

    private static List<Map<String, Object>> gridPoints(Map<String, List<Object>> grid) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(Map.of());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    private static List<Map<String, Object>> randomSamples(RandomSearch random) {
        if (random.isEmpty()) {
            return List.of(Map.of());
        }
        SplitMix64 rng = new SplitMix64(random.seed());
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < random.count(); i++) {
            Map<String, Object> sample = new LinkedHashMap<>();
            random.distributions().forEach((name, distribution) ->
                    sample.put(name, SettingsCatalog.get(name).parse(distribution.sample(rng))));
            samples.add(sample);
        }
        return samples;
    }

    /**
     * Settings whose value differs between trials of the same env. Settings that differ only between envs (each env's
     * own preset) describe the task, not a configuration, so they are not among them.
     */
    private static List<String> varied(List<TrialSpec> trials) {
        Map<String, List<TrialSpec>> byEnv = new LinkedHashMap<>();
        trials.forEach(t -> byEnv.computeIfAbsent(t.envId() + t.envOptions(), k -> new ArrayList<>()).add(t));
        List<String> varied = new ArrayList<>();
        for (var setting : SettingsCatalog.ALL) {
            for (List<TrialSpec> envTrials : byEnv.values()) {
                Set<Object> values = new HashSet<>();
                envTrials.forEach(t -> values.add(t.settings().get(setting.name())));
                if (values.size() > 1) {
                    varied.add(setting.name());
                    break;
                }
            }
        }
        return varied;
    }
}
