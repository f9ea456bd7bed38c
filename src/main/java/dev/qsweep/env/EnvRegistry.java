package dev.qsweep.env;

import dev.qsweep.env.atari.AtariRegistration;
import dev.qsweep.env.classic.Acrobot;
import dev.qsweep.env.classic.CartPole;
import dev.qsweep.env.classic.MountainCar;
import dev.qsweep.env.minatar.Game;
import dev.qsweep.env.minatar.MinAtarEnvironment;
import dev.qsweep.env.synthetic.RandomImages;
import dev.qsweep.env.toytext.FrozenLake;
import dev.qsweep.env.toytext.Taxi;
import dev.qsweep.env.wrappers.TimeLimit;
import dev.qsweep.config.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes environments by Gymnasium id, as {@code gymnasium.make(id, **options)} would: the same defaults and the
 * same {@link TimeLimit} as Gymnasium's registry. Option values are strings (they come from configs and the CLI).
 */
public final class EnvRegistry {

    /** Accepted by every id, as Gymnasium's {@code make(max_episode_steps=…)}. */
    public static final String MAX_EPISODE_STEPS = "max_episode_steps";

    /** A {@code max_episode_steps} of 0: no TimeLimit, for ids Gymnasium registers without one (MinAtar). */
    public static final int NO_TIME_LIMIT = 0;

    private record Entry(EnvDescriptor descriptor, Function<Map<String, Object>, Environment> factory,
                         Function<Map<String, String>, Environment> selfParsingFactory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new HashMap<>();
    /** Ids summarized rather than listed in "unknown id" messages (hundreds of Atari games). */
    private static final java.util.Set<String> SELF_PARSING_IDS = new java.util.HashSet<>();

    static {
        register("CartPole-v1", List.of(), 500,
                List.of(EnvOption.bool("sutton_barto_reward", false,
                        "reward 0 per step and -1 on termination (Sutton & Barto) instead of 1 per step")),
                o -> new CartPole((Boolean) o.get("sutton_barto_reward")));
        register("MountainCar-v0", List.of(), 200,
                List.of(EnvOption.number("goal_velocity", 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                        "minimum velocity at the goal for the episode to terminate")),
                o -> new MountainCar((Double) o.get("goal_velocity")));
        register("Acrobot-v1", List.of(), 500, List.of(), o -> new Acrobot());
        registerFrozenLake("FrozenLake-v1", "4x4", 100);
        registerFrozenLake("FrozenLake8x8-v1", "8x8", 200);
        register("Taxi-v4", List.of("Taxi-v3"), 200,
                List.of(EnvOption.bool("is_rainy", false,
                                "moves go sideways with probability 1 - rainy_probability"),
                        EnvOption.bool("fickle_passenger", false,
                                "the passenger may change destination on the first move after pickup"),
                        EnvOption.number("rainy_probability", 0.8, 0, 1, "probability of the intended move when rainy"),
                        EnvOption.number("fickle_probability", 0.3, 0, 1,
                                "probability that the passenger is fickle in an episode")),
                o -> new Taxi((Boolean) o.get("is_rainy"), (Boolean) o.get("fickle_passenger"),
                        (Double) o.get("rainy_probability"), (Double) o.get("fickle_probability")));
        for (Game game : Game.values()) {
            registerMinAtar(game, false);
            registerMinAtar(game, true);
        }
        register(RandomImages.ID, List.of(), 1000, List.of(EnvOption.integer("height", 84, 1, 4096, "image height"), EnvOption.integer("width", 84, 1, 4096, "image width"), EnvOption.integer("channels", 1, 1, 16, "channels per pixel")), o -> new RandomImages((Integer) o.get("height"), (Integer) o.get("width"), (Integer) o.get("channels")));
        // Atari ids are described without loading a ROM, so listing and validating ids never needs ale-py.
        AtariRegistration.all().forEach(r -> registerSelfParsing(r.descriptor(), r.factory()));
    }

    private EnvRegistry() {
    }

    private static void registerFrozenLake(String id, String defaultMap, int maxEpisodeSteps) {
        register(id, List.of(), maxEpisodeSteps,
                List.of(EnvOption.choice("map_name", defaultMap, List.of("4x4", "8x8"), "predefined lake"),
                        EnvOption.bool("is_slippery", true, "moves may slip to a perpendicular direction"),
                        EnvOption.number("success_rate", 1.0 / 3.0, 0, 1,
                                "probability of the intended move on a slippery lake")),
                o -> new FrozenLake(id, (String) o.get("map_name"), (Boolean) o.get("is_slippery"),
                        (Double) o.get("success_rate")));
    }

    /** MinAtar's Gymnasium ids: v0 with all 6 actions, v1 with the game's minimal action set; no time limit. */
    private static void registerMinAtar(Game game, boolean minimalActionSet) {
        register(game.id(minimalActionSet), List.of(), NO_TIME_LIMIT,
                List.of(EnvOption.number("sticky_action_prob", 0.1, 0, 1,
                                "probability that the previous action is repeated instead of the chosen one"),
                        EnvOption.bool("difficulty_ramping", true,
                                "the game speeds up over time (Asterix, Seaquest, SpaceInvaders; no effect otherwise)")),
                o -> new MinAtarEnvironment(game, minimalActionSet, (Double) o.get("sticky_action_prob"),
                        (Boolean) o.get("difficulty_ramping")));
    }

    private static void register(String id, List<String> aliases, int maxEpisodeSteps, List<EnvOption> envOptions,
                                 Function<Map<String, Object>, Environment> factory) {
        List<EnvOption> options = new ArrayList<>(envOptions);
        boolean unlimited = maxEpisodeSteps == NO_TIME_LIMIT;
        options.add(EnvOption.integer(MAX_EPISODE_STEPS, maxEpisodeSteps, unlimited ? 0 : 1, Integer.MAX_VALUE,
                unlimited ? "steps after which the episode is truncated (0 = never)"
                        : "steps after which the episode is truncated"));
        Environment sample = factory.apply(defaults(options));
        EnvDescriptor descriptor = new EnvDescriptor(id, aliases, sample.observationSpace(), sample.actionSpace(),
                options, maxEpisodeSteps);
        ENTRIES.put(id, new Entry(descriptor, factory, null));
        aliases.forEach(alias -> ALIASES.put(alias, id));
    }

    /**
     * Registers an environment whose factory checks its own options (raw strings, including free-text ones such as
     * a ROM folder) and applies its own time limit; its descriptor is given, so registering makes no environment.
     */
    private static void registerSelfParsing(EnvDescriptor descriptor,
                                            Function<Map<String, String>, Environment> factory) {
        ENTRIES.put(descriptor.id(), new Entry(descriptor, null, factory));
        descriptor.aliases().forEach(alias -> ALIASES.put(alias, descriptor.id()));
        SELF_PARSING_IDS.add(descriptor.id());
    }

    private static Map<String, Object> defaults(List<EnvOption> options) {
        Map<String, Object> values = new HashMap<>();
        for (EnvOption option : options) {
            values.put(option.name(), option.parse("defaults", option.defaultValue()));
        }
        return values;
    }

    /** All registered environments, in a stable order. */
    public static List<EnvDescriptor> list() {
        return ENTRIES.values().stream().map(Entry::descriptor).toList();
    }

    /** The descriptor of an id or alias. */
    public static EnvDescriptor describe(String id) {
        return entry(id).descriptor();
    }

    public static Environment make(String id) {
        return make(id, Map.of());
    }

    /**
     * A new environment wrapped in its {@link TimeLimit} (none if {@code max_episode_steps} is 0). Unknown ids and options are rejected with a message that
     * lists the valid ones and suggests the nearest.
     */
    public static Environment make(String id, Map<String, String> options) {
        Entry entry = entry(id);
        if (entry.selfParsingFactory() != null) {
            return entry.selfParsingFactory().apply(options);
        }
        EnvDescriptor descriptor = entry.descriptor();
        Map<String, EnvOption> known = new LinkedHashMap<>();
        descriptor.options().forEach(o -> known.put(o.name(), o));
        Map<String, Object> values = defaults(descriptor.options());
        for (Map.Entry<String, String> option : options.entrySet()) {
            EnvOption spec = known.get(option.getKey());
            if (spec == null) {
                throw new IllegalArgumentException(descriptor.id() + " has no option '" + option.getKey() + "'"
                        + suggestion(option.getKey(), known.keySet()) + "; valid options: "
                        + String.join(", ", known.keySet()));
            }
            values.put(spec.name(), spec.parse(descriptor.id(), option.getValue()));
        }
        int maxEpisodeSteps = (Integer) values.get(MAX_EPISODE_STEPS);
        Environment env = entry.factory().apply(values);
        return maxEpisodeSteps == NO_TIME_LIMIT ? env : new TimeLimit(env, maxEpisodeSteps);
    }

    private static Entry entry(String id) {
        String canonical = ALIASES.getOrDefault(id, id);
        Entry entry = ENTRIES.get(canonical);
        if (entry == null) {
            List<String> valid = new ArrayList<>(ENTRIES.keySet());
            valid.addAll(ALIASES.keySet());
            throw new IllegalArgumentException("unknown environment id '" + id + "'" + suggestion(id, valid)
                    + "; valid ids: " + String.join(", ", ENTRIES.keySet().stream()
                            .filter(known -> !SELF_PARSING_IDS.contains(known)).toList())
                    + (SELF_PARSING_IDS.isEmpty() ? "" : ", " + AtariRegistration.summary())
                    + (ALIASES.isEmpty() ? "" : " (aliases: " + String.join(", ", ALIASES.keySet()) + ")"));
        }
        return entry;
    }

    private static String suggestion(String given, Collection<String> candidates) {
        return Suggestions.nearest(given, candidates).map(best -> " (did you mean '" + best + "'?)").orElse("");
    }
}
