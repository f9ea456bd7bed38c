package dev.qsweep.cli;

import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvOption;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep env}: inspect the environments and roll one out with given actions. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Inspect environments and roll them out.",
        subcommands = {EnvCommand.ListCommand.class, EnvCommand.RolloutCommand.class})
public final class EnvCommand implements Callable<Integer> {

    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** {@code env list}: a table of ids, spaces, time limits and options. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List environment ids, spaces and options.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-28s %-26s %-12s %-10s %s%n";
            out.printf(format, "ID", "OBSERVATION", "ACTIONS", "MAX STEPS", "OPTIONS (default; accepted)");
            for (EnvDescriptor d : EnvRegistry.list()) {
                List<String> options = new ArrayList<>();
                for (EnvOption o : d.options()) {
                    options.add(o.name() + "=" + o.defaultValue() + " (" + o.accepts() + ")");
                }
                out.printf(format, d.id(), d.observationSpace(), d.actionSpace(),
                        d.maxEpisodeSteps() == EnvRegistry.NO_TIME_LIMIT ? "none" : d.maxEpisodeSteps(),
                        options.isEmpty() ? "-" : options.get(0));
                for (int i = 1; i < options.size(); i++) {
                    out.printf(format, "", "", "", "", options.get(i));
                }
                if (!d.aliases().isEmpty()) {
                    out.printf(format, "", "", "", "", "also accepted as: " + String.join(", ", d.aliases()));
                }
            }
            out.flush();
            return CommandLine.ExitCode.OK;
        }
    }

    /** {@code env rollout}: JSON Lines of a seeded reset and the steps taken with the given actions. */
    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = "Reset with a seed, apply the actions, print JSON Lines; stops when the episode ends.")
    static final class RolloutCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ENV_ID", description = "environment id, see 'env list'")
        String envId;

        @Option(names = "--seed", required = true, paramLabel = "S", description = "reset seed (>= 0)")
        long seed;

        @Option(names = "--actions", required = true, paramLabel = "A0,A1,...",
                description = "comma-separated actions (integers in the action space)")
        String actions;

        @Option(names = "--env-opt", paramLabel = "KEY=VALUE", description = "environment option, repeatable")
        Map<String, String> envOptions = new LinkedHashMap<>();

        @Option(names = "--obs-format", paramLabel = "FORMAT", defaultValue = "array",
                description = "array: observations as numbers (default); sha256: the SHA-256 hex of the raw "
                        + "observation bytes (uint8, or float32 little-endian), as key obs_sha256")
        String obsFormat;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Environment env;
            int[] actionList;
            float[] firstObservation;
            try {
                if (seed < 0) {
                    throw new IllegalArgumentException("--seed must be >= 0 (Gymnasium rejects negative seeds), got "
                            + seed);
                }
                if (!obsFormat.equals("array") && !obsFormat.equals("sha256")) {
                    throw new IllegalArgumentException("--obs-format " + obsFormat + " is not a format; use array or"
                            + " sha256" + dev.qsweep.config.Suggestions.didYouMean(obsFormat, List.of("array", "sha256")));
                }
                env = EnvRegistry.make(envId, envOptions);
                if (obsFormat.equals("sha256") && !(env.observationSpace() instanceof Space.Box)) {
                    throw new IllegalArgumentException("--obs-format sha256 needs image or vector (Box) observations; "
                            + env.id() + " has " + env.observationSpace() + "; use --obs-format array");
                }
                actionList = parseActions(actions, env.actionSpace());
                firstObservation = env.reset(seed); // may reject the seed, e.g. MinAtar's 32-bit range
            } catch (IllegalArgumentException e) {
                err.println("env rollout: " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            // Build all output first so a failure never leaves partial JSON on stdout.
            StringBuilder lines = new StringBuilder();
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("type", "reset");
            reset.put("seed", seed);
            putObservation(reset, firstObservation, env.observationSpace());
            lines.append(Json.object(reset)).append('\n');
            for (int t = 0; t < actionList.length; t++) {
                StepResult r = env.step(actionList[t]);
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("type", "step");
                step.put("t", t);
                step.put("action", actionList[t]);
                putObservation(step, r.observation(), env.observationSpace());
                step.put("reward", r.reward());
                step.put("terminated", r.terminated());
                step.put("truncated", r.truncated());
                lines.append(Json.object(step)).append('\n');
                if (r.done()) {
                    break;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(lines);
            out.flush();
            return CommandLine.ExitCode.OK;
        }

        private void putObservation(Map<String, Object> line, float[] observation, Space space) {
            if (obsFormat.equals("sha256")) {
                line.put("obs_sha256", sha256Hex(observation, ((Space.Box) space).dtype()));
            } else {
                line.put("obs", observationValue(observation, space));
            }
        }

        /** SHA-256 of the observation as numpy holds it: one byte per uint8 value, or float32 little-endian. */
        static String sha256Hex(float[] observation, Space.DType dtype) {
            java.nio.ByteBuffer bytes;
            if (dtype == Space.DType.UINT8) {
                bytes = java.nio.ByteBuffer.allocate(observation.length);
                for (float value : observation) {
                    bytes.put((byte) (int) value);
                }
            } else {
                bytes = java.nio.ByteBuffer.allocate(4 * observation.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float value : observation) {
                    bytes.putFloat(value);
                }
            }
            try {
                return java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        static int[] parseActions(String text, Space.Discrete space) {
            String trimmed = text.trim();
            if (trimmed.isEmpty()) {
                return new int[0];
            }
            String[] parts = trimmed.split(",", -1);
            int[] parsed = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].trim();
                try {
                    parsed[i] = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--actions: element " + i + " ('" + part
                            + "') is not an integer; give comma-separated integers such as 0,1,1,0");
                }
                if (parsed[i] < 0 || parsed[i] >= space.n()) {
                    throw new IllegalArgumentException("--actions: element " + i + " (" + parsed[i]
                            + ") is outside the action space " + space + "; use integers 0.." + (space.n() - 1));
                }
            }
            return parsed;
        }

        /**
         * A float32 Box observation as a list of floats (printed so they parse back exactly), a uint8 Box one as a
         * list of integers (MinAtar: 0/1 in [row][column][channel] order), a Discrete one as an int.
         */
        static Object observationValue(float[] observation, Space space) {
            if (space instanceof Space.Discrete) {
                return (int) observation[0];
            }
            if (space instanceof Space.Box box && box.dtype() == Space.DType.UINT8) {
                List<Integer> integers = new ArrayList<>(observation.length);
                for (float value : observation) {
                    integers.add((int) value);
                }
                return integers;
            }
            List<Float> values = new ArrayList<>(observation.length);
            for (float value : observation) {
                values.add(value);
            }
            return values;
        }
    }

    /** Runs the command on its own, e.g. {@code java -cp … dev.qsweep.cli.EnvCommand rollout CartPole-v1 …}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EnvCommand()).execute(args));
    }
}
