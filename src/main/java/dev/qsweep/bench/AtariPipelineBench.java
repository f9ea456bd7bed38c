package dev.qsweep.bench;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.wrappers.ArcadeEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frames per second of the DQN Atari pipeline — PongNoFrameskip-v4 with {@code preprocess=atari} (Gymnasium's
 * AtariPreprocessing + 4 stacked frames) — next to its Python peer, {@code scripts/bench_atari_pipeline.py}, in the
 * same run: same pipeline, same actions, same frames (AleParityTest checks the frames agree). Reset time included.
 *
 * <p>Run pinned to one core: {@code taskset -c 0 java -cp … dev.qsweep.bench.AtariPipelineBench [--steps N]
 * [--runs R] [--python PATH] [--emulator]}; the Python child inherits the pinning. Without {@code --python} only Java
 * runs. {@code --emulator} times the bare emulator instead, on both sides: per agent step four {@code act} calls and
 * two grayscale screens, the least any frame-skip-4 pipeline must do, which bounds what wrappers can gain.
 */
public final class AtariPipelineBench {

    static final int FRAME_SKIP = 4;

    private AtariPipelineBench() {
    }

    /** The action sequence both benches use (see the Python peer's {@code action_at}). */
    static int actionAt(long t) {
        return (int) ((t * 7 + (t >> 3)) % 6);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int steps = 20_000;
        int runs = 5;
        String python = null;
        boolean emulatorOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--emulator" -> emulatorOnly = true;
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--python" -> python = args[++i];
                default -> {
                    System.err.println("usage: AtariPipelineBench [--steps N] [--runs R] [--python PATH] [--emulator];"
                            + " unknown " + args[i]);
                    System.exit(2);
                }
            }
        }
        Environment env = emulatorOnly ? EnvRegistry.make("PongNoFrameskip-v4", Map.of())
                : EnvRegistry.make("PongNoFrameskip-v4", Map.of("preprocess", "atari"));
        env.reset(0);
        ArcadeEmulator emulator = emulatorOnly ? ArcadeEmulator.find(env, "--emulator") : null;
        timedRun(env, emulator, Math.max(1, steps / 4)); // warm-up: JIT compilation
        // Rounds alternate Java and Python runs, so both see the same machine load (it is shared and noisy).
        double[] javaRates = new double[runs];
        double[] pythonRates = new double[python == null ? 0 : runs];
        double[] ratios = new double[pythonRates.length];
        for (int r = 0; r < runs; r++) {
            javaRates[r] = steps / timedRun(env, emulator, steps);
            if (python != null) {
                pythonRates[r] = runPeer(python, steps, emulatorOnly);
                ratios[r] = javaRates[r] / pythonRates[r];
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %10s %10s   %s%n", emulatorOnly ? "EMULATOR" : "PIPELINE", "STEPS/S", "FRAMES/S",
                "per round (steps/s), median of " + runs + " rounds of " + steps + " steps");
        double javaMedian = median(javaRates);
        System.out.printf(Locale.ROOT, "%-10s %10.0f %10.0f   %s%n", "qsweep", javaMedian, FRAME_SKIP * javaMedian,
                format(javaRates, "%.0f"));
        if (python != null) {
            double pythonMedian = median(pythonRates);
            System.out.printf(Locale.ROOT, "%-10s %10.0f %10.0f   %s%n", emulatorOnly ? "ale-py" : "gymnasium", pythonMedian,
                    FRAME_SKIP * pythonMedian, format(pythonRates, "%.0f"));
            System.out.printf(Locale.ROOT, "ratio qsweep/%s: median of rounds %.2f (rounds: %s)%n", emulatorOnly ? "ale-py" : "gymnasium",
                    median(ratios), format(ratios, "%.2f"));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Seconds to take {@code steps} agent steps of the fixed action sequence (on the bare emulator if given). */
    private static double timedRun(Environment env, ArcadeEmulator emulator, int steps) {
        if (emulator != null) {
            return timedEmulatorRun(emulator, steps);
        }
        long checksum = 0;
        long start = System.nanoTime();
        for (int t = 0; t < steps; t++) {
            var result = env.step(actionAt(t));
            checksum += (long) result.observation()[3 * 84 * 84 + 42 * 84 + 42];
            if (result.done()) {
                env.reset();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checksum == -1) {
            System.out.print(""); // keeps the observations alive
        }
        return seconds;
    }

    /** Four frames per agent step, grayscale screens of the last two (what max-pooling reads), reset at game over. */
    private static double timedEmulatorRun(ArcadeEmulator emulator, int steps) {
        byte[] screen = new byte[emulator.screenHeight() * emulator.screenWidth()];
        long checksum = 0;
        long start = System.nanoTime();
        for (int t = 0; t < steps; t++) {
            boolean over = false;
            for (int frame = 0; frame < FRAME_SKIP && !over; frame++) {
                over = emulator.stepWithoutObservation(actionAt(t)).terminated();
                if (frame >= FRAME_SKIP - 2) {
                    emulator.screenGrayscale(screen);
                    checksum += screen[100 * 160 + 80];
                }
            }
            if (over) {
                emulator.reset();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checksum == -1) {
            System.out.print("");
        }
        return seconds;
    }

    /** One timed run of the Python peer (after its own warm-up); its agent steps per second. */
    private static double runPeer(String python, int steps, boolean emulatorOnly) throws IOException, InterruptedException {
        Path script = Path.of("scripts", "bench_atari_pipeline.py");
        if (!Files.isRegularFile(script)) {
            throw new IOException("run from the repository root: " + script.toAbsolutePath() + " not found");
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--steps", Integer.toString(steps),
                "--runs", "1"));
        if (emulatorOnly) {
            command.add("--emulator");
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (process.waitFor() != 0) {
            throw new IOException("the Python peer failed (exit " + process.exitValue() + "); does " + python
                    + " have ale-py, gymnasium and opencv-python-headless?");
        }
        Matcher m = Pattern.compile("\"median_steps_per_s\": ([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IOException("unexpected peer output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String format(double[] values, String pattern) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, pattern, value));
        }
        return out.toString();
    }
}
