package dev.qsweep.report;

import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import dev.qsweep.config.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/** Choosing the grouping settings and normalising scores, before the statistics. */
public final class Scores {

    /**
     * One task's reference returns.
     *
     * @param random    a uniformly random policy's mean return, measured by {@code qsweep baseline}
     * @param reference a published score (conf/reference-scores.conf)
     */
    public record Scale(double random, double reference) {
        public double normalize(double score) {
            return (score - random) / (reference - random);
        }
    }

    private Scores() {
    }

    /**
     * The settings that make a group: {@code requested} when given (checked), else every setting whose value differs
     * between trials of the same task, in catalog order. Settings that differ only between tasks (each env's own
     * preset) describe the task, not a configuration.
     */
    public static List<String> groupKeys(List<TrialScore> scores, List<String> requested) {
        Set<String> columns = scores.isEmpty() ? Set.of() : scores.get(0).settings().keySet();
        if (!requested.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String key : requested) {
                if (key.equals("env") || key.equals("seed")) {
                    throw new SettingsException("--group-by: '" + key + "' cannot group: " + (key.equals("env")
                            ? "envs are the tasks a group is aggregated over" : "seeds are the runs a group is aggregated over")
                            + ". Give settings, e.g. --group-by learning_rate.");
                }
                if (!columns.contains(key)) {
                    throw new SettingsException("--group-by: unknown grouping key '" + key + "'."
                            + Suggestions.didYouMean(key, columns) + " Give settings of the trials table (see: qsweep "
                            + "plan <file>), comma-separated, e.g. --group-by learning_rate,batch_size.");
                }
                if (!seen.add(key)) {
                    throw new SettingsException("--group-by: '" + key + "' is given twice.");
                }
            }
            return SettingsCatalog.ALL.stream().map(s -> s.name()).filter(seen::contains).toList();
        }
        Map<String, List<TrialScore>> byTask = new LinkedHashMap<>();
        scores.forEach(s -> byTask.computeIfAbsent(s.task(), t -> new ArrayList<>()).add(s));
        List<String> varied = new ArrayList<>();
        for (String setting : columns) {
            for (List<TrialScore> trials : byTask.values()) {
                if (trials.stream().map(t -> String.valueOf(t.settings().get(setting))).distinct().count() > 1) {
                    varied.add(setting);
                    break;
                }
            }
        }
        return varied;
    }

    /**
     * Each trial's score as (score − random) / (reference − random) of its task.
     *
     * @throws SettingsException naming the tasks that lack a scale, and how to get one
     */
    public static List<TrialScore> normalize(List<TrialScore> scores, Map<String, Scale> scales) {
        checkScales(scores, scales);
        return scores.stream().map(s -> new TrialScore(s.trialId(), s.task(), s.seed(), s.settings(),
                scales.get(s.task()).normalize(s.score()))).toList();
    }

    /** The evaluation curves normalised like {@link #normalize}. */
    public static Map<String, NavigableMap<Long, Double>> normalizeCurves(List<TrialScore> scores,
            Map<String, NavigableMap<Long, Double>> curves, Map<String, Scale> scales) {
        checkScales(scores, scales);
        Map<String, NavigableMap<Long, Double>> normalized = new LinkedHashMap<>();
        for (TrialScore s : scores) {
            NavigableMap<Long, Double> curve = curves.get(s.trialId());
            if (curve != null) {
                Scale scale = scales.get(s.task());
                NavigableMap<Long, Double> scaled = new TreeMap<>();
                curve.forEach((step, value) -> scaled.put(step, scale.normalize(value)));
                normalized.put(s.trialId(), scaled);
            }
        }
        return normalized;
    }

    private static void checkScales(List<TrialScore> scores, Map<String, Scale> scales) {
        Set<String> lacking = new java.util.TreeSet<>();
        scores.forEach(s -> {
            if (!scales.containsKey(s.task())) {
                lacking.add(s.task());
            }
        });
        if (!lacking.isEmpty()) {
            throw new SettingsException("--normalize reference: no random baseline and reference score for "
                    + String.join(", ", lacking) + ". Measure the random policy with `qsweep baseline <output>/<sweep>` "
                    + "and add the env's reference score to conf/reference-scores.conf, or use --normalize none.");
        }
        scales.forEach((task, scale) -> {
            if (!(scale.reference() > scale.random())) {
                throw new SettingsException("--normalize reference: " + task + "'s reference score " + scale.reference()
                        + " is not above its random baseline " + scale.random() + ", so (score - random) / "
                        + "(reference - random) is meaningless. Check conf/reference-scores.conf.");
            }
        });
    }
}
