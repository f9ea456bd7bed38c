package dev.qsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.qsweep.config.Preset;
import dev.qsweep.config.Presets;
import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import dev.qsweep.config.Suggestions;
import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvOption;
import dev.qsweep.env.EnvRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and validates sweep files. A sweep file is HOCON over the defaults in {@code conf/sweep-defaults.conf}:
 * <pre>
 * name = cartpole-grid                  # directory name of the sweep's tables
 * env = CartPole-v1                     # plus env_options { … }
 * # or several: envs = [ { env = MinAtar/Breakout-v1 }, { env = MinAtar/Asterix-v1, env_options {…}, preset = … } ]
 * preset = cartpole                     # optional; default: the env's default preset
 * settings { eval_interval = 5000 }     # base settings over the preset
 * grid { learning_rate = [1e-3, 3e-4] } # every combination of the listed values
 * random { count = 8, seed = 0, gamma { uniform = [0.95, 0.999] } }  # choice | uniform | loguniform | int
 * variants = [ { name = dqn }, { name = "+n_step", n_step = 3 }, { name = rainbow, preset = minatar-rainbow } ]
 *                                       # named configurations, each crossed with the grid and random search
 * seeds = [1, 2, 3]                     # or a count: seeds = 3 means 1, 2, 3
 * steps = 20000
 * output = "file:/tmp/qsweep"           # any Hadoop URI or path
 * spark { cores_per_trial = 1 }
 * mlflow { tracking_uri = "http://127.0.0.1:5000", experiment = "cartpole" }  # optional: MLflow tracking
 * scheduler { type = successive_halving, metric = eval_mean, mode = max, min_steps = 2500, reduction_factor = 3 }
 * </pre>
 * Every problem is a {@link SettingsException} whose message starts with {@code file:line: key:} and says the fix.
 */
public final class SweepFiles {
    /** More trials than this is almost surely a mistake (a grid axis too many); split the sweep instead. */
    public static final int MAX_TRIALS = 10_000;
    static final String DEFAULTS_RESOURCE = "conf/sweep-defaults.conf";

    private static final Set<String> TOP_LEVEL_KEYS = new LinkedHashSet<>(List.of("name", "description", "env",
            "envs", "env_options", "preset", "settings", "grid", "random", "seeds", "steps", "output", "spark", "mlflow",
            "scheduler", "variants"));
    private static final Set<String> RANDOM_OWN_KEYS = Set.of("count", "seed");
    private static final Set<String> DISTRIBUTIONS = new LinkedHashSet<>(List.of("choice", "uniform", "loguniform", "int"));
    private static final Set<String> ENV_ENTRY_KEYS = new LinkedHashSet<>(List.of("env", "env_options", "preset"));
    private static final Set<String> SPARK_KEYS = Set.of("cores_per_trial");
    private static final Set<String> MLFLOW_KEYS = new LinkedHashSet<>(List.of("tracking_uri", "experiment"));
    private static final Set<String> SCHEDULER_KEYS = new LinkedHashSet<>(List.of("type", "metric", "mode", "min_steps",
            "reduction_factor", "max_steps", "eval_window"));
    private static final Set<String> PBT_KEYS = new LinkedHashSet<>(List.of("perturbation_interval", "quantile", "seed",
            "mutations"));
    private static final Set<String> MUTATION_KINDS = new LinkedHashSet<>(List.of("factors", "values", "choice",
            "uniform", "loguniform", "int"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> VARIANT_OWN_KEYS = new LinkedHashSet<>(List.of("name", "preset"));
    /** Variant names are labels, not directories: '+' and '-' let them read as "+n_step" or "rainbow-per". */
    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9+._-]{1,64}");
    private static final long MAX_STEPS = 10_000_000_000L;

    private final String source;
    private final Config config;

    private SweepFiles(String source, Config config) {
        this.source = source;
        this.config = config;
    }

    /** Reads, validates and returns the sweep in {@code file}. */
    public static SweepSpec load(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(source + ": no such sweep file. Give the path of a .conf file, e.g. "
                    + "jobs/cartpole-grid.conf.");
        }
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            rejectDuplicateKeys(Files.readString(file), source);
            return fromConfig(source, parsed);
        } catch (java.io.IOException e) {
            throw new SettingsException(source + ": cannot read the sweep file: " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new SettingsException(source + ": not a valid sweep file: " + e.getMessage(), e);
        }
    }

    /** Parses sweep text, as if read from a file named {@code source}. */
    public static SweepSpec parse(String text, String source) {
        try {
            Config parsed = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(source));
            rejectDuplicateKeys(text, source);
            return fromConfig(source, parsed);
        } catch (ConfigException e) {
            throw new SettingsException(source + ": not a valid sweep file: " + e.getMessage(), e);
        }
    }

    /** HOCON keeps the later of two values silently; a sweep file must say each thing once. */
    private static void rejectDuplicateKeys(String text, String source) {
        DuplicateKeys.find(text).ifPresent(d -> {
            throw new SettingsException(source + ":" + d.secondLine() + ": " + d.path() + ": set twice (first on line "
                    + d.firstLine() + "); HOCON would silently keep this later value. Remove one of them"
                    + (d.path().startsWith("grid.") ? ", or list all values to try in one list." : "."));
        });
    }

    private static SweepSpec fromConfig(String source, Config parsed) {
        Config defaults = ConfigFactory.parseResources(SweepFiles.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        return new SweepFiles(source, parsed.withFallback(defaults).resolve()).read();
    }

    private SweepSpec read() {
        rejectUnknownKeys(config.root(), "", TOP_LEVEL_KEYS);
        String name = name();
        List<SweepEnv> envs = config.hasPath("envs") ? envs() : List.of(singleEnv());
        Map<String, List<Object>> grid = grid();
        RandomSearch random = random(grid.keySet());
        List<Variant> variants = config.hasPath("variants") ? variants(grid.keySet(), random, envs) : List.of();
        List<Long> seeds = seeds();
        long steps = wholeNumber("steps", 1, MAX_STEPS);
        String output = output();
        ExecutionSettings execution = execution();
        MlflowSettings mlflow = mlflow();
        SweepEnv first = envs.get(0);
        SchedulerSettings scheduler = scheduler(steps, envs, grid);
        SweepSpec spec = new SweepSpec(name, source, first.envId(), first.envOptions(), first.preset(),
                first.baseSettings(), grid, random, seeds, steps, output, where(config.getValue("output").origin()),
                execution, mlflow, envs, scheduler, variants);
        checkVariantsSchedulable(spec);
        checkSize(spec);
        TrialChecks.checkAll(TrialExpansion.expand(spec)); // cross-setting and env conflicts, in every trial
        return spec;
    }

    /** {@code env = …}, {@code env_options} and {@code preset} at the top level: today's single-env sweep. */
    private SweepEnv singleEnv() {
        String envId = envId();
        Optional<Preset> preset = preset(envId);
        String env = envId != null ? envId : preset.map(Preset::envId).orElseThrow(() -> fileError(
                "no 'env'. Say which environment to sweep, e.g. env = CartPole-v1 (see: qsweep env list)."));
        EnvDescriptor descriptor = EnvRegistry.describe(env);
        ConfigObject options = config.hasPath("env_options") ? object("env_options") : null;
        return new SweepEnv(descriptor.id(), envOptions(descriptor, preset, options, "env_options"),
                preset.map(Preset::name).orElse(null), baseSettings(preset));
    }

    /** {@code envs = [ { env, env_options, preset }, … ]}: each entry's preset, else the top-level one, else the env's default. */
    private List<SweepEnv> envs() {
        ConfigValue value = config.getValue("envs");
        for (String single : List.of("env", "env_options")) {
            if (config.hasPath(single)) {
                throw error(single, "'" + single + "' and 'envs' are both given. A multi-environment sweep names each "
                        + "env (and its env_options) inside envs = [ { env = …, env_options { … } }, … ]; remove the "
                        + "top-level '" + single + "', or remove 'envs' for a single-env sweep.");
            }
        }
        if (!(value instanceof ConfigList list) || list.isEmpty()) {
            throw error(value, "envs", "expected a non-empty list of env entries, e.g. envs = [ { env = "
                    + "MinAtar/Breakout-v1 }, { env = MinAtar/Asterix-v1 } ], got " + describe(value) + ".");
        }
        List<SweepEnv> envs = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "envs[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject entry)) {
                throw error(list.get(i), path, "expected a block { env = …, env_options { … }, preset = … }, got a "
                        + typeName(list.get(i)) + ".");
            }
            rejectUnknownKeys(entry, path + ".", ENV_ENTRY_KEYS);
            if (!entry.containsKey("env") || entry.get("env").valueType() != ConfigValueType.STRING) {
                throw error(entry, path + ".env", "each entry needs env = \"<id>\", e.g. env = MinAtar/Breakout-v1 "
                        + "(see: qsweep env list).");
            }
            EnvDescriptor descriptor;
            try {
                descriptor = EnvRegistry.describe((String) entry.get("env").unwrapped());
            } catch (IllegalArgumentException e) {
                throw error(entry.get("env"), path + ".env", e.getMessage() + ".");
            }
            Optional<Preset> preset;
            if (entry.containsKey("preset")) {
                try {
                    preset = Optional.of(Presets.load(String.valueOf(entry.get("preset").unwrapped())));
                } catch (SettingsException e) {
                    throw error(entry.get("preset"), path + ".preset", e.getMessage());
                }
            } else {
                preset = preset(descriptor.id());
            }
            ConfigValue options = entry.get("env_options");
            if (options != null && !(options instanceof ConfigObject)) {
                throw error(options, path + ".env_options", "expected a block { … }, got a " + typeName(options) + ".");
            }
            SweepEnv env = new SweepEnv(descriptor.id(), envOptions(descriptor, preset, (ConfigObject) options,
                    path + ".env_options"), preset.map(Preset::name).orElse(null), baseSettings(preset));
            String key = env.envId() + " " + env.envOptions();
            String twin = seen.putIfAbsent(key, path);
            if (twin != null) {
                throw error(entry, path, "the same env as " + twin + " (" + key + "); list each env once.");
            }
            envs.add(env);
        }
        return envs;
    }

    private String name() {
        String name = string("name");
        if (!NAME.matcher(name).matches()) {
            throw error("name", "'" + name + "' cannot be a directory name: use letters, digits, '.', '_' and '-' "
                    + "(at most 100), starting with a letter or digit, e.g. name = cartpole-grid.");
        }
        return name;
    }

    private String envId() {
        if (!config.hasPath("env")) {
            return null;
        }
        String env = string("env");
        try {
            return EnvRegistry.describe(env).id();
        } catch (IllegalArgumentException e) {
            throw error("env", e.getMessage() + ".");
        }
    }

    private Optional<Preset> preset(String envId) {
        if (config.hasPath("preset")) {
            try {
                return Optional.of(Presets.load(string("preset")));
            } catch (SettingsException e) {
                throw error("preset", e.getMessage());
            }
        }
        return envId == null ? Optional.empty() : Presets.defaultFor(envId);
    }

    private Map<String, String> envOptions(EnvDescriptor descriptor, Optional<Preset> preset, ConfigObject options,
                                           String optionsPath) {
        Map<String, String> raw = new TreeMap<>();
        preset.filter(p -> EnvRegistry.describe(p.envId()).id().equals(descriptor.id()))
                .ifPresent(p -> raw.putAll(p.envOptions()));
        Map<String, ConfigValue> given = new LinkedHashMap<>();
        if (options != null) {
            options.forEach((key, value) -> {
                if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
                    throw error(value, optionsPath + "." + key, "expected a single value, got a " + typeName(value) + ".");
                }
                given.put(key, value);
                raw.put(key, String.valueOf(value.unwrapped()));
            });
        }
        Map<String, EnvOption> known = new LinkedHashMap<>();
        descriptor.options().forEach(o -> known.put(o.name(), o));
        Map<String, String> canonical = new TreeMap<>();
        raw.forEach((key, value) -> {
            ConfigValue at = given.get(key);
            EnvOption option = known.get(key);
            String path = optionsPath + "." + key;
            if (option == null) {
                throw at == null ? fileError(descriptor.id() + " has no option '" + key + "' (from the preset)")
                        : error(at, path, descriptor.id() + " has no option '" + key + "'."
                        + Suggestions.didYouMean(key, known.keySet()) + " Valid options: " + String.join(", ", known.keySet()) + ".");
            }
            try {
                canonical.put(key, String.valueOf(option.parse(descriptor.id(), value)));
            } catch (IllegalArgumentException e) {
                throw at == null ? fileError(e.getMessage()) : error(at, path, e.getMessage() + ".");
            }
        });
        return canonical;
    }

    private Map<String, Object> baseSettings(Optional<Preset> preset) {
        Map<String, Object> typed = new LinkedHashMap<>();
        preset.ifPresent(p -> p.settings().forEach((k, v) -> typed.put(k, SettingsCatalog.get(k).parse(v))));
        if (config.hasPath("settings")) {
            object("settings").forEach((key, value) -> typed.put(key, parseSetting(value, "settings." + key, key, value.unwrapped())));
        }
        return inCatalogOrder(typed);
    }

    private Map<String, List<Object>> grid() {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        if (!config.hasPath("grid")) {
            return grid;
        }
        object("grid").forEach((key, value) -> {
            String path = "grid." + key;
            Setting setting = setting(value, path, key);
            if (value.valueType() != ConfigValueType.LIST) {
                throw error(value, path, "expected a list of values to try, e.g. " + key + " = " + example(setting)
                        + ", got a " + typeName(value) + ".");
            }
            ConfigList list = (ConfigList) value;
            if (list.isEmpty()) {
                throw error(value, path, "the list is empty, so the grid has no points. List at least one value, "
                        + "or remove " + key + " from the grid.");
            }
            List<Object> values = new ArrayList<>();
            for (ConfigValue item : list) {
                values.add(parseSetting(item, path, key, item.unwrapped()));
            }
            grid.put(key, values);
        });
        return inCatalogOrder(grid);
    }

    private RandomSearch random(Set<String> gridSettings) {
        if (!config.hasPath("random")) {
            return RandomSearch.NONE;
        }
        ConfigObject block = object("random");
        if (!block.containsKey("count")) {
            throw error(block, "random", "missing 'count': how many configurations to draw, e.g. count = 8.");
        }
        int count = (int) wholeNumber("random.count", 1, MAX_TRIALS);
        long seed = block.containsKey("seed") ? wholeNumber("random.seed", 0, Long.MAX_VALUE) : 0;
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        block.forEach((key, value) -> {
            if (RANDOM_OWN_KEYS.contains(key)) {
                return;
            }
            String path = "random." + key;
            if (!SettingsCatalog.isKnown(key)) {
                Set<String> valid = new LinkedHashSet<>(RANDOM_OWN_KEYS);
                SettingsCatalog.ALL.forEach(s -> valid.add(s.name()));
                throw error(value, path, "unknown key '" + key + "'." + Suggestions.didYouMean(key, valid)
                        + " The random block holds count, seed and settings to draw.");
            }
            if (gridSettings.contains(key)) {
                throw error(value, path, key + " is also in the grid; a setting is either crossed or drawn, not both.");
            }
            distributions.put(key, distribution(value, path, SettingsCatalog.get(key)));
        });
        if (distributions.isEmpty()) {
            throw error(block, "random", "no settings to draw. Add one, e.g. learning_rate { loguniform = [1e-4, 1e-2] }.");
        }
        return new RandomSearch(count, seed, inCatalogOrder(distributions));
    }

    /**
     * {@code variants = [ { name = …, preset = …, <setting> = … }, … ]}: named configurations, crossed with the grid
     * and the random search. A setting is given by a variant or by an axis, never both, so no value silently wins.
     */
    private List<Variant> variants(Set<String> gridSettings, RandomSearch random, List<SweepEnv> envs) {
        ConfigValue value = config.getValue("variants");
        String example = " Write e.g. variants = [ { name = dqn }, { name = \"+n_step\", n_step = 3 } ].";
        if (!(value instanceof ConfigList list) || list.isEmpty()) {
            throw error(value, "variants", "expected a non-empty list of named setting blocks, got "
                    + describe(value) + "." + example);
        }
        List<Variant> variants = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "variants[" + i + "]";
            if (!(list.get(i) instanceof ConfigObject entry)) {
                throw error(list.get(i), path, "expected a block { name = …, <setting> = … }, got a "
                        + typeName(list.get(i)) + "." + example);
            }
            String name = variantName(entry, path);
            String twin = names.putIfAbsent(name, path);
            if (twin != null) {
                throw error(entry.get("name"), path + ".name", "'" + name + "' is also the name of " + twin
                        + "; give each variant its own name (it labels the variant's trials).");
            }
            Optional<Preset> preset = Optional.empty();
            if (entry.containsKey("preset")) {
                preset = Optional.of(variantPreset(entry.get("preset"), path + ".preset", envs));
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> setting : entry.entrySet()) {
                String key = setting.getKey();
                String at = path + "." + key;
                if (VARIANT_OWN_KEYS.contains(key)) {
                    continue;
                }
                if (!SettingsCatalog.isKnown(key)) {
                    Set<String> valid = new LinkedHashSet<>(VARIANT_OWN_KEYS);
                    SettingsCatalog.ALL.forEach(s -> valid.add(s.name()));
                    throw error(setting.getValue(), at, "unknown key '" + key + "'." + Suggestions.didYouMean(key, valid)
                            + " A variant holds name, an optional preset and settings (see: qsweep train --help).");
                }
                if (gridSettings.contains(key) || random.distributions().containsKey(key)) {
                    throw error(setting.getValue(), at, key + " is also " + (gridSettings.contains(key) ? "a grid axis"
                            : "drawn by the random block") + ", which would override the variant's value. Set it in "
                            + "the variants only, or remove it from the variants and keep the axis.");
                }
                settings.put(key, parseSetting(setting.getValue(), at, key, setting.getValue().unwrapped()));
            }
            variants.add(new Variant(name, preset.map(Preset::name).orElse(null),
                    preset.map(p -> baseSettings(Optional.of(p))).orElse(Map.of()), inCatalogOrder(settings)));
        }
        return variants;
    }

    private String variantName(ConfigObject entry, String path) {
        ConfigValue name = entry.get("name");
        if (name == null) {
            throw error(entry, path, "missing 'name': the label of the variant's trials, e.g. name = \"+n_step\".");
        }
        String text = name.valueType() == ConfigValueType.STRING || name.valueType() == ConfigValueType.NUMBER
                ? String.valueOf(name.unwrapped()) : "";
        if (!VARIANT_NAME.matcher(text).matches()) {
            throw error(name, path + ".name", "expected 1 to 64 letters, digits or '+', '-', '.', '_', got "
                    + describe(name) + "; e.g. name = \"+n_step\" or name = rainbow-per.");
        }
        return text;
    }

    /**
     * A variant's preset gives its settings; the env options stay the sweep's. A preset for one of the sweep's envs
     * that needs other env options (e.g. another Atari preprocessing) would train on different observations than its
     * name says, so it is refused.
     */
    private Preset variantPreset(ConfigValue value, String path, List<SweepEnv> envs) {
        Preset preset;
        try {
            preset = Presets.load(String.valueOf(value.unwrapped()));
        } catch (SettingsException e) {
            throw error(value, path, e.getMessage());
        }
        String presetEnv = EnvRegistry.describe(preset.envId()).id();
        for (SweepEnv env : envs) {
            if (!env.envId().equals(presetEnv)) {
                continue;
            }
            Map<String, String> wanted = envOptions(EnvRegistry.describe(presetEnv), Optional.of(preset), null, path);
            wanted.forEach((option, wantedValue) -> {
                if (!wantedValue.equals(env.envOptions().get(option))) {
                    throw error(value, path, "preset " + preset.name() + " sets env option " + option + " = "
                            + wantedValue + ", but the sweep's " + env.envId() + " has " + env.envOptions()
                            + "; a variant changes settings, not env options. Give the sweep env_options { " + option
                            + " = " + wantedValue + " }, or run this preset as its own sweep.");
                }
            });
        }
        return preset;
    }

    /** What variants cannot do with a schedule: PBT copies settings between members, which would mislabel them. */
    private void checkVariantsSchedulable(SweepSpec spec) {
        if (!spec.hasVariants() || spec.scheduler().isEmpty()) {
            return;
        }
        if (spec.scheduler().type() == SchedulerSettings.Type.PBT) {
            throw error("variants", "a pbt schedule copies a donor's settings into other members, so a trial would "
                    + "end with another variant's settings under its own variant's name. Use the grid or random block "
                    + "with pbt, or type = successive_halving with variants.");
        }
        if (spec.scheduler().metric() == SchedulerSettings.Metric.EVAL_MEAN) {
            for (int i = 0; i < spec.variants().size(); i++) {
                Variant variant = spec.variants().get(i);
                for (SweepEnv env : spec.envs()) {
                    if (SettingsCatalog.resolve(variant.settingsOn(env)).evalEpisodes() == 0
                            && !spec.grid().containsKey("eval_episodes")) {
                        throw error(((ConfigList) config.getValue("variants")).get(i), "variants[" + i + "]",
                                "the scheduler's metric eval_mean needs evaluations, but variant '" + variant.name()
                                + "' has eval_episodes = 0. Give it eval_episodes above 0, or use metric = "
                                + "recent_return.");
                    }
                }
            }
        }
    }

    private Distribution distribution(ConfigValue value, String path, Setting setting) {
        String example = " Write e.g. " + setting.name() + " { " + exampleDistribution(setting) + " }.";
        if (!(value instanceof ConfigObject object) || object.size() != 1) {
            throw error(value, path, "expected one distribution: " + String.join(", ", DISTRIBUTIONS) + "." + example);
        }
        String kind = object.keySet().iterator().next();
        ConfigValue arguments = object.get(kind);
        String at = path + "." + kind;
        if (!DISTRIBUTIONS.contains(kind)) {
            throw error(arguments, at, "unknown distribution '" + kind + "'." + Suggestions.didYouMean(kind, DISTRIBUTIONS)
                    + " Valid: " + String.join(", ", DISTRIBUTIONS) + ".");
        }
        if (!(arguments instanceof ConfigList list) || list.isEmpty()) {
            throw error(arguments, at, "expected a non-empty list." + example);
        }
        if (kind.equals("choice")) {
            List<Object> choices = new ArrayList<>();
            list.forEach(item -> choices.add(parseSetting(item, at, setting.name(), item.unwrapped())));
            return new Distribution.Choice(choices);
        }
        if (list.size() != 2) {
            throw error(arguments, at, "expected [low, high], got " + list.size() + " values." + example);
        }
        boolean integer = kind.equals("int");
        Setting.Type needed = integer ? Setting.Type.INT : Setting.Type.DOUBLE;
        if (setting.type() != needed) {
            throw error(arguments, at, setting.name() + " is " + setting.allowedValues() + "; '" + kind
                    + "' does not fit it." + example);
        }
        Object low = parseSetting(list.get(0), at, setting.name(), list.get(0).unwrapped());
        Object high = parseSetting(list.get(1), at, setting.name(), list.get(1).unwrapped());
        double lowValue = ((Number) low).doubleValue();
        double highValue = ((Number) high).doubleValue();
        if (integer ? lowValue > highValue : lowValue >= highValue) {
            throw error(arguments, at, "low " + low + " must be " + (integer ? "at most" : "below") + " high " + high + ".");
        }
        if (kind.equals("loguniform") && lowValue <= 0) {
            throw error(arguments, at, "loguniform needs low > 0, got " + low + ".");
        }
        return switch (kind) {
            case "uniform" -> new Distribution.Uniform(lowValue, highValue);
            case "loguniform" -> new Distribution.LogUniform(lowValue, highValue);
            default -> new Distribution.IntRange((Integer) low, (Integer) high);
        };
    }

    private List<Long> seeds() {
        ConfigValue value = config.getValue("seeds");
        if (value.valueType() == ConfigValueType.NUMBER) {
            long count = wholeNumber("seeds", 1, MAX_TRIALS);
            List<Long> seeds = new ArrayList<>();
            for (long s = 1; s <= count; s++) {
                seeds.add(s);
            }
            return seeds;
        }
        if (!(value instanceof ConfigList list)) {
            throw error(value, "seeds", "expected a list of seeds, e.g. [1, 2, 3], or a count, e.g. 3; got a "
                    + typeName(value) + ".");
        }
        if (list.isEmpty()) {
            throw error(value, "seeds", "the list is empty: no trial would run. List at least one seed, e.g. [1].");
        }
        Set<Long> seeds = new LinkedHashSet<>();
        for (ConfigValue item : list) {
            long seed = wholeNumber(item, "seeds", 0, Long.MAX_VALUE);
            if (!seeds.add(seed)) {
                throw error(item, "seeds", "seed " + seed + " is listed twice.");
            }
        }
        return List.copyOf(seeds);
    }

    private String output() {
        String output = string("output").trim();
        if (output.isEmpty()) {
            throw error("output", "is empty. Give a directory URI, e.g. output = \"file:/tmp/qsweep\" or \"hdfs:///sweeps\".");
        }
        try {
            new URI(output.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            throw error("output", "'" + output + "' is not a valid URI or path: " + e.getReason() + ".");
        }
        return output;
    }

    private ExecutionSettings execution() {
        ConfigObject spark = object("spark");
        rejectUnknownKeys(spark, "spark.", SPARK_KEYS);
        return new ExecutionSettings((int) wholeNumber("spark.cores_per_trial", 1, 256));
    }

    /** The optional {@code mlflow} block: where trials are tracked. Whether the server answers is checked later. */
    private MlflowSettings mlflow() {
        if (!config.hasPath("mlflow")) {
            return MlflowSettings.none(source);
        }
        ConfigObject block = object("mlflow");
        rejectUnknownKeys(block, "mlflow.", MLFLOW_KEYS);
        String uri = null;
        String origin = where(block.origin());
        if (block.containsKey("tracking_uri")) {
            origin = where(config.getValue("mlflow.tracking_uri").origin());
            uri = MlflowSettings.checkTrackingUri(string("mlflow.tracking_uri"), origin + ": mlflow.tracking_uri");
        }
        String experiment = null;
        if (block.containsKey("experiment")) {
            experiment = string("mlflow.experiment").trim();
            if (experiment.isEmpty() || experiment.length() > MlflowSettings.MAX_EXPERIMENT_NAME_CHARS) {
                throw error("mlflow.experiment", "give a name of 1 to " + MlflowSettings.MAX_EXPERIMENT_NAME_CHARS
                        + " characters, e.g. experiment = \"cartpole\", or leave it out to use the sweep's name.");
            }
        }
        return new MlflowSettings(uri, experiment, origin);
    }

    /** The optional {@code scheduler} block; absent means every trial trains its full {@code steps}. */
    private SchedulerSettings scheduler(long steps, List<SweepEnv> envs, Map<String, List<Object>> grid) {
        if (!config.hasPath("scheduler")) {
            return SchedulerSettings.NONE;
        }
        ConfigObject block = object("scheduler");
        Set<String> allowed = new LinkedHashSet<>(SCHEDULER_KEYS);
        allowed.addAll(PBT_KEYS);
        rejectUnknownKeys(block, "scheduler.", allowed);
        Map<String, SchedulerSettings.Type> types = new LinkedHashMap<>();
        for (SchedulerSettings.Type t : SchedulerSettings.Type.values()) {
            if (t != SchedulerSettings.Type.NONE) {
                types.put(t.key, t);
            }
        }
        if (!block.containsKey("type")) {
            throw error(block, "scheduler", "missing 'type'. Say which schedule: " + String.join(", ", types.keySet())
                    + ", e.g. type = successive_halving.");
        }
        SchedulerSettings.Type type = oneOf("scheduler.type", types);
        Map<String, SchedulerSettings.Metric> metrics = new LinkedHashMap<>();
        for (SchedulerSettings.Metric m : SchedulerSettings.Metric.values()) {
            metrics.put(m.key(), m);
        }
        SchedulerSettings.Metric metric = block.containsKey("metric") ? oneOf("scheduler.metric", metrics)
                : SchedulerSettings.Metric.EVAL_MEAN;
        Map<String, SchedulerSettings.Mode> modes = new LinkedHashMap<>();
        for (SchedulerSettings.Mode m : SchedulerSettings.Mode.values()) {
            modes.put(m.key(), m);
        }
        SchedulerSettings.Mode mode = block.containsKey("mode") ? oneOf("scheduler.mode", modes)
                : SchedulerSettings.Mode.MAX;
        checkKeysOfType(block, type);
        if (type == SchedulerSettings.Type.PBT) {
            checkSchedulable(block, metric, envs, grid);
            return new SchedulerSettings(type, metric, mode, 0, 0, pbt(block, steps, grid));
        }
        if (!block.containsKey("min_steps")) {
            throw error(block, "scheduler", "missing 'min_steps': the first rung's budget of env steps per trial, "
                    + "e.g. min_steps = " + Math.max(1, steps / 9) + ".");
        }
        if (wholeNumber("scheduler.min_steps", 1, MAX_STEPS) > steps) {
            throw error("scheduler.min_steps", "min_steps " + config.getLong("scheduler.min_steps") + " is more than "
                    + "steps " + steps + ", so no trial could be stopped early. Give at most " + steps
                    + ", e.g. min_steps = " + Math.max(1, steps / 9) + ".");
        }
        long minSteps = config.getLong("scheduler.min_steps");
        int reductionFactor = SchedulerSettings.DEFAULT_REDUCTION_FACTOR;
        if (block.containsKey("reduction_factor")) {
            ConfigValue eta = config.getValue("scheduler.reduction_factor");
            if (eta.unwrapped() instanceof Number n && n.doubleValue() < 2) {
                throw error(eta, "scheduler.reduction_factor", "η = " + eta.render() + " would keep every trial; "
                        + "give a whole number of at least 2 (each rung keeps the best 1/η), e.g. 3.");
            }
            reductionFactor = (int) wholeNumber("scheduler.reduction_factor", 2, 100);
        }
        if (block.containsKey("max_steps") && wholeNumber("scheduler.max_steps", 1, MAX_STEPS) != steps) {
            throw error("scheduler.max_steps", "max_steps must equal steps (" + steps + "): the last rung trains "
                    + "the survivors to their full budget. Change steps, or leave max_steps out.");
        }
        checkSchedulable(block, metric, envs, grid);
        return new SchedulerSettings(type, metric, mode, minSteps, reductionFactor, PbtSettings.NONE,
                evalWindow(block, metric, minSteps, envs, grid));
    }

    /**
     * {@code eval_window}: how many of the latest evaluations eval_mean averages (default 1). The first rung must hold
     * that many, so that every rung averages the same number.
     */
    private int evalWindow(ConfigObject block, SchedulerSettings.Metric metric, long minSteps, List<SweepEnv> envs,
                           Map<String, List<Object>> grid) {
        if (!block.containsKey("eval_window")) {
            return 1;
        }
        int window = (int) wholeNumber("scheduler.eval_window", 1, 100);
        if (metric != SchedulerSettings.Metric.EVAL_MEAN) {
            throw error("scheduler.eval_window", "eval_window averages evaluations, but the metric is "
                    + metric.key() + ". Use metric = eval_mean, or remove eval_window.");
        }
        List<Object> intervals = grid.containsKey("eval_interval") ? grid.get("eval_interval")
                : envs.stream().map(env -> (Object) SettingsCatalog.resolve(env.baseSettings()).evalInterval()).toList();
        long longest = intervals.stream().mapToLong(i -> ((Number) i).longValue()).max().orElse(1);
        long byFirstRung = (minSteps + longest - 1) / longest; // the trainer also evaluates at the rung's budget
        if (window > byFirstRung) {
            throw error("scheduler.eval_window", "eval_window " + window + " needs " + window + " evaluations by the "
                    + "first rung (min_steps " + minSteps + "), but with eval_interval " + longest + " there are only "
                    + byFirstRung + ". Lower eval_window, evaluate more often (eval_interval <= "
                    + minSteps / window + "), or raise min_steps.");
        }
        return window;
    }

    /** What every schedule needs: evaluations for eval_mean, and one environment. */
    private void checkSchedulable(ConfigObject block, SchedulerSettings.Metric metric, List<SweepEnv> envs,
                                  Map<String, List<Object>> grid) {
        if (metric == SchedulerSettings.Metric.EVAL_MEAN) {
            List<Object> evalEpisodes = grid.containsKey("eval_episodes") ? grid.get("eval_episodes")
                    : envs.stream().map(env -> (Object) SettingsCatalog.resolve(env.baseSettings()).evalEpisodes()).toList();
            if (evalEpisodes.contains(0)) {
                String path = block.containsKey("metric") ? "scheduler.metric" : "scheduler";
                throw error(config.getValue(path), path, "the metric eval_mean needs evaluations, but eval_episodes "
                        + "is 0. Set eval_episodes above 0, or use metric = recent_return.");
            }
        }
        if (envs.size() > 1) {
            throw error("scheduler", "a scheduler ranks the configurations of one environment, and scores of different "
                    + "environments are not comparable; this sweep has " + envs.size() + " (envs). Run one scheduled "
                    + "sweep per environment, or remove the scheduler block.");
        }
    }

    /** Successive halving's keys have no meaning in PBT, and PBT's none in successive halving: say so. */
    private void checkKeysOfType(ConfigObject block, SchedulerSettings.Type type) {
        boolean pbt = type == SchedulerSettings.Type.PBT;
        for (String key : block.keySet()) {
            if (pbt && SCHEDULER_KEYS.contains(key) && !List.of("type", "metric", "mode").contains(key)) {
                throw error("scheduler." + key, key + " belongs to successive_halving and hyperband; a pbt schedule "
                        + "has " + String.join(", ", PBT_KEYS) + ". Remove it.");
            }
            if (!pbt && PBT_KEYS.contains(key)) {
                throw error("scheduler." + key, key + " belongs to type = pbt, not " + type.key + ". Remove it, or "
                        + "set type = pbt.");
            }
        }
    }

    /** The pbt part of a {@code scheduler} block: generations, quantile, seed and the mutations. */
    private PbtSettings pbt(ConfigObject block, long steps, Map<String, List<Object>> grid) {
        if (!block.containsKey("perturbation_interval")) {
            throw error(block, "scheduler", "missing 'perturbation_interval': env steps per generation, e.g. "
                    + "perturbation_interval = " + Math.max(1, steps / 10) + ".");
        }
        long interval = wholeNumber("scheduler.perturbation_interval", 1, MAX_STEPS);
        if (interval >= steps) {
            throw error("scheduler.perturbation_interval", "perturbation_interval " + interval + " is not below steps "
                    + steps + ", so the population would never be perturbed. Give less, e.g. perturbation_interval = "
                    + Math.max(1, steps / 10) + ".");
        }
        double quantile = PbtSettings.DEFAULT_QUANTILE;
        if (block.containsKey("quantile")) {
            quantile = fraction("scheduler.quantile");
            if (!(quantile > 0 && quantile <= 0.5)) {
                throw error("scheduler.quantile", "quantile " + quantile + " is outside (0, 0.5]: it is the fraction "
                        + "of a population that copies from as large a top fraction. Give e.g. quantile = 0.25.");
            }
        }
        long seed = block.containsKey("seed") ? wholeNumber("scheduler.seed", 0, Long.MAX_VALUE) : 0;
        if (!block.containsKey("mutations")) {
            throw error(block, "scheduler", "missing 'mutations': which settings PBT perturbs, e.g. mutations { "
                    + "learning_rate { factors = [0.8, 1.2] } }.");
        }
        ConfigObject mutationsBlock = object("scheduler.mutations");
        double resample = PbtSettings.DEFAULT_RESAMPLE_PROBABILITY;
        Map<String, PbtSettings.Mutation> mutations = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : mutationsBlock.entrySet()) {
            String key = entry.getKey();
            String path = "scheduler.mutations." + key;
            if (key.equals("resample_probability")) {
                resample = fraction(path);
                if (resample < 0 || resample > 1) {
                    throw error(path, "resample_probability " + resample + " is not a probability; give a number "
                            + "in [0, 1], e.g. 0.25.");
                }
                continue;
            }
            if (!SettingsCatalog.isKnown(key)) {
                Set<String> valid = new LinkedHashSet<>(PbtSettings.MUTABLE);
                valid.add("resample_probability");
                throw error(entry.getValue(), path, "unknown setting '" + key + "'." + Suggestions.didYouMean(key, valid)
                        + " Mutable: " + String.join(", ", new java.util.TreeSet<>(PbtSettings.MUTABLE)) + ".");
            }
            Setting setting = SettingsCatalog.get(key);
            if (setting.type() != Setting.Type.INT && setting.type() != Setting.Type.DOUBLE) {
                throw error(entry.getValue(), path, key + " is not numeric (" + setting.allowedValues() + "), so it "
                        + "cannot be perturbed. Put it in the grid instead; PBT mutates "
                        + String.join(", ", new java.util.TreeSet<>(PbtSettings.MUTABLE)) + ".");
            }
            if (!PbtSettings.MUTABLE.contains(key)) {
                throw error(entry.getValue(), path, key + " is not mutable: it shapes the network, the replay or the "
                        + "batch, which a copied checkpoint fixes. PBT mutates "
                        + String.join(", ", new java.util.TreeSet<>(PbtSettings.MUTABLE)) + ".");
            }
            mutations.put(key, mutation(entry.getValue(), path, setting));
        }
        if (mutations.isEmpty()) {
            throw error(mutationsBlock, "scheduler.mutations", "no settings to perturb. Add one, e.g. learning_rate "
                    + "{ factors = [0.8, 1.2] }.");
        }
        Map<String, PbtSettings.Mutation> ordered = new LinkedHashMap<>();
        SettingsCatalog.ALL.forEach(s -> {
            if (mutations.containsKey(s.name())) {
                ordered.put(s.name(), mutations.get(s.name()));
            }
        });
        return new PbtSettings(interval, quantile, seed, resample, ordered);
    }

    /** One mutation: {@code { factors = [...] }}, {@code { values = [...] }} or one distribution as in random search. */
    private PbtSettings.Mutation mutation(ConfigValue value, String path, Setting setting) {
        String example = " Write e.g. " + setting.name() + " { factors = [0.8, 1.2] }.";
        if (!(value instanceof ConfigObject object) || object.size() != 1) {
            throw error(value, path, "expected one of " + String.join(", ", MUTATION_KINDS) + "." + example);
        }
        String kind = object.keySet().iterator().next();
        ConfigValue arguments = object.get(kind);
        String at = path + "." + kind;
        if (!MUTATION_KINDS.contains(kind)) {
            throw error(arguments, at, "unknown mutation '" + kind + "'." + Suggestions.didYouMean(kind, MUTATION_KINDS)
                    + " Valid: " + String.join(", ", MUTATION_KINDS) + ".");
        }
        if (!kind.equals("factors") && !kind.equals("values")) {
            return new PbtSettings.Resample(distribution(value, path, setting));
        }
        if (!(arguments instanceof ConfigList list) || list.isEmpty()) {
            throw error(arguments, at, "expected a non-empty list." + example);
        }
        List<Object> items = new ArrayList<>();
        for (ConfigValue item : list) {
            if (kind.equals("values")) {
                items.add(parseSetting(item, at, setting.name(), item.unwrapped()));
            } else if (!(item.unwrapped() instanceof Number n) || !(n.doubleValue() > 0)
                    || Double.isInfinite(n.doubleValue())) {
                throw error(item, at, "a factor must be a positive number, got " + describe(item) + "." + example);
            } else {
                items.add(n.doubleValue());
            }
        }
        if (kind.equals("values")) {
            return new PbtSettings.Values(items);
        }
        return new PbtSettings.Factors(items.stream().map(o -> (Double) o).toList());
    }

    private double fraction(String path) {
        ConfigValue value = required(path);
        if (!(value.unwrapped() instanceof Number number)) {
            throw error(value, path, "expected a number, got " + describe(value) + ".");
        }
        return number.doubleValue();
    }

    /** The value at {@code path}, one of {@code choices} by its key. */
    private <T> T oneOf(String path, Map<String, T> choices) {
        String key = string(path).trim();
        T choice = choices.get(key);
        if (choice == null) {
            throw error(path, "unknown value '" + key + "'." + Suggestions.didYouMean(key, choices.keySet())
                    + " Valid: " + String.join(", ", choices.keySet()) + ".");
        }
        return choice;
    }

    private void checkSize(SweepSpec spec) {
        long trials = spec.trialCount();
        if (trials > MAX_TRIALS) {
            long points = spec.grid().values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
            String message = "the sweep expands to " + (trials == Long.MAX_VALUE ? "too many" : String.valueOf(trials))
                    + " trials (grid " + points + " × random " + Math.max(1, spec.random().count()) + " × seeds "
                    + spec.seeds().size() + "), more than the limit of " + MAX_TRIALS
                    + ". Shrink the grid, or split the sweep into several files.";
            // Point at the grid when there is one: it is what usually multiplies.
            message = message.replace("(grid ", "(" + (spec.multiEnv() ? "envs " + spec.envs().size() + " × " : "")
                    + (spec.hasVariants() ? "variants " + spec.variants().size() + " × " : "") + "grid ");
            throw config.hasPath("grid") ? error("grid", message) : fileError(message);
        }
    }

    // ---- typed reading with locations ----

    private Object parseSetting(ConfigValue at, String path, String name, Object raw) {
        Setting setting = setting(at, path, name);
        try {
            return setting.parse(raw);
        } catch (SettingsException e) {
            throw error(at, path, e.getMessage());
        }
    }

    private Setting setting(ConfigValue at, String path, String name) {
        try {
            return SettingsCatalog.get(name);
        } catch (SettingsException e) {
            throw error(at, path, e.getMessage());
        }
    }

    private void rejectUnknownKeys(ConfigObject object, String prefix, Set<String> allowed) {
        object.forEach((key, value) -> {
            if (!allowed.contains(key)) {
                throw error(value, prefix + key, "unknown key '" + key + "'." + Suggestions.didYouMean(key, allowed)
                        + " Allowed here: " + String.join(", ", allowed) + ".");
            }
        });
    }

    private String string(String path) {
        ConfigValue value = required(path);
        if (value.valueType() != ConfigValueType.STRING) {
            throw error(value, path, "expected a string, got a " + typeName(value) + ".");
        }
        return (String) value.unwrapped();
    }

    private long wholeNumber(String path, long min, long max) {
        return wholeNumber(required(path), path, min, max);
    }

    private long wholeNumber(ConfigValue value, String path, long min, long max) {
        if (!(value.unwrapped() instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw error(value, path, "expected a whole number in [" + min + ", " + max + "], got " + describe(value) + ".");
        }
        long result = number.longValue();
        if (result < min || result > max) {
            throw error(value, path, result + " is out of range; expected a whole number in [" + min + ", " + max + "].");
        }
        return result;
    }

    private ConfigObject object(String path) {
        ConfigValue value = required(path);
        if (!(value instanceof ConfigObject object)) {
            throw error(value, path, "expected a block { … }, got a " + typeName(value) + ".");
        }
        return object;
    }

    private ConfigValue required(String path) {
        if (!config.hasPath(path)) {
            throw fileError("missing '" + path + "'. " + switch (path) {
                case "name" -> "Name the sweep, e.g. name = cartpole-grid (its tables go under <output>/<name>/).";
                case "steps" -> "Give each trial's budget of env steps, e.g. steps = 20000.";
                default -> "Add it.";
            });
        }
        return config.getValue(path);
    }

    private SettingsException error(String path, String message) {
        return error(config.getValue(path), path, message);
    }

    private SettingsException error(ConfigValue at, String path, String message) {
        return new SettingsException(where(at.origin()) + ": " + path + ": " + message);
    }

    private SettingsException fileError(String message) {
        return new SettingsException(source + ": " + message);
    }

    /** {@code file:line}; values that came from the shipped defaults name that resource instead. */
    private String where(ConfigOrigin origin) {
        String file = origin.resource() != null ? origin.resource() : source;
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }

    private static String typeName(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT -> "block";
            case LIST -> "list";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case STRING -> "string";
        };
    }

    private static String describe(ConfigValue value) {
        return value.valueType() == ConfigValueType.STRING ? "the string \"" + value.unwrapped() + "\""
                : typeName(value) + " " + value.render();
    }

    private static String example(Setting setting) {
        return switch (setting.type()) {
            case INT -> "[500, 1000]";
            case DOUBLE -> "[1e-3, 3e-4]";
            case BOOLEAN -> "[true, false]";
            case CHOICE -> "[" + String.join(", ", setting.choices()) + "]";
            case INT_LIST -> "[[64, 64], [128, 128]]";
        };
    }

    private static String exampleDistribution(Setting setting) {
        return switch (setting.type()) {
            case INT -> "int = [100, 1000]";
            case DOUBLE -> "loguniform = [1e-4, 1e-2]";
            default -> "choice = " + example(setting);
        };
    }

    private static <V> Map<String, V> inCatalogOrder(Map<String, V> values) {
        Map<String, V> ordered = new LinkedHashMap<>();
        SettingsCatalog.ALL.forEach(s -> {
            if (values.containsKey(s.name())) {
                ordered.put(s.name(), values.get(s.name()));
            }
        });
        return ordered;
    }
}
