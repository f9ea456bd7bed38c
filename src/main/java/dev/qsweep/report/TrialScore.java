package dev.qsweep.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished trial's score, as the tables give it.
 *
 * @param task     the env (with its options when not the defaults): what rliable calls a task
 * @param settings every setting that could group it, name → value, in catalog order
 */
public record TrialScore(String trialId, String task, long seed, Map<String, Object> settings, double score) {
    public TrialScore {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
