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
                spec.name());
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
