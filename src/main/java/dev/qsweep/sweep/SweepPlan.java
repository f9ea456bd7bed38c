package dev.qsweep.sweep;

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
}
