package dev.qsweep.report;

import dev.qsweep.config.SettingsException;
import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import dev.qsweep.report.stats.ScoreSet;
import dev.qsweep.report.stats.StratifiedBootstrap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The statistics of a report, from per-trial scores: rliable's four estimators with stratified bootstrap intervals
 * for every group, and for the best groups (by IQM) pairwise probabilities of improvement, performance profiles and
 * sample-efficiency curves. Pure: the tables are read elsewhere.
 */
public final class SweepReport {
    /** Thresholds of a performance profile. */
    static final int PROFILE_POINTS = 101;

    /** One group: the values of the grouping settings, and its scores by task. */
    public record Group(String label, Map<String, Object> key, ScoreSet scores, int runs) {
    }

    public record Aggregate(String group, Estimator estimator, Interval interval, int runs, int tasks) {
    }

    public record Improvement(String groupX, String groupY, Interval probability) {
    }

    public record ProfilePoint(String group, double tau, Interval fraction) {
    }

    /** The IQM of a group's evaluation return at one env step, over the runs that reached it. */
    public record CurvePoint(String group, long step, Interval iqm, int runs, int tasks) {
    }

    /**
     * Everything a report shows.
     *
     * @param groups   by IQM, best first
     * @param compared the labels of the groups compared pairwise, profiled and drawn as curves
     * @param notes    sentences for the summary, e.g. what was capped
     */
    public record Result(String metric, List<String> groupKeys, List<Group> groups, List<Aggregate> aggregates,
                         List<String> compared, List<Improvement> improvements, List<ProfilePoint> profiles,
                         List<CurvePoint> curves, List<String> notes) {
    }

    private SweepReport() {
    }

    /**
     * @param scores    one per finished trial, already normalised
     * @param curves    trial id → env step → evaluation score (normalised like {@code scores}); may be empty
     * @param groupKeys the settings that make a group
     */
    public static Result compute(List<TrialScore> scores, Map<String, NavigableMap<Long, Double>> curves,
                                 List<String> groupKeys, ReportSettings settings) {
        if (scores.isEmpty()) {
            throw new SettingsException("no finished trial to report on: the trials table has no trial with status "
                    + "DONE. Run the sweep (qsweep run <file>) until some trials finish.");
        }
        Map<String, List<TrialScore>> byGroup = new TreeMap<>(); // sorted labels: seeds derive from the position
        Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
        for (TrialScore s : scores) {
            Map<String, Object> key = new LinkedHashMap<>();
            groupKeys.forEach(k -> key.put(k, s.settings().get(k)));
            String label = label(key);
            byGroup.computeIfAbsent(label, l -> new ArrayList<>()).add(s);
            keys.put(label, key);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((label, trials) -> groups.add(group(label, keys.get(label), trials)));

        List<Aggregate> aggregates = new ArrayList<>();
        Map<String, Double> iqm = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            StratifiedBootstrap bootstrap = bootstrap(settings, 1, g);
            for (Estimator estimator : Estimator.values()) {
                Interval interval = bootstrap.interval(group.scores(), estimator);
                aggregates.add(new Aggregate(group.label(), estimator, interval, group.runs(), group.scores().tasks().size()));
                if (estimator == Estimator.IQM) {
                    iqm.put(group.label(), interval.estimate());
                }
            }
        }
        Comparator<String> byIqm = Comparator.comparing((String label) -> -iqm.get(label)).thenComparing(l -> l);
        groups.sort(Comparator.comparing(Group::label, byIqm));
        aggregates.sort(Comparator.comparing(Aggregate::group, byIqm));

        List<String> notes = new ArrayList<>();
        List<Group> best = groups.subList(0, Math.min(settings.comparedGroups(), groups.size()));
        if (groups.size() > best.size()) {
            notes.add("probability of improvement, performance profiles and curves cover the " + best.size()
                    + " best of " + groups.size() + " groups by IQM (--compare " + settings.comparedGroups() + ").");
        }
        List<Improvement> improvements = improvements(best, settings, notes);
        List<ProfilePoint> profiles = profiles(best, settings);
        List<CurvePoint> curvePoints = curves(best, byGroup, curves, settings);
        return new Result(settings.metricName(), List.copyOf(groupKeys), groups, aggregates,
                best.stream().map(Group::label).toList(), improvements, profiles, curvePoints, notes);
    }

    /** {@code key=value} pairs joined by spaces (no commas, so CSV fields need no quotes); {@code all} when nothing groups. */
    static String label(Map<String, Object> key) {
        if (key.isEmpty()) {
            return "all";
        }
        return key.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String value(Object value) {
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining("x")) : String.valueOf(value);
    }

    private static Group group(String label, Map<String, Object> key, List<TrialScore> trials) {
        Map<String, List<Double>> byTask = new TreeMap<>();
        trials.forEach(t -> byTask.computeIfAbsent(t.task(), k -> new ArrayList<>()).add(t.score()));
        List<double[]> runs = new ArrayList<>();
        byTask.forEach((task, values) -> {
            if (values.size() < 2) {
                throw new SettingsException("group " + label + " has a single run on " + task + ": a bootstrap "
                        + "interval needs at least 2 runs (seeds) per task. Run the sweep with more seeds, e.g. "
                        + "seeds = [1, 2, 3], or group by fewer settings (--group-by).");
            }
            runs.add(values.stream().mapToDouble(Double::doubleValue).toArray());
        });
        return new Group(label, key, new ScoreSet(List.copyOf(byTask.keySet()), runs), trials.size());
    }

    private static List<Improvement> improvements(List<Group> best, ReportSettings settings, List<String> notes) {
        List<Improvement> improvements = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < best.size(); i++) {
            for (int j = i + 1; j < best.size(); j++) {
                Group x = best.get(i);
                Group y = best.get(j);
                if (!x.scores().tasks().equals(y.scores().tasks())) {
                    skipped++;
                    continue;
                }
                StratifiedBootstrap bootstrap = bootstrap(settings, 2, i * best.size() + j);
                improvements.add(new Improvement(x.label(), y.label(), bootstrap.probabilityOfImprovement(x.scores(), y.scores())));
            }
        }
        if (skipped > 0) {
            notes.add(skipped + " pair(s) of groups were not compared: they ran on different envs.");
        }
        return improvements;
    }

    private static List<ProfilePoint> profiles(List<Group> best, ReportSettings settings) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Group g : best) {
            for (double[] runs : g.scores().runsByTask()) {
                for (double v : runs) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double[] taus = thresholds(min, max);
        List<ProfilePoint> points = new ArrayList<>();
        for (int g = 0; g < best.size(); g++) {
            List<Interval> fractions = bootstrap(settings, 3, g).performanceProfile(best.get(g).scores(), taus);
            for (int t = 0; t < taus.length; t++) {
                points.add(new ProfilePoint(best.get(g).label(), taus[t], fractions.get(t)));
            }
        }
        return points;
    }

    /** {@value #PROFILE_POINTS} evenly spaced thresholds from just below the lowest score to the highest. */
    static double[] thresholds(double min, double max) {
        double span = max > min ? max - min : 1;
        double low = min - 0.01 * span;
        double[] taus = new double[PROFILE_POINTS];
        for (int i = 0; i < PROFILE_POINTS; i++) {
            taus[i] = low + (max - low) * i / (PROFILE_POINTS - 1);
        }
        return taus;
    }

    private static List<CurvePoint> curves(List<Group> best, Map<String, List<TrialScore>> byGroup,
                                           Map<String, NavigableMap<Long, Double>> curves, ReportSettings settings) {
        List<CurvePoint> points = new ArrayList<>();
        for (int g = 0; g < best.size(); g++) {
            Group group = best.get(g);
            List<TrialScore> trials = byGroup.get(group.label());
            TreeSet<Long> steps = new TreeSet<>();
            trials.forEach(t -> steps.addAll(curves.getOrDefault(t.trialId(), new TreeMap<>()).keySet()));
            StratifiedBootstrap bootstrap = bootstrap(settings, 4, g);
            for (long step : steps) {
                Map<String, List<Double>> byTask = new TreeMap<>();
                for (TrialScore t : trials) {
                    Double value = curves.getOrDefault(t.trialId(), new TreeMap<>()).get(step);
                    if (value != null) {
                        byTask.computeIfAbsent(t.task(), k -> new ArrayList<>()).add(value);
                    }
                }
                List<double[]> runs = byTask.values().stream()
                        .map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).toList();
                ScoreSet set = new ScoreSet(List.copyOf(byTask.keySet()), runs);
                points.add(new CurvePoint(group.label(), step, bootstrap.interval(set, Estimator.IQM),
                        runs.stream().mapToInt(r -> r.length).sum(), runs.size()));
            }
        }
        return points;
    }

    /**
     * The seed of one bootstrap: the user's seed mixed with what it is for (1 aggregates, 2 improvement, 3 profiles,
     * 4 curves) and which group or pair (groups indexed in label order), so resamples are independent and reproducible.
     */
    public static long bootstrapSeed(long seed, int purpose, int index) {
        return StratifiedBootstrap.derivedSeed(seed, ((long) purpose << 32) + index);
    }

    private static StratifiedBootstrap bootstrap(ReportSettings settings, int purpose, int index) {
        return new StratifiedBootstrap(settings.resamples(), settings.confidence(),
                bootstrapSeed(settings.seed(), purpose, index));
    }
}
