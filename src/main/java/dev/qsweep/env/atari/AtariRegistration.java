package dev.qsweep.env.atari;

import dev.qsweep.config.Suggestions;
import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvOption;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.wrappers.TimeLimit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Atari ids as ale-py 0.11.2 registers them: {@code ALE/<Game>-v5} for every game (frameskip 4, sticky actions
 * 0.25) and {@code <Game>NoFrameskip-v4} for the legacy games (frameskip 1, no sticky actions), all with the minimal
 * action set and truncation after 108,000 frames ({@code max_num_frames_per_episode}); like Gymnasium there is no
 * step-count time limit unless {@code max_episode_steps} is given. Options are ale-py's {@code AtariEnv} kwargs plus
 * {@code rom_dir} (see {@link RomLocator}) and {@code preprocess} (see {@link Preprocessing}).
 */
public final class AtariRegistration {

    public static final String FRAMESKIP = "frameskip";
    public static final String REPEAT_ACTION_PROBABILITY = "repeat_action_probability";
    public static final String FULL_ACTION_SPACE = "full_action_space";
    public static final String MODE = "mode";
    public static final String DIFFICULTY = "difficulty";
    public static final String OBS_TYPE = "obs_type";
    public static final String MAX_NUM_FRAMES_PER_EPISODE = "max_num_frames_per_episode";
    public static final String ROM_DIR = "rom_dir";
    public static final String PREPROCESS = "preprocess";

    /** ale-py's registration: 108k frames, 30 minutes of play. */
    public static final int MAX_NUM_FRAMES = 108_000;

    /** An id with its descriptor and the factory that parses its options. */
    public record Registration(EnvDescriptor descriptor, Function<Map<String, String>, Environment> factory) {
    }

    private static final Space.Box RGB_SPACE = AleEnvironment.screenSpace(AleEnvironment.ObsType.RGB);

    private AtariRegistration() {
    }

    /** Every Atari id, v5 first then v4, each in ROM order. */
    public static List<Registration> all() {
        List<Registration> registrations = new ArrayList<>();
        for (AtariGames.Game game : AtariGames.all()) {
            registrations.add(registration("ALE/" + game.name() + "-v5", game, 4, 0.25));
        }
        for (AtariGames.Game game : AtariGames.all()) {
            if (game.legacy()) {
                registrations.add(registration(game.name() + "NoFrameskip-v4", game, 1, 0.0));
            }
        }
        return registrations;
    }

    /** How "unknown id" messages mention the Atari ids instead of listing all of them. */
    public static String summary() {
        return "ALE/<Game>-v5 for " + AtariGames.all().size() + " games and <Game>NoFrameskip-v4 for "
                + AtariGames.all().stream().filter(AtariGames.Game::legacy).count()
                + " of them (Game as in ale-py, e.g. Pong, Breakout, SpaceInvaders; see 'env list')";
    }

    private static Registration registration(String id, AtariGames.Game game, int frameskip, double sticky) {
        List<EnvOption> options = options(frameskip, sticky);
        EnvDescriptor descriptor = new EnvDescriptor(id, List.of(), RGB_SPACE,
                new Space.Discrete(game.minimalActionCount()), options, Integer.MAX_VALUE);
        return new Registration(descriptor, raw -> make(descriptor, game, raw, RomLocator.ofThisProcess()));
    }

    private static List<EnvOption> options(int frameskip, double sticky) {
        return List.of(
                EnvOption.integer(FRAMESKIP, frameskip, 1, 1000, "emulator frames per step (the action repeats)"),
                EnvOption.number(REPEAT_ACTION_PROBABILITY, sticky, 0, 1,
                        "per frame, probability of repeating the previous frame's action (sticky actions)"),
                EnvOption.bool(FULL_ACTION_SPACE, false, "all 18 joystick actions instead of the game's minimal set"),
                EnvOption.integer(MODE, -1, -1, 255, "game mode (-1: the ROM's default; valid modes depend on the game)"),
                EnvOption.integer(DIFFICULTY, -1, -1, 255, "game difficulty (-1: the ROM's default)"),
                EnvOption.choice(OBS_TYPE, "rgb", List.of("rgb", "grayscale"),
                        "rgb: 210x160x3 screen; grayscale: ALE's 210x160 luminance screen"),
                EnvOption.integer(MAX_NUM_FRAMES_PER_EPISODE, MAX_NUM_FRAMES, 0, Integer.MAX_VALUE,
                        "emulator frames after which an episode is truncated (0: never)"),
                EnvOption.text(ROM_DIR, "", "<folder>", folder -> { }, "folder holding <rom>.bin (default: $ALE_ROM_DIR, then ale-py's roms/)"),
                EnvOption.text(PREPROCESS, "", "<spec>", Preprocessing::parse, "wrapper chain, e.g. atari or noop_reset:30,max_and_skip:4,"
                        + "episodic_life,fire_reset,clip_reward,gray_resize:84,frame_stack:4 (see Preprocessing)"),
                EnvOption.integer(EnvRegistry.MAX_EPISODE_STEPS, Integer.MAX_VALUE, 1, Integer.MAX_VALUE,
                        "agent steps after which the episode is truncated (default: no limit, as Gymnasium)"));
    }


    /** Makes the environment of {@code descriptor} with raw string options, as EnvRegistry.make. */
    static Environment make(EnvDescriptor descriptor, AtariGames.Game game, Map<String, String> raw,
                            RomLocator locator) {
        String id = descriptor.id();
        Map<String, EnvOption> known = new LinkedHashMap<>();
        descriptor.options().forEach(o -> known.put(o.name(), o));
        Map<String, Object> values = new HashMap<>();
        for (EnvOption option : descriptor.options()) {
            if (!isText(option)) {
                values.put(option.name(), option.parse(id, option.defaultValue()));
            }
        }
        String romDir = "";
        String preprocess = "";
        for (Map.Entry<String, String> option : raw.entrySet()) {
            EnvOption spec = known.get(option.getKey());
            if (spec == null) {
                throw new IllegalArgumentException(id + " has no option '" + option.getKey() + "'"
                        + Suggestions.nearest(option.getKey(), known.keySet())
                                .map(best -> " (did you mean '" + best + "'?)").orElse("")
                        + "; valid options: " + String.join(", ", known.keySet()));
            }
            switch (spec.name()) {
                case ROM_DIR -> romDir = option.getValue().trim();
                case PREPROCESS -> preprocess = option.getValue().trim();
                default -> values.put(spec.name(), spec.parse(id, option.getValue()));
            }
        }
        List<Preprocessing.Step> steps = Preprocessing.parse(preprocess); // bad specs fail before a ROM loads
        Path rom = locator.find(game, romDir);
        AleEnvironment.Settings settings = new AleEnvironment.Settings(id, game, rom, (Integer) values.get(FRAMESKIP),
                (Double) values.get(REPEAT_ACTION_PROBABILITY), (Boolean) values.get(FULL_ACTION_SPACE),
                (Integer) values.get(MODE), (Integer) values.get(DIFFICULTY),
                values.get(OBS_TYPE).equals("rgb") ? AleEnvironment.ObsType.RGB : AleEnvironment.ObsType.GRAYSCALE,
                (Integer) values.get(MAX_NUM_FRAMES_PER_EPISODE));
        AleEnvironment ale = new AleEnvironment(settings);
        Environment env = Preprocessing.apply(steps, ale);
        return new TimeLimit(env, (Integer) values.get(EnvRegistry.MAX_EPISODE_STEPS));
    }

    private static boolean isText(EnvOption option) {
        return option.kind() == EnvOption.Kind.TEXT;
    }
}
