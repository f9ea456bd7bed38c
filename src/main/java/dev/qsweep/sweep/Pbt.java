package dev.qsweep.sweep;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.sweep.SchedulerSettings.Mode;
import dev.qsweep.sweep.SuccessiveHalving.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Population-based training (Jaderberg et al. 2017), decided on the driver from recorded scores only.
 *
 * <p>Populations: the trials of one seed form one population (every configuration of the grid or random search, with
 * that seed), so a sweep with several seeds runs independent PBT replicates and a member only ever copies a member
 * of its own seed. After each generation but the last, each population is ranked (best first, unscored last, ties
 * to the lower trial index, as successive halving); its bottom {@link #exploitCount} members each copy a donor drawn
 * from its top as many, take the donor's settings and perturb them ({@link #perturb}). Every draw comes from a
 * SplitMix64 seeded by (pbt seed, generation, member index), so the decisions do not depend on the order they are
 * made in, and the same sweep file decides the same on every run.
 */
public final class Pbt {
    private Pbt() {
    }

    /** The step each generation trains to: the interval, twice it, … while below steps, then steps. */
    public static List<Long> generationBudgets(long perturbationInterval, long steps) {
        if (perturbationInterval < 1 || perturbationInterval > steps) {
            throw new IllegalArgumentException("need 1 <= interval <= steps, got " + perturbationInterval + ", " + steps);
        }
        List<Long> budgets = new ArrayList<>();
        for (long budget = perturbationInterval; budget < steps; budget += perturbationInterval) {
            budgets.add(budget);
        }
        budgets.add(steps);
        return budgets;
    }

    /** The sweep's trials grouped by seed, in order of each seed's first trial; each group in expansion order. */
    public static List<List<TrialSpec>> populations(List<TrialSpec> trials) {
        Map<Long, List<TrialSpec>> bySeed = new LinkedHashMap<>();
        for (TrialSpec trial : trials) {
            bySeed.computeIfAbsent(trial.seed(), k -> new ArrayList<>()).add(trial);
        }
        return List.copyOf(bySeed.values());
    }

    /** How many of a population of {@code n} exploit: ⌈n·quantile⌉, but at most ⌊n/2⌋ so donors and copiers differ. */
    public static int exploitCount(int n, double quantile) {
        return Math.min((int) Math.ceil(n * quantile - 1e-9), n / 2);
    }

    /**
     * One generation's decisions over the members still alive.
     *
     * @param members    the alive members of every population, each population in expansion order
     * @param scores     trial id → score at the budget (NaN or missing: none)
     * @param failed     members that failed or diverged in this generation: {@code failed}, out of the population
     * @param settings   trial id → the member's current mutable settings
     * @param configuration trial id → its configuration index, for the table
     * @param last       the final generation: members finish, none exploit
     * @return decisions in trial-index order; an exploiting member's {@code settings} are its new ones
     */
    public static List<Decision> decide(int generation, long budget, List<List<TrialSpec>> members,
                                        Map<String, Double> scores, Set<String> failed,
                                        Map<String, Map<String, Object>> settings, Map<String, Integer> configuration,
                                        Mode mode, PbtSettings pbt, boolean last) {
        List<Decision> decisions = new ArrayList<>();
        for (List<TrialSpec> population : members) {
            Map<Integer, TrialSpec> byIndex = new LinkedHashMap<>();
            List<Candidate> candidates = new ArrayList<>();
            for (TrialSpec member : population) {
                if (failed.contains(member.trialId())) {
                    decisions.add(decision(generation, budget, member, scores, settings, configuration, 0,
                            Decision.Outcome.FAILED, null, null));
                } else {
                    byIndex.put(member.index(), member);
                    candidates.add(new Candidate(member.index(), scores.getOrDefault(member.trialId(), Double.NaN)));
                }
            }
            List<Candidate> ranked = SuccessiveHalving.rank(candidates, mode);
            int exploiting = last ? 0 : exploitCount(ranked.size(), pbt.quantile());
            for (int position = 0; position < ranked.size(); position++) {
                TrialSpec member = byIndex.get(ranked.get(position).configuration());
                if (position < ranked.size() - exploiting) {
                    decisions.add(decision(generation, budget, member, scores, settings, configuration, position + 1,
                            last ? Decision.Outcome.FINISHED : Decision.Outcome.CONTINUED, null,
                            settings.get(member.trialId())));
                    continue;
                }
                SplitMix64 rng = rngFor(pbt.seed(), generation, member.index());
                TrialSpec donor = byIndex.get(ranked.get((int) rng.nextLong(exploiting)).configuration());
                Map<String, Object> perturbed = perturb(settings.get(donor.trialId()), pbt, rng);
                decisions.add(decision(generation, budget, member, scores, settings, configuration, position + 1,
                        Decision.Outcome.EXPLOITED, donor.trialId(), perturbed));
            }
        }
        decisions.sort(Comparator.comparingInt(Decision::trialIndex));
        return decisions;
    }

    private static Decision decision(int generation, long budget, TrialSpec member, Map<String, Double> scores,
                                     Map<String, Map<String, Object>> settings, Map<String, Integer> configuration,
                                     int rank, Decision.Outcome outcome, String donor, Map<String, Object> next) {
        double score = scores.getOrDefault(member.trialId(), Double.NaN);
        Map<String, Object> shown = next != null ? next : settings.get(member.trialId());
        return new Decision(0, generation, budget, member.trialId(), member.index(),
                configuration.get(member.trialId()), score, score, rank, outcome, donor, toJson(shown));
    }

    /** The generator of one member's draws in one generation: independent of every other member's. */
    static SplitMix64 rngFor(long seed, int generation, int memberIndex) {
        long mixed = new SplitMix64(seed).nextLong() ^ generation;
        mixed = new SplitMix64(mixed).nextLong() ^ memberIndex;
        return new SplitMix64(mixed);
    }

    /**
     * The donor's settings, each mutated setting perturbed in mutation order with {@code rng}. A result outside the
     * setting's range is held at the range's closed end; at an open end the donor's value is kept. Whole-number
     * settings are rounded.
     */
    public static Map<String, Object> perturb(Map<String, Object> donor, PbtSettings pbt, SplitMix64 rng) {
        Map<String, Object> next = new LinkedHashMap<>(donor);
        pbt.mutations().forEach((name, mutation) -> {
            Object current = donor.get(name);
            double raw;
            if (mutation instanceof PbtSettings.Factors f) {
                raw = ((Number) current).doubleValue() * f.factors().get((int) rng.nextLong(f.factors().size()));
            } else if (mutation instanceof PbtSettings.Values v) {
                int at = v.values().indexOf(current);
                if (at < 0 || rng.nextDouble() < pbt.resampleProbability()) {
                    raw = ((Number) v.values().get((int) rng.nextLong(v.values().size()))).doubleValue();
                } else {
                    int moved = Math.max(0, Math.min(v.values().size() - 1, at + (rng.nextLong(2) == 0 ? -1 : 1)));
                    raw = ((Number) v.values().get(moved)).doubleValue();
                }
            } else {
                Distribution distribution = ((PbtSettings.Resample) mutation).distribution();
                raw = rng.nextDouble() < pbt.resampleProbability()
                        ? ((Number) distribution.sample(rng)).doubleValue()
                        : ((Number) current).doubleValue()
                                * PbtSettings.DEFAULT_FACTORS.get((int) rng.nextLong(PbtSettings.DEFAULT_FACTORS.size()));
            }
            next.put(name, inRange(SettingsCatalog.get(name), raw, current));
        });
        return next;
    }

    /** {@code value} as the setting's type, held inside its range; {@code fallback} where an open end was crossed. */
    static Object inRange(Setting setting, double value, Object fallback) {
        Setting.Range range = setting.range();
        double held = Math.max(range.min(), Math.min(range.max(), value));
        if (setting.type() == Setting.Type.INT) {
            held = Math.max(range.min(), Math.min(range.max(), Math.rint(held)));
        }
        boolean open = (held == range.min() && !range.minInclusive()) || (held == range.max() && !range.maxInclusive());
        if (open) {
            return fallback;
        }
        return setting.type() == Setting.Type.INT ? (Object) (int) held : (Object) held;
    }

    /** The mutable settings of a member for the next generation, as the decisions table shows them. */
    public static String toJson(Map<String, Object> settings) {
        if (settings == null) {
            return null;
        }
        List<String> pairs = new ArrayList<>();
        settings.forEach((name, value) -> pairs.add("\"" + name + "\": " + value));
        return "{" + String.join(", ", pairs) + "}";
    }

    /** The inverse of {@link #toJson}, each value typed as its setting. */
    public static Map<String, Object> fromJson(String json) {
        Map<String, Object> settings = new LinkedHashMap<>();
        String body = json.strip();
        body = body.substring(1, body.length() - 1).strip();
        if (body.isEmpty()) {
            return settings;
        }
        for (String pair : body.split(",")) {
            String[] nameValue = pair.split(":", 2);
            String name = nameValue[0].strip().replace("\"", "");
            settings.put(name, SettingsCatalog.get(name).parse(nameValue[1].strip()));
        }
        return settings;
    }

    /** The mutated settings' values in {@code trialSettings}, in mutation order: a member's starting settings. */
    public static Map<String, Object> mutable(Map<String, Object> trialSettings, PbtSettings pbt) {
        Map<String, Object> values = new LinkedHashMap<>();
        pbt.mutations().keySet().forEach(name -> values.put(name, trialSettings.get(name)));
        return values;
    }

    /** {@code trial} under other values of some settings: the same id, index and seed, as PBT members keep. */
    public static TrialSpec withSettings(TrialSpec trial, Map<String, Object> changed) {
        Map<String, Object> settings = new LinkedHashMap<>(trial.settings());
        settings.putAll(changed);
        return new TrialSpec(trial.trialId(), trial.index(), trial.sweep(), trial.envId(), trial.envOptions(),
                trial.seed(), trial.steps(), settings, trial.variant());
    }

    /**
     * The seed of a member's exploration and replay-sampling generators after it exploited at {@code generation}:
     * members of one population share a seed and so would share these streams with their donor step for step; a
     * fresh stream per (member, generation) keeps a copier from replaying its donor's future.
     */
    public static long streamSeed(long pbtSeed, int generation, int memberIndex) {
        return rngFor(pbtSeed ^ 0x5EED_57EA_3L, generation, memberIndex).nextLong();
    }

    /** Env steps a PBT sweep trains when no member fails: every member trains to steps, like the full grid. */
    public static long plannedSteps(int members, long steps) {
        return (long) members * steps;
    }
}
