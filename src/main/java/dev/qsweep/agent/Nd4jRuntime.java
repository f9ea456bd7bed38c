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
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String AVX2_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx2/libjnind4jcpu.so";

    /**
     * Loads nd4j-native's AVX2 build ({@code linux-x86_64-avx2} classifier) when it is on the class path and the CPU
     * has AVX2 and FMA: its element-wise ops are compiled for AVX2, which halves DL4J's Adam step on the Nature CNN
     * (docs/benchmarks/cnn.md). JavaCPP reads the choice once, when ND4J's natives load, so call this first; an
     * explicit {@code -Dorg.bytedeco.javacpp.platform.extension} always wins.
     */
    public static void preferAvx2Natives() {
        boolean present = Nd4jRuntime.class.getClassLoader().getResource(AVX2_LIBRARY) != null;
        if (wantsAvx2(System.getProperty(PLATFORM_EXTENSION), present, present ? cpuFlags() : "")) {
            System.setProperty(PLATFORM_EXTENSION, "-avx2");
        }
    }

    /** The decision of {@link #preferAvx2Natives}: nothing chosen yet, the AVX2 build present, the CPU able to run it. */
    static boolean wantsAvx2(String currentExtension, boolean avx2BuildPresent, String cpuFlags) {
        if (currentExtension != null || !avx2BuildPresent) return false;
        java.util.Set<String> flags = java.util.Set.of(cpuFlags.trim().split("\\s+"));
        return flags.contains("avx2") && flags.contains("fma");
    }

    /** The {@code flags} line of the first CPU in /proc/cpuinfo, or "" where there is none. */
    private static String cpuFlags() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) return line.substring(line.indexOf(':') + 1);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not readable: keep the portable build
        }
        return "";
    }

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
        preferAvx2Natives();
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
