package dev.qsweep.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep file. Every value in it has been checked; {@link TrialExpansion} turns it into trials.
 *
 * @param source       the file it came from, for messages
 * @param envOptions   canonical option values (as the env registry parses them)
 * @param baseSettings typed setting values from the preset and the {@code settings} block, in catalog order
 * @param grid         setting → typed values to cross, in catalog order
 * @param output       a Hadoop URI or path; the sweep's tables go under {@code <output>/<name>/}
 * @param outputOrigin {@code file:line} of the output setting, for messages about the path found later
 * @param mlflow       the {@code mlflow} block (tracking server and experiment), possibly empty
 * @param envs         every environment of the sweep, in file order (one for {@code env = …}); {@code envId},
 *                     {@code envOptions}, {@code preset} and {@code baseSettings} above are those of the first
 * @param scheduler    the {@code scheduler} block, or {@link SchedulerSettings#NONE}
 * @param variants     the {@code variants} list in file order, each crossed with the grid and random search; empty
 *                     when the file has none
 */
public record SweepSpec(String name, String source, String envId, Map<String, String> envOptions, String preset,
                        Map<String, Object> baseSettings, Map<String, List<Object>> grid, RandomSearch random,
                        List<Long> seeds, long steps, String output, String outputOrigin,
                        ExecutionSettings execution, MlflowSettings mlflow, List<SweepEnv> envs,
                        SchedulerSettings scheduler, List<Variant> variants) {

    public SweepSpec {
        variants = variants == null ? List.of() : List.copyOf(variants);
        envOptions = Collections.unmodifiableMap(new LinkedHashMap<>(envOptions));
        baseSettings = Collections.unmodifiableMap(new LinkedHashMap<>(baseSettings));
        Map<String, List<Object>> gridCopy = new LinkedHashMap<>();
        grid.forEach((setting, values) -> gridCopy.put(setting, List.copyOf(values)));
        grid = Collections.unmodifiableMap(gridCopy);
        seeds = List.copyOf(seeds);
        envs = envs == null || envs.isEmpty() ? List.of(new SweepEnv(envId, envOptions, preset, baseSettings)) : List.copyOf(envs);
    }

    /** A single-environment sweep: {@code envs} holds just the given env. */
    public SweepSpec(String name, String source, String envId, Map<String, String> envOptions, String preset,
                     Map<String, Object> baseSettings, Map<String, List<Object>> grid, RandomSearch random,
                     List<Long> seeds, long steps, String output, String outputOrigin,
                     ExecutionSettings execution, MlflowSettings mlflow) {
        this(name, source, envId, envOptions, preset, baseSettings, grid, random, seeds, steps, output, outputOrigin,
                execution, mlflow, List.of(), SchedulerSettings.NONE, List.of());
    }

    /** A sweep without variants. */
    public SweepSpec(String name, String source, String envId, Map<String, String> envOptions, String preset,
                     Map<String, Object> baseSettings, Map<String, List<Object>> grid, RandomSearch random,
                     List<Long> seeds, long steps, String output, String outputOrigin,
                     ExecutionSettings execution, MlflowSettings mlflow, List<SweepEnv> envs,
                     SchedulerSettings scheduler) {
        this(name, source, envId, envOptions, preset, baseSettings, grid, random, seeds, steps, output, outputOrigin,
                execution, mlflow, envs, scheduler, List.of());
    }

    /** Whether the sweep names several environments ({@code envs = [ … ]} with more than one entry). */
    public boolean multiEnv() {
        return envs.size() > 1;
    }

    /** Whether the sweep file has a {@code variants} list. */
    public boolean hasVariants() {
        return !variants.isEmpty();
    }

    /** Envs × variants × grid points × random samples × seeds, without building them. */
    public long trialCount() {
        long points = saturatingMultiply(envs.size(), Math.max(1, variants.size()));
        for (List<Object> values : grid.values()) {
            points = saturatingMultiply(points, values.size());
        }
        long configs = random.isEmpty() ? points : saturatingMultiply(points, random.count());
        return saturatingMultiply(configs, seeds.size());
    }

    private static long saturatingMultiply(long a, long b) {
        long product = a * b;
        return a != 0 && (product / a != b || product < 0) ? Long.MAX_VALUE : product;
    }
}
