package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.SweepSpec;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.track.MlflowTarget;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The driver side of a sweep: checks the output, runs one Spark task per trial, and collects the outcomes. */
public final class SweepRunner {
    private static final Pattern LOCAL_WITH_RETRIES = Pattern.compile("local\\[[^,\\]]+,\\s*(\\d+)]");
    private static final int SPARK_DEFAULT_MAX_FAILURES = 4;

    /**
     * What a run produced.
     *
     * @param trainedSteps env steps trained by this submission (0 when every trial had finished before)
     */
    public record Result(SweepLayout layout, List<TrialOutcome> outcomes, long trainedSteps, double wallSeconds) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }
    }

    private SweepRunner() {
    }

    /**
     * The sweep's directory, {@code <output>/<name>}, qualified. Checks that the file system exists and the path can be
     * written, writing nothing.
     *
     * @throws SettingsException naming the output setting's file and line
     */
    public static SweepLayout layoutFor(SweepSpec spec, Configuration conf) {
        String where = spec.outputOrigin() + ": output: ";
        try {
            Path output = new Path(spec.output());
            FileSystem fs = output.getFileSystem(conf);
            Path root = new Path(fs.makeQualified(output), spec.name());
            Path existing = root;
            while (existing != null && !fs.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                throw new SettingsException(where + "no part of '" + root + "' exists. Check the URI.");
            }
            FileStatus status = fs.getFileStatus(existing);
            if (!status.isDirectory()) {
                throw new SettingsException(where + existing + " is a file, so " + root + " cannot be created. "
                        + "Choose another output directory.");
            }
            try {
                fs.access(existing, FsAction.WRITE);
            } catch (IOException e) {
                throw new SettingsException(where + existing + " is not writable (" + e.getMessage() + "). "
                        + "Choose a directory you can write to.");
            }
            return new SweepLayout(root.toString());
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof SettingsException settings) {
                throw settings;
            }
            throw new SettingsException(where + "cannot use '" + spec.output() + "': " + e.getMessage()
                    + ". Give a path or a URI of an available file system (file:, hdfs:, s3a: with its jars).", e);
        }
    }

    /**
     * Runs every trial of the plan, one Spark task each, and returns their outcomes in plan order. Finished trials are
     * skipped; failed and diverged ones are recorded, and the sweep goes on.
     *
     * @param progress receives a status line whenever a trial starts or ends, and every 30 s while trials run
     */
    public static Result run(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress) {
        return run(spark, plan, layout, progress, null);
    }

    /**
     * As {@link #run(SparkSession, SweepPlan, SweepLayout, Consumer)}, tracking each trial in MLflow when given. A sweep
     * with a scheduler runs rung by rung ({@link ScheduledSweep}), its child runs tagged with the decisions.
     */
    public static Result run(SparkSession spark, SweepPlan plan, SweepLayout layout, Consumer<String> progress,
                             MlflowTarget mlflow) {
        SparkContext sc = spark.sparkContext();
        int coresPerTrial = plan.spec().execution().coresPerTrial();
        int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
        if (taskCpus != coresPerTrial) {
            throw new IllegalStateException("spark.task.cpus is " + taskCpus + " but the sweep asks for "
                    + coresPerTrial + " cores per trial; build the session with SweepSessions");
        }
        if (!plan.spec().scheduler().isEmpty()) {
            return ScheduledSweep.run(spark, plan, layout, progress, mlflow);
        }
        return stage(spark, plan.trials(), Long.MAX_VALUE, layout, progress, mlflow,
                "qsweep " + plan.spec().name() + ": " + plan.trials().size() + " trials");
    }

    /**
     * One Spark stage: each of {@code trials} trains to {@code budgetSteps} (capped at its own steps) as its own task.
     * Outcomes come back in the order of {@code trials}.
     */
    static Result stage(SparkSession spark, List<TrialSpec> trials, long budgetSteps, SweepLayout layout,
                        Consumer<String> progress, MlflowTarget mlflow, String description) {
        SparkContext sc = spark.sparkContext();
        SweepCounters counters = new SweepCounters(sc);
        long totalSteps = trials.stream().mapToLong(t -> Math.min(budgetSteps, t.steps())).sum();
        long interval = sc.getConf().getLong(SweepProgress.INTERVAL_SETTING, 30);
        SweepProgress listener = new SweepProgress(trials.size(), totalSteps, interval, counters, progress);
        sc.addSparkListener(listener);
        long started = System.nanoTime();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
            jsc.setJobDescription(description);
            // As many partitions as trials: each trial is its own task, scheduled and retried alone.
            List<TrialOutcome> outcomes = jsc.parallelize(trials, trials.size())
                    .map(new TrialTask(layout, maxAttempts(sc), counters, mlflow, budgetSteps))
                    .collect();
            listener.finish();
            return new Result(layout, outcomes, counters.trainedSteps.value(), (System.nanoTime() - started) / 1e9);
        } finally {
            sc.removeSparkListener(listener);
        }
    }

    /** How many times Spark runs a task before giving up: local[N,F] says F; clusters use spark.task.maxFailures. */
    static int maxAttempts(SparkContext sc) {
        String master = sc.master();
        if (master.startsWith("local")) {
            Matcher retries = LOCAL_WITH_RETRIES.matcher(master);
            return retries.matches() ? Integer.parseInt(retries.group(1)) : 1;
        }
        return sc.getConf().getInt("spark.task.maxFailures", SPARK_DEFAULT_MAX_FAILURES);
    }
}
