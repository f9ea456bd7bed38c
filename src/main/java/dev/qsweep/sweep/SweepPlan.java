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
        spec.grid().forEach((name, values) -> factors.add(values.size() + " " + name));
        if (!spec.random().isEmpty()) {
            factors.add(spec.random().count() + " random draws of "
                    + String.join("/", spec.random().distributions().keySet()));
        }
        factors.add(spec.seeds().size() + (spec.seeds().size() == 1 ? " seed" : " seeds"));
        return String.format("sweep %s: %d trials (%s) of %,d steps on %s%s, preset %s; %d core(s) per trial; "
                        + "tables in %s/%s", spec.name(), trials.size(), String.join(" × ", factors), spec.steps(),
                spec.envId(), spec.envOptions().isEmpty() ? "" : " " + spec.envOptions(),
                spec.preset() == null ? "none" : spec.preset(), spec.execution().coresPerTrial(), spec.output(),
                spec.name());
    }
}
