package dev.qsweep.agent;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide ND4J settings. Small networks are dominated by per-op overhead, so one thread per
 * trial is both the fastest and the fairest setting; tie {@code threads} to {@code spark.task.cpus}.
 * {@code OMP_NUM_THREADS} must also be set in the environment before the JVM starts, because
 * OpenMP reads it once when the native library loads.
 */
public final class Nd4jRuntime {
    private Nd4jRuntime() {}

    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /**
     * Stops JavaCPP from polling the process's resident size on every native allocation (its
     * {@code maxPhysicalBytes} guard): ND4J allocates small shape buffers for every op, and that poll was
     * ~25% of a small network's training step. Effective only before JavaCPP's {@code Pointer} class
     * loads, so also pass {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0} on the command line.
     * JavaCPP's {@code maxBytes} guard (off-heap bytes it allocated) stays on.
     */
    public static void preferFastNativeAllocation() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

    /** Skips ND4J's per-op workspace-scope validation (the default SCOPE_PANIC mode). */
    public static void disableOpValidation() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    /**
     * Everything that makes small networks fast, for a JVM that runs trials: {@link #limitThreads},
     * {@link #disableOpValidation}, and {@link #preferFastNativeAllocation} (if still in time).
     */
    public static void configureForSmallNetworks(int threads) {
        preferFastNativeAllocation();
        limitThreads(threads);
        disableOpValidation();
    }

    /** Caps ND4J's own and its BLAS's thread pools at {@code threads}. */
    public static void limitThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
