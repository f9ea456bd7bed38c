package dev.qsweep.sweep;

import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.train.RunSpec;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trial of a sweep: everything its run needs, plus its stable id. Serializable (plain JDK values only) so an
 * executor receives it as is.
 *
 * @param index    position in the sweep's fixed expansion order (0-based)
 * @param settings every resolved setting, name → typed value, in catalog order
 * @param variant  the name of the sweep file's variant the trial belongs to; null in a sweep without variants. Only a
 *                 label: the id does not depend on it, so renaming a variant keeps its trials' results
 */
public record TrialSpec(String trialId, int index, String sweep, String envId, Map<String, String> envOptions,
                        long seed, long steps, Map<String, Object> settings, String variant) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        envOptions = Collections.unmodifiableMap(new TreeMap<>(envOptions));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A trial of a sweep without variants. */
    public TrialSpec(String trialId, int index, String sweep, String envId, Map<String, String> envOptions,
                     long seed, long steps, Map<String, Object> settings) {
        this(trialId, index, sweep, envId, envOptions, seed, steps, settings, null);
    }

    public DqnSettings dqnSettings() {
        return SettingsCatalog.resolve(settings);
    }

    public RunSpec runSpec() {
        return new RunSpec(envId, envOptions, seed, steps, dqnSettings());
    }
}
