package dev.qsweep.bench;

import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Environment steps per second for each registered environment alone, with uniformly random actions and resets
 * on episode end (reset time included). Warms up, then prints the median of several timed runs.
 * Pin it for stable numbers: {@code taskset -c 0 java -cp … dev.qsweep.bench.EnvThroughput [stepsPerRun] [runs]}.
 */
public final class EnvThroughput {

    private EnvThroughput() {
    }

    public static void main(String[] args) {
        int stepsPerRun = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf("%-25s %15s %15s%n", "ENV", "MEDIAN STEPS/S", "MIN..MAX");
        for (EnvDescriptor d : EnvRegistry.list()) {
            if (d.id().startsWith("ALE/") || d.id().endsWith("NoFrameskip-v4")) {
                continue; // Atari games are measured as a pipeline by AtariPipelineBench
            }
            Environment env = EnvRegistry.make(d.id());
            SplittableRandom actions = new SplittableRandom(42);
            env.reset(0);
            timedRun(env, actions, stepsPerRun); // warm-up: JIT compilation
            timedRun(env, actions, stepsPerRun);
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) {
                rates[r] = stepsPerRun / timedRun(env, actions, stepsPerRun);
            }
            Arrays.sort(rates);
            System.out.printf("%-25s %15s %15s%n", d.id(), format(rates[runs / 2]),
                    format(rates[0]) + ".." + format(rates[runs - 1]));
        }
    }

    /** Seconds to take {@code steps} random steps. */
    private static double timedRun(Environment env, SplittableRandom actions, int steps) {
        int n = env.actionSpace().n();
        long checksum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            var result = env.step(actions.nextInt(n));
            checksum += Float.floatToRawIntBits(result.observation()[0]);
            if (result.done()) {
                env.reset();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checksum == 42) {
            System.out.print(""); // keeps the loop's results alive
        }
        return seconds;
    }

    private static String format(double rate) {
        return rate >= 1e6 ? String.format("%.2fM", rate / 1e6) : String.format("%.0fk", rate / 1e3);
    }
}
