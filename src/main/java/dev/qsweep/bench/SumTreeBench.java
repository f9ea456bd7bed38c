package dev.qsweep.bench;

import dev.qsweep.agent.rainbow.PrioritizedSampling;
import dev.qsweep.agent.rainbow.SumTree;
import dev.qsweep.rng.NumpyGenerator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Cost of prioritized replay's sum tree ({@link SumTree}) per training batch at replay size N (default 1M, every
 * slot filled) and batch 32: stratified sampling (32 draws and descents), the importance weights, and the update of
 * the 32 sampled priorities from new TD errors (α = 0.6, ε = 1e-6), alone and together, plus the insertion of a new
 * transition at the max priority. Prints the median ns per batch (per insertion) over rounds of 20,000 after warm-up;
 * thread CPU time, or wall time with {@code -Dbench.wall=true}.
 *
 * <p>Run (needs only the compiled classes): {@code taskset -c 0 java -cp target/classes dev.qsweep.bench.SumTreeBench
 * [N] [batch]}.
 */
public final class SumTreeBench {
    private static final int ROUNDS = 7;
    private static final int WARMUP = 3;
    private static final int BATCHES_PER_ROUND = 20_000;

    private SumTreeBench() {}

    public static void main(String[] args) {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        SumTree tree = new SumTree(capacity);
        NumpyGenerator fill = new NumpyGenerator(1);
        for (int i = 0; i < capacity; i++) tree.set(i, PrioritizedSampling.priority(fill.uniform(-3, 3), 0.6, 1e-6));
        double[] tdErrors = fill.uniform(-3, 3, 1 << 16);
        NumpyGenerator rng = new NumpyGenerator(2);
        int[] slots = new int[batch];
        double[] priorities = new double[batch];
        float[] weights = new float[batch];
        int[] cursor = {0};

        Runnable sample = () -> {
            for (int b = 0; b < BATCHES_PER_ROUND; b++) tree.sampleStratified(rng, batch, slots, priorities);
        };
        Runnable update = () -> {
            for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                for (int k = 0; k < batch; k++) {
                    int i = cursor[0]++ & (tdErrors.length - 1);
                    tree.set((int) ((i * 2_654_435_761L) % capacity), PrioritizedSampling.priority(tdErrors[i], 0.6, 1e-6));
                }
            }
        };
        Runnable full = () -> {
            for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                tree.sampleStratified(rng, batch, slots, priorities);
                PrioritizedSampling.normalisedWeights(priorities, batch, 0.5, weights);
                for (int k = 0; k < batch; k++) {
                    int i = cursor[0]++ & (tdErrors.length - 1);
                    tree.set(slots[k], PrioritizedSampling.priority(tdErrors[i], 0.6, 1e-6));
                }
            }
        };
        int[] next = {0};
        Runnable insert = () -> {
            for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                tree.setToMax(next[0]);
                next[0] = (next[0] + 1) % capacity;
            }
        };
        System.out.printf("sum tree, N = %,d, batch %d: median ns over %d rounds of %,d (%s)%n", capacity, batch, ROUNDS,
                BATCHES_PER_ROUND, Boolean.getBoolean("bench.wall") ? "wall" : "thread CPU");
        System.out.printf("%-48s %10.0f ns/batch%n", "stratified sample (" + batch + " draws + descents)", median(sample));
        System.out.printf("%-48s %10.0f ns/batch%n", "update " + batch + " priorities", median(update));
        System.out.printf("%-48s %10.0f ns/batch%n", "sample + IS weights + update sampled", median(full));
        System.out.printf("%-48s %10.0f ns/insert%n", "new transition at max priority", median(insert));
    }

    private static double median(Runnable round) {
        LongSupplier clock = Boolean.getBoolean("bench.wall") ? System::nanoTime
                : ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
        for (int i = 0; i < WARMUP; i++) round.run();
        double[] ns = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = clock.getAsLong();
            round.run();
            ns[r] = (double) (clock.getAsLong() - start) / BATCHES_PER_ROUND;
        }
        Arrays.sort(ns);
        return ns[ROUNDS / 2];
    }
}
