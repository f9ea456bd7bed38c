package dev.qsweep.bench;

import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.ScoreSet;
import dev.qsweep.report.stats.StratifiedBootstrap;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Time per stratified-bootstrap interval ({@code dev.qsweep.report.stats}) with 2,000 resamples, for a small grid
 * (5 tasks × 3 runs) and one large task (1 × 10,000 runs): each estimator, probability of improvement between two such
 * sets, and a 101-threshold performance profile. Prints medians in ms over rounds after warm-up; thread CPU time
 * (robust on a shared machine), or wall time with {@code -Dbench.wall=true}.
 *
 * <p>The last line is the cost of the alternative the IQM kernel avoids: a full sort of each 10,000-score resample.
 *
 * <p>Run: {@code java [-Dbench.wall=true] [-Dbench.ties=true] -cp target/classes:$(cat target/classpath.txt)
 * dev.qsweep.bench.BootstrapBench [resamples]}.
 */
public final class BootstrapBench {
    private static final int ROUNDS = 7;
    private static final int WARMUP = 3;

    private BootstrapBench() {}

    public static void main(String[] args) {
        int resamples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(resamples, 0.95, 1);
        double[] taus = new double[101];
        for (int j = 0; j < taus.length; j++) {
            taus[j] = -0.5 + 0.025 * j;
        }
        System.out.printf("ms per interval, %d resamples, median of %d rounds (%s, %s)%n", resamples, ROUNDS,
                Boolean.getBoolean("bench.wall") ? "wall" : "thread CPU",
                Boolean.getBoolean("bench.ties") ? "scores on a 0.01 grid" : "distinct scores");
        System.out.printf("%-24s %12s %14s%n", "statistic", "5 tasks x 3", "1 task x 10000");
        ScoreSet[] small = {scores(5, 3, 1), scores(5, 3, 2)};
        ScoreSet[] large = {scores(1, 10_000, 3), scores(1, 10_000, 4)};
        for (Estimator estimator : Estimator.values()) {
            row(estimator.columnName(), () -> bootstrap.interval(small[0], estimator), () -> bootstrap.interval(large[0], estimator));
        }
        row("probability_of_improvement", () -> bootstrap.probabilityOfImprovement(small[0], small[1]),
                () -> bootstrap.probabilityOfImprovement(large[0], large[1]));
        row("profile (101 taus)", () -> bootstrap.performanceProfile(small[0], taus),
                () -> bootstrap.performanceProfile(large[0], taus));
        double[] values = large[0].runsByTask().get(0);
        double[] work = new double[values.length];
        double sortMillis = medianMillis(() -> {
            for (int b = 0; b < resamples; b++) {
                System.arraycopy(values, 0, work, 0, work.length);
                Arrays.sort(work);
            }
        });
        System.out.printf("%-24s %12s %14.1f%n", "(full sort per resample)", "", sortMillis);
    }

    private static void row(String name, Runnable small, Runnable large) {
        System.out.printf("%-24s %12.2f %14.1f%n", name, medianMillis(small), medianMillis(large));
    }

    /**
     * Normal scores around a task-specific mean; with {@code -Dbench.ties=true} rounded to 0.01 so that runs tie as
     * integer returns do (the default, all distinct, is the slower case for the IQM's counting by rank).
     */
    private static ScoreSet scores(int tasks, int runs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        List<double[]> runsByTask = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            names.add("task" + t);
            double[] values = new double[runs];
            for (int r = 0; r < runs; r++) {
                double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                values[r] = 0.5 + 0.1 * t + 0.3 * gaussian;
                if (Boolean.getBoolean("bench.ties")) {
                    values[r] = Math.round(values[r] * 100) / 100.0;
                }
            }
            runsByTask.add(values);
        }
        return new ScoreSet(names, runsByTask);
    }

    private static double medianMillis(Runnable call) {
        LongSupplier clock = Boolean.getBoolean("bench.wall") ? System::nanoTime
                : ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        double[] millis = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = clock.getAsLong();
            call.run();
            millis[r] = (clock.getAsLong() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[ROUNDS / 2];
    }
}
