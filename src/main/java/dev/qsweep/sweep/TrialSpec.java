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
 */
public record TrialSpec(String trialId, int index, String sweep, String envId, Map<String, String> envOptions,
                        long seed, long steps, Map<String, Object> settings) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        envOptions = Collections.unmodifiableMap(new TreeMap<>(envOptions));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public DqnSettings dqnSettings() {
        return SettingsCatalog.resolve(settings);
    }

    public RunSpec runSpec() {
        return new RunSpec(envId, envOptions, seed, steps, dqnSettings());
    }
}
