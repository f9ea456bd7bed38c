package dev.qsweep.env.atari;

import dev.qsweep.config.Suggestions;
import dev.qsweep.env.Environment;
import dev.qsweep.env.wrappers.AtariPreprocessing;
import dev.qsweep.env.wrappers.ClipReward;
import dev.qsweep.env.wrappers.EpisodicLife;
import dev.qsweep.env.wrappers.FireReset;
import dev.qsweep.env.wrappers.FrameStack;
import dev.qsweep.env.wrappers.GrayscaleResize;
import dev.qsweep.env.wrappers.MaxAndSkip;
import dev.qsweep.env.wrappers.NoopReset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code preprocess} option: a comma-separated chain of wrappers, applied left to right (the first wraps the
 * emulator), each {@code name} or {@code name:N}:
 *
 * <ul>
 *   <li>{@code noop_reset[:30]}, {@code max_and_skip[:4]}, {@code episodic_life}, {@code fire_reset},
 *       {@code clip_reward}, {@code gray_resize[:84]}, {@code frame_stack[:4]} — SB3's Atari wrappers and
 *       Gymnasium's FrameStackObservation;</li>
 *   <li>{@code atari_preprocessing[:4]} — Gymnasium's {@code AtariPreprocessing} (noop_max 30, the given
 *       frame_skip, screen 84, grayscale); {@code atari_preprocessing_life_loss[:4]} the same with
 *       {@code terminal_on_life_loss=True}. Must come first.</li>
 * </ul>
 *
 * Named chains: {@code atari} = {@code atari_preprocessing,frame_stack:4} (Gymnasium's usual DQN setup; use it on a
 * NoFrameskip-v4 id or frameskip=1), {@code atari_life_loss} likewise with terminal on life loss, and {@code sb3} =
 * SB3's {@code AtariWrapper} + 4 stacked frames ({@code fire_reset} only for games with FIRE). Empty or {@code none}:
 * no wrappers.
 */
public final class Preprocessing {

    /** One wrapper of a chain; {@code argument} is empty for wrappers that take none. */
    public record Step(String name, OptionalInt argument) {
        @Override
        public String toString() {
            return argument.isPresent() ? name + ":" + argument.getAsInt() : name;
        }
    }

    private record Kind(int defaultArgument, int minimum, int maximum, String meaning) {
        boolean takesArgument() {
            return meaning != null;
        }
    }

    private static final int NONE = -1;
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();
    private static final Map<String, String> NAMED_CHAINS = new LinkedHashMap<>();

    static {
        KINDS.put("noop_reset", new Kind(30, 1, 10_000, "the most no-ops after a reset"));
        KINDS.put("max_and_skip", new Kind(4, 1, 1000, "frames per step"));
        KINDS.put("episodic_life", new Kind(NONE, 0, 0, null));
        KINDS.put("fire_reset", new Kind(NONE, 0, 0, null));
        KINDS.put("clip_reward", new Kind(NONE, 0, 0, null));
        KINDS.put("gray_resize", new Kind(84, 1, 160, "output width and height"));
        KINDS.put("frame_stack", new Kind(4, 1, 1000, "frames stacked"));
        KINDS.put("atari_preprocessing", new Kind(4, 1, 1000, "frames per step"));
        KINDS.put("atari_preprocessing_life_loss", new Kind(4, 1, 1000, "frames per step"));
        NAMED_CHAINS.put("atari", "atari_preprocessing:4,frame_stack:4");
        NAMED_CHAINS.put("atari_life_loss", "atari_preprocessing_life_loss:4,frame_stack:4");
        NAMED_CHAINS.put("sb3", "noop_reset:30,max_and_skip:4,episodic_life,fire_reset?,gray_resize:84,clip_reward,"
                + "frame_stack:4");
    }

    private Preprocessing() {
    }

    /** Parses a spec (see the class comment); an error names the bad element, what is accepted and the nearest name. */
    public static List<Step> parse(String spec) {
        String trimmed = spec.trim();
        if (trimmed.isEmpty() || trimmed.equals("none")) {
            return List.of();
        }
        String expanded = NAMED_CHAINS.getOrDefault(trimmed, trimmed);
        List<Step> steps = new ArrayList<>();
        String[] elements = expanded.split(",", -1);
        for (int i = 0; i < elements.length; i++) {
            steps.add(parseElement(spec, i, elements[i].trim()));
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).name().startsWith("atari_preprocessing")) {
                throw new IllegalArgumentException("preprocess=" + spec + ": " + steps.get(i).name()
                        + " must be the first element (it reads the emulator's screens directly)");
            }
        }
        return List.copyOf(steps);
    }

    private static Step parseElement(String spec, int index, String element) {
        String name = element;
        String argument = null;
        int colon = element.indexOf(':');
        if (colon >= 0) {
            name = element.substring(0, colon).trim();
            argument = element.substring(colon + 1).trim();
        }
        boolean optional = name.endsWith("?"); // only in named chains: "if the game allows it"
        String lookup = optional ? name.substring(0, name.length() - 1) : name;
        Kind kind = KINDS.get(lookup);
        if (kind == null) {
            List<String> candidates = new ArrayList<>(KINDS.keySet());
            candidates.addAll(NAMED_CHAINS.keySet());
            throw new IllegalArgumentException("preprocess=" + spec + ": element " + index + " ('" + element
                    + "') is not a wrapper" + Suggestions.nearest(lookup.isEmpty() ? element : lookup, candidates)
                            .map(best -> " (did you mean '" + best + "'?)").orElse("")
                    + "; valid wrappers: " + String.join(", ", KINDS.keySet()) + "; named chains: "
                    + String.join(", ", NAMED_CHAINS.keySet()) + "; write name or name:N, comma-separated");
        }
        if (argument == null) {
            return new Step(name, kind.takesArgument() ? OptionalInt.of(kind.defaultArgument()) : OptionalInt.empty());
        }
        if (!kind.takesArgument()) {
            throw new IllegalArgumentException("preprocess=" + spec + ": " + lookup + " takes no argument; write '"
                    + lookup + "' instead of '" + element + "'");
        }
        int value;
        try {
            value = Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preprocess=" + spec + ": " + lookup + ":" + argument
                    + " needs an integer (" + kind.meaning() + "), e.g. " + lookup + ":" + kind.defaultArgument());
        }
        if (value < kind.minimum() || value > kind.maximum()) {
            throw new IllegalArgumentException("preprocess=" + spec + ": " + lookup + ":" + value + " is out of range; "
                    + kind.meaning() + " must be in [" + kind.minimum() + ", " + kind.maximum() + "], e.g. "
                    + lookup + ":" + kind.defaultArgument());
        }
        return new Step(name, OptionalInt.of(value));
    }

    /** Wraps {@code ale} in the steps, first step innermost. */
    public static Environment apply(List<Step> steps, AleEnvironment ale) {
        Environment env = ale;
        for (Step step : steps) {
            String name = step.name();
            if (name.endsWith("?")) {
                name = name.substring(0, name.length() - 1);
                if (name.equals("fire_reset") && !hasFire(ale)) {
                    continue;
                }
            }
            int argument = step.argument().orElse(NONE);
            env = switch (name) {
                case "noop_reset" -> new NoopReset(env, argument);
                case "max_and_skip" -> {
                    requireNoFrameskip(ale, step);
                    yield new MaxAndSkip(env, argument);
                }
                case "episodic_life" -> new EpisodicLife(env);
                case "fire_reset" -> new FireReset(env);
                case "clip_reward" -> new ClipReward(env);
                case "gray_resize" -> new GrayscaleResize(env, argument);
                case "frame_stack" -> new FrameStack(env, argument);
                case "atari_preprocessing", "atari_preprocessing_life_loss" -> {
                    if (argument > 1) {
                        requireNoFrameskip(ale, step);
                    }
                    yield new AtariPreprocessing(ale, 30, argument, 84, name.endsWith("life_loss"));
                }
                default -> throw new IllegalStateException("unhandled wrapper " + name);
            };
        }
        return env;
    }

    private static boolean hasFire(AleEnvironment ale) {
        return ale.actionMeanings().size() >= 3 && ale.actionMeanings().get(1).equals("FIRE");
    }

    private static void requireNoFrameskip(AleEnvironment ale, Step step) {
        int frameskip = ale.settings().frameskip();
        if (frameskip != 1) {
            throw new IllegalArgumentException(ale.id() + " already skips " + frameskip + " frames per step, so " + step
                    + " would skip " + frameskip * step.argument().orElse(1) + "; use the NoFrameskip-v4 id or the"
                    + " option frameskip=1");
        }
    }
}
