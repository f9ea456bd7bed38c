package dev.qsweep.agent;

import java.util.Locale;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide ND4J settings. Small networks are dominated by per-op overhead, so one thread per
 * trial is both the fastest and the fairest setting; tie {@code threads} to {@code spark.task.cpus}.
 * {@code OMP_NUM_THREADS} must also be set in the environment before the JVM starts, because
 * OpenMP reads it once when the native library loads.
 *
 * <p>The backend: ND4J picks the highest-priority backend on the classpath, and reads the priorities once from the
 * environment variables {@code BACKEND_PRIORITY_CPU} / {@code BACKEND_PRIORITY_GPU}; a JVM cannot change them later.
 * So {@code bin/qsweep} (and, for Spark executors, {@code spark.executorEnv.*}) sets them from the choice
 * {@code QSWEEP_BACKEND=cpu|cuda} (CPU by default, also in a jar built with {@code -Pcuda}), and passes the choice
 * on as {@code -Dqsweep.backend}; {@link #checkBackend} then fails fast when ND4J loaded another one.
 */
public final class Nd4jRuntime {
    private Nd4jRuntime() {}

    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    /** System property naming the backend a run asked for: {@code cpu} (default) or {@code cuda}. */
    public static final String BACKEND_PROPERTY = "qsweep.backend";

    /** The ND4J backends qsweep ships: the CPU one always, the CUDA one in a jar built with {@code -Pcuda}. */
    public enum Backend {
        CPU, CUDA;

        /** {@code cpu} or {@code cuda} (any case); anything else is refused with the accepted names. */
        public static Backend parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown ND4J backend '" + name + "' in " + BACKEND_PROPERTY
                        + " / QSWEEP_BACKEND: use cpu or cuda", e);
            }
        }
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
     * {@link #disableOpValidation}, and {@link #preferFastNativeAllocation} (if still in time); and
     * {@link #checkBackend} against the backend the run asked for.
     */
    public static void configureForSmallNetworks(int threads) {
        preferFastNativeAllocation();
        checkBackend(requestedBackend());
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

    /** The backend asked for by {@code -Dqsweep.backend}; CPU when unset. */
    public static Backend requestedBackend() {
        String name = System.getProperty(BACKEND_PROPERTY);
        return name == null || name.isBlank() ? Backend.CPU : Backend.parse(name);
    }

    /** The backend ND4J loaded in this JVM (loading it if it was not yet). */
    public static Backend loadedBackend() {
        String backendClass = Nd4j.getBackend().getClass().getName();
        return backendClass.contains("jcublas") ? Backend.CUDA : Backend.CPU;
    }

    /** Fails with what to do when ND4J loaded another backend than {@code requested}. */
    public static void checkBackend(Backend requested) {
        Backend loaded = loadedBackend();
        if (loaded == requested) return;
        if (requested == Backend.CUDA) {
            throw new IllegalStateException("QSWEEP_BACKEND=cuda asked for ND4J's CUDA backend, but ND4J loaded the CPU "
                    + "one. Build the GPU jar with ./mvnw -Pcuda package, run on a node with CUDA 11.6 and cuDNN 8.3, and "
                    + "set BACKEND_PRIORITY_GPU above BACKEND_PRIORITY_CPU (bin/qsweep does that for QSWEEP_BACKEND=cuda; "
                    + "on Spark pass --conf spark.executorEnv.BACKEND_PRIORITY_GPU=200). ND4J's log line 'Skipped "
                    + "[JCublasBackend] backend (unavailable)' says why it was not loaded.");
        }
        throw new IllegalStateException("qsweep runs on the CPU by default, but ND4J loaded its CUDA backend. Set "
                + "QSWEEP_BACKEND=cuda to train on the GPU, or BACKEND_PRIORITY_CPU above BACKEND_PRIORITY_GPU to stay on "
                + "the CPU (bin/qsweep does that by default; on Spark pass --conf spark.executorEnv.BACKEND_PRIORITY_CPU=200).");
    }
}
