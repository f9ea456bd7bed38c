package dev.qsweep.train;

import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.SettingsCatalog;
import java.util.Map;
import java.util.TreeMap;

/** Everything that determines a training run's numbers: same spec, same results. */
public record RunSpec(String envId, Map<String, String> envOptions, long seed, long totalSteps, DqnSettings settings) {
    public RunSpec {
        envOptions = Map.copyOf(envOptions);
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
        }
    }

    /** A canonical text of the spec; a checkpoint only resumes a run with the same fingerprint. */
    public String fingerprint() {
        return "env=" + envId + " options=" + new TreeMap<>(envOptions) + " seed=" + seed + " steps=" + totalSteps
                + " settings=" + SettingsCatalog.identityView(SettingsCatalog.toMap(settings));
    }
}
