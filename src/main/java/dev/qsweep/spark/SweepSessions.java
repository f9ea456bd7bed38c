package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.SweepSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession a sweep runs in, with the sweep's cores per trial as {@code spark.task.cpus}. */
public final class SweepSessions {
    static final String SPECULATION = "spark.speculation";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

    private SweepSessions() {
    }

    /**
     * A session for the sweep. {@code master} may be null when spark-submit sets it.
     *
     * @throws SettingsException when a local master has fewer cores than one trial needs (its tasks would never start)
     */
    public static SparkSession create(SweepSpec spec, String master) {
        validate(spec, master);
        int cores = spec.execution().coresPerTrial();
        SparkSession.Builder builder = SparkSession.builder()
                .appName("qsweep " + spec.name())
                .config("spark.task.cpus", cores)
                // A speculative copy of a trial would train it twice and race on its checkpoints and segments.
                .config(SPECULATION, false)
                // Trials are independent; OpenMP in the executors should use only the trial's cores.
                .config("spark.executorEnv.OMP_NUM_THREADS", cores)
                .config("spark.ui.showConsoleProgress", false)
                // The trials table has a column per setting; keep plans printable without a warning.
                .config("spark.sql.debug.maxToStringFields", 200);
        if (master != null) {
            builder.master(master);
        }
        SparkSession session = builder.getOrCreate();
        if (session.sparkContext().getConf().getBoolean(SPECULATION, false)) { // a session made before ours
            throw speculationOn(spec);
        }
        return session;
    }

    private static SettingsException speculationOn(SweepSpec spec) {
        return new SettingsException(spec.source() + ": " + SPECULATION + " is on in this Spark configuration, so Spark "
                + "could run a second copy of a slow trial that trains it again and races on its checkpoints. Remove "
                + "--conf " + SPECULATION + "=true (or its line in spark-defaults.conf) for qsweep jobs.");
    }

    /** Checks, before anything starts, that speculation is off and a local master can run one trial at all. */
    public static void validate(SweepSpec spec, String master) {
        if (new SparkConf().getBoolean(SPECULATION, false)) { // spark-submit's --conf and defaults, before Spark starts
            throw speculationOn(spec);
        }
        int cores = spec.execution().coresPerTrial();
        Matcher local = master == null ? null : LOCAL.matcher(master);
        if (local == null || !local.matches()) {
            return;
        }
        String threads = local.group(1);
        int available = threads == null ? 1 : threads.equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads);
        if (available < cores) {
            throw new SettingsException(spec.source() + ": spark.cores_per_trial is " + cores + " but --master "
                    + master + " has " + available + " core(s), so no trial could start. Lower cores_per_trial or "
                    + "give the master more cores, e.g. local[" + cores + "].");
        }
    }
}
