package dev.qsweep.agent;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide ND4J settings. Small networks are dominated by per-op overhead, so one thread per
 * trial is both the fastest and the fairest setting; tie {@code threads} to {@code spark.task.cpus}.
 * {@code OMP_NUM_THREADS} must also be set in the environment before the JVM starts, because
 * OpenMP reads it once when the native library loads.
 */
public final class Nd4jRuntime {
    private Nd4jRuntime() {}

    /** Caps ND4J's own and its BLAS's thread pools at {@code threads}. */
    public static void limitThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
