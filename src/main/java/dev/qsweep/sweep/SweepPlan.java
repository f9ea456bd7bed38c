package dev.qsweep.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep expanded into its trials.
 *
 * @param variedSettings the settings whose value differs between trials, in catalog order (what tables show)
 */
public record SweepPlan(SweepSpec spec, List<TrialSpec> trials, List<String> variedSettings) {
    public SweepPlan {
        trials = List.copyOf(trials);
        variedSettings = List.copyOf(variedSettings);
    }

    /** One line: name, trial count and how it arises, steps, env, preset, cores, output. */
    public String describe() {
        List<String> factors = new ArrayList<>();
        if (spec.multiEnv()) {
            factors.add(spec.envs().size() + " envs");
        }
        if (spec.hasVariants()) {
            factors.add(spec.variants().size() + " variants");
        }
        spec.grid().forEach((name, values) -> factors.add(values.size() + " " + name));
        if (!spec.random().isEmpty()) {
            factors.add(spec.random().count() + " random draws of "
                    + String.join("/", spec.random().distributions().keySet()));
        }
        factors.add(spec.seeds().size() + (spec.seeds().size() == 1 ? " seed" : " seeds"));
        return String.format("sweep %s: %d trials (%s) of %,d steps on %s%s, preset %s; %d core(s) per trial; "
                        + "tables in %s/%s", spec.name(), trials.size(), String.join(" × ", factors), spec.steps(),
                envText(), spec.multiEnv() || spec.envOptions().isEmpty() ? "" : " " + spec.envOptions(),
                spec.multiEnv() ? "per env" : spec.preset() == null ? "none" : spec.preset(), spec.execution().coresPerTrial(), spec.output(),
                spec.name()) + (spec.scheduler().isEmpty() ? "" : "\n" + describeSchedule());
    }

    /**
     * The scheduler's rungs (per bracket): configurations alive and their budget, and the env steps the schedule trains
     * when every trial is scored, against the full grid's. Fewer when trials diverge or fail.
     */
    public String describeSchedule() {
        SchedulerSettings scheduler = spec.scheduler();
        int seeds = spec.seeds().size();
        int configurations = seeds == 0 ? 0 : trials.size() / seeds;
        if (scheduler.type() == SchedulerSettings.Type.PBT) {
            return describePbt(scheduler, seeds, configurations);
        }
        StringBuilder text = new StringBuilder(String.format("schedule: %s on %s%s (%s), η = %d", scheduler.type().key,
                scheduler.metric().key(), scheduler.evalWindow() > 1 ? " averaged over the last "
                        + scheduler.evalWindow() + " evaluations" : "", scheduler.mode().key(),
                scheduler.reductionFactor()));
        long planned = 0;
        List<Brackets.Bracket> brackets = Brackets.of(scheduler, configurations, spec.steps());
        for (Brackets.Bracket bracket : brackets) {
            List<Integer> alive = SuccessiveHalving.aliveCounts(bracket.configurations().size(),
                    bracket.budgets().size(), scheduler.reductionFactor());
            List<String> rungs = new ArrayList<>();
            for (int r = 0; r < bracket.budgets().size(); r++) {
                rungs.add(String.format("rung %d: %d configurations × %d seeds to %,d steps", r + 1, alive.get(r), seeds,
                        bracket.budgets().get(r)));
            }
            text.append(String.format("%n  %s%s", brackets.size() > 1 ? "bracket " + (bracket.index() + 1) + ": " : "",
                    String.join("; ", rungs)));
            planned += bracket.plannedSteps(seeds, scheduler.reductionFactor());
        }
        long full = (long) trials.size() * spec.steps();
        text.append(String.format("%n  at most %,d env steps, %.1f%% of the full grid's %,d", planned,
                100.0 * planned / full, full));
        return text.toString();
    }

    /** PBT's generations, populations and mutations; it trains every member to steps, as the full grid does. */
    private String describePbt(SchedulerSettings scheduler, int seeds, int configurations) {
        PbtSettings pbt = scheduler.pbt();
        List<Long> budgets = Pbt.generationBudgets(pbt.perturbationInterval(), spec.steps());
        int exploiting = Pbt.exploitCount(configurations, pbt.quantile());
        List<String> mutations = new ArrayList<>();
        pbt.mutations().forEach((name, mutation) -> mutations.add(name + " " + describe(mutation)));
        long planned = Pbt.plannedSteps(trials.size(), spec.steps());
        return String.format("schedule: pbt on %s (%s), quantile %s, seed %d%n"
                        + "  %d generation(s) of %,d steps (the last to %,d); %d population(s) (one per seed) of %d "
                        + "members; after each generation but the last, the bottom %d of each copy one of its top %d%n"
                        + "  mutations: %s; resample probability %s%n"
                        + "  %,d env steps, 100.0%% of the full grid's %,d: PBT spends the grid's budget, it does not "
                        + "save steps",
                scheduler.metric().key(), scheduler.mode().key(), pbt.quantile(), pbt.seed(), budgets.size(),
                pbt.perturbationInterval(), spec.steps(), seeds, configurations, exploiting, exploiting,
                String.join(", ", mutations), pbt.resampleProbability(), planned, (long) trials.size() * spec.steps());
    }

    private static String describe(PbtSettings.Mutation mutation) {
        if (mutation instanceof PbtSettings.Factors f) {
            return "× one of " + f.factors();
        }
        if (mutation instanceof PbtSettings.Values v) {
            return "a neighbour in " + v.values();
        }
        return "resampled from " + ((PbtSettings.Resample) mutation).distribution() + " or × 0.8 / 1.2";
    }

    /** The env id, or for a multi-environment sweep each env with its options and preset. */
    private String envText() {
        if (!spec.multiEnv()) {
            return spec.envId();
        }
        List<String> envs = new ArrayList<>();
        for (SweepEnv env : spec.envs()) {
            envs.add(env.envId() + (env.envOptions().isEmpty() ? "" : " " + env.envOptions())
                    + " (preset " + (env.preset() == null ? "none" : env.preset()) + ")");
        }
        return "[" + String.join(", ", envs) + "]";
    }
}
