package dev.qsweep.track;

import dev.qsweep.config.BuildInfo;
import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.MlflowSettings;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.SweepSpec;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClientException;

/**
 * The driver's side of MLflow tracking: decides whether tracking is on, checks the server before Spark starts, opens
 * the sweep's one parent run (the same in every submission; job file and trial plan as artifacts), and at the end logs
 * the sweep's summary metrics and chart to it.
 */
public final class MlflowSweepRun {
    public static final String TRACKING_URI_VARIABLE = "MLFLOW_TRACKING_URI";
    public static final String SUMMARY_ARTIFACT = "sweep_summary.png";
    public static final String PLAN_ARTIFACT = "trial_plan.tsv";
    /** JVM properties (driver) to tune how often trials send and how long a finishing trial waits for the server. */
    public static final String FLUSH_INTERVAL_PROPERTY = "qsweep.mlflow.flushIntervalMillis";
    public static final String FINISH_TIMEOUT_PROPERTY = "qsweep.mlflow.finishTimeoutMillis";
    /** How long the driver, after the trials, tries to complete runs their tasks could not (default 10 minutes). */
    public static final String COMPLETION_TIMEOUT_PROPERTY = "qsweep.mlflow.completionTimeoutMillis";
    public static final long DEFAULT_COMPLETION_TIMEOUT_MILLIS = 600_000;
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);
    /** Finds a sweep's parent run again: its qualified output directory ({@code <output>/<name>}). */
    public static final String SWEEP_KEY_TAG = "qsweep.sweep_key";
    /** The parent's metric counting submissions: one point per submission, step and value its number. */
    public static final String SUBMISSIONS_METRIC = "submissions";
    /** {@code qsweep.submission.<n>}: when, who, how many trials; {@code ….<n>.end}: how a killed one ended. */
    public static final String SUBMISSION_TAG_PREFIX = "qsweep.submission.";
    static final String EXPERIMENT_KIND_TAG = "mlflow.experimentKind";
    static final String CUSTOM_MODEL_DEVELOPMENT = "custom_model_development";

    /**
     * Where a sweep is tracked.
     *
     * @param source what set the URI, for messages: {@code jobs/x.conf:12: mlflow.tracking_uri} or the variable
     */
    public record Destination(String trackingUri, String experiment, String source) {
    }

    private final MlflowServer server;
    private final RunInfo parent;
    private final MlflowTarget target;
    private final long submission;

    private MlflowSweepRun(MlflowServer server, RunInfo parent, MlflowTarget target, long submission) {
        this.server = server;
        this.parent = parent;
        this.target = target;
        this.submission = submission;
    }

    /**
     * Tracking is on when the sweep file sets {@code mlflow.tracking_uri}, or else the environment sets
     * {@value #TRACKING_URI_VARIABLE}. Checks the URI and that an MLflow server answers there, writing nothing; says
     * once on {@code err} when tracking is off.
     *
     * @throws SettingsException for a malformed or non-http URI, or a server that does not answer
     */
    public static Optional<Destination> destination(SweepSpec spec, Map<String, String> environment, PrintWriter err) {
        MlflowSettings settings = spec.mlflow();
        String uri = settings.trackingUri();
        String source = settings.origin() + ": mlflow.tracking_uri";
        if (uri == null) {
            String fromEnvironment = environment.get(TRACKING_URI_VARIABLE);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                err.println("qsweep: MLflow tracking is off (set mlflow { tracking_uri = \"http://127.0.0.1:5000\" } in "
                        + spec.source() + " or " + TRACKING_URI_VARIABLE + " to turn it on; bin/mlflow-server starts a server)");
                err.flush();
                return Optional.empty();
            }
            source = "environment variable " + TRACKING_URI_VARIABLE;
            uri = MlflowSettings.checkTrackingUri(fromEnvironment, source);
        }
        try (MlflowServer server = new MlflowServer(uri)) {
            server.checkReachable(CHECK_TIMEOUT);
        } catch (IOException e) {
            throw new SettingsException(source + ": cannot use the MLflow server: " + e.getMessage()
                    + ". Start it (bin/mlflow-server serves http://127.0.0.1:5000), fix the URL, or remove the setting "
                    + "to run without tracking.", e);
        }
        String experiment = settings.experiment() != null ? settings.experiment() : spec.name();
        return Optional.of(new Destination(uri, experiment, source));
    }

    /**
     * Finds or creates the experiment and the sweep's one parent run, and records this submission on it. The parent is
     * found again by its tag {@value #SWEEP_KEY_TAG} (the sweep's output directory, i.e. output + name), so every
     * submission of a sweep, and every trial run it resumes, stays under one parent. A parent still RUNNING here was
     * left by a submission that was killed (the sweep's lock keeps two from running at once): it is closed KILLED,
     * the closing recorded, and then it is RUNNING again for this submission.
     *
     * @param sweepRoot the sweep's qualified output directory (identifies trial runs across submissions)
     * @throws SettingsException when the experiment is deleted or the server refuses
     */
    public static MlflowSweepRun start(Destination destination, SweepPlan plan, Path jobFile, String sweepRoot,
                                       PrintWriter err) {
        MlflowServer server = new MlflowServer(destination.trackingUri());
        try {
            String experimentId = experimentId(server, destination);
            BuildInfo build = BuildInfo.current();
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("qsweep_version", build.version());
            tags.put("git_commit", build.gitCommit());
            tags.put("mlflow.source.git.commit", build.gitCommit());
            tags.put("job_file", jobFile.getFileName().toString());
            tags.put("sweep", plan.spec().name());
            tags.put("sweep_root", sweepRoot);
            tags.put(SWEEP_KEY_TAG, sweepRoot);
            tags.put("trials", String.valueOf(plan.trials().size()));
            Optional<RunInfo> existing = sweepParent(server, experimentId, sweepRoot);
            RunInfo parent;
            long submission;
            if (existing.isEmpty()) {
                parent = server.createRun(experimentId, plan.spec().name() + " (sweep)", tags);
                submission = 1;
                server.logParamsAndTags(parent.getRunId(), sweepParams(plan), Map.of());
            } else {
                parent = existing.get();
                Map<String, Long> latest = server.latestSteps(parent.getRunId());
                submission = latest.getOrDefault(SUBMISSIONS_METRIC, 0L) + 1;
                if (parent.getStatus() == RunStatus.RUNNING) {
                    server.terminate(parent.getRunId(), RunStatus.KILLED);
                    tags.put(SUBMISSION_TAG_PREFIX + (submission - 1) + ".end", "KILLED: still RUNNING when submission "
                            + submission + " started (its driver stopped without closing the run)");
                    err.println("qsweep: MLflow: the sweep's run " + parent.getRunId() + " was still RUNNING from a "
                            + "submission that stopped without closing it; closed it KILLED, and it runs again now");
                }
                server.markRunning(parent.getRunId());
                // Params cannot change on a run: a setting added to the file since is logged, a changed one stays.
                Map<String, String> params = new LinkedHashMap<>(sweepParams(plan));
                server.run(parent.getRunId()).getData().getParamsList().forEach(p -> params.remove(p.getKey()));
                server.logParamsAndTags(parent.getRunId(), params, Map.of());
            }
            tags.put(SUBMISSION_TAG_PREFIX + submission, Instant.now() + " " + System.getProperty("user.name") + "@"
                    + host() + ": " + plan.trials().size() + " trials, " + jobFile.getFileName());
            server.logParamsAndTags(parent.getRunId(), Map.of(), tags);
            server.logMetrics(parent.getRunId(), List.of(new MetricPoint(SUBMISSIONS_METRIC, submission, submission,
                    System.currentTimeMillis())));
            MlflowSweepRun run = new MlflowSweepRun(server, parent, new MlflowTarget(destination.trackingUri(),
                    experimentId, parent.getRunId(), sweepRoot, plan.variedSettings(),
                    Long.getLong(FLUSH_INTERVAL_PROPERTY, MlflowTarget.DEFAULT_FLUSH_INTERVAL_MILLIS),
                    Long.getLong(FINISH_TIMEOUT_PROPERTY, MlflowTarget.DEFAULT_FINISH_TIMEOUT_MILLIS)), submission);
            run.uploadPlan(plan, jobFile, err);
            err.println("qsweep: MLflow tracking to " + destination.trackingUri() + ", experiment '"
                    + destination.experiment() + "', run " + parent.getRunId() + " (submission " + submission + "): "
                    + run.runUrl());
            err.flush();
            return run;
        } catch (MlflowClientException e) {
            server.close();
            throw new SettingsException(destination.source() + ": the MLflow server at " + destination.trackingUri()
                    + " refused to open the sweep's run: " + MlflowServer.describe(e), e);
        }
    }

    /** The sweep's parent run: the first one opened with its key (an older qsweep made one per submission, untagged). */
    private static Optional<RunInfo> sweepParent(MlflowServer server, String experimentId, String sweepRoot) {
        List<RunInfo> parents = server.runsTagged(experimentId, SWEEP_KEY_TAG, sweepRoot);
        return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(parents.size() - 1));
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Sets tags on a trial's run of this sweep (for example a scheduler's rung and decision), if the run exists yet.
     *
     * @return whether the trial has a run to tag
     */
    public boolean tagTrial(String trialId, Map<String, String> tags) {
        List<RunInfo> runs = server.runsTagged(target.experimentId(), RunKeys.TAG, RunKeys.of(target.sweepRoot(), trialId));
        if (runs.isEmpty()) {
            return false;
        }
        server.logParamsAndTags(runs.get(0).getRunId(), Map.of(), tags);
        return true;
    }

    private static String experimentId(MlflowServer server, Destination destination) {
        Optional<Experiment> existing = server.experimentByName(destination.experiment());
        if (existing.isEmpty()) {
            String id = server.createExperiment(destination.experiment());
            // MLflow 3's UI opens an experiment without this tag in its GenAI view; ours holds training runs.
            server.setExperimentTag(id, EXPERIMENT_KIND_TAG, CUSTOM_MODEL_DEVELOPMENT);
            return id;
        }
        if ("deleted".equals(existing.get().getLifecycleStage())) {
            throw new SettingsException(destination.source() + ": the MLflow experiment '" + destination.experiment()
                    + "' is deleted. Restore it (mlflow experiments restore --experiment-id "
                    + existing.get().getExperimentId() + ") or set mlflow.experiment to another name.");
        }
        return existing.get().getExperimentId();
    }

    private static Map<String, String> sweepParams(SweepPlan plan) {
        SweepSpec spec = plan.spec();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("env", String.join(",", spec.envs().stream().map(e -> e.envId()).toList()));
        params.put("preset", String.join(",", spec.envs().stream().map(e -> String.valueOf(e.preset())).toList()));
        params.put("steps", String.valueOf(spec.steps()));
        params.put("seeds", spec.seeds().toString());
        params.put("trials", String.valueOf(plan.trials().size()));
        params.put("varied_settings", String.join(",", plan.variedSettings()));
        spec.grid().forEach((k, v) -> params.put("grid." + k, v.toString()));
        if (spec.hasVariants()) {
            params.put("variants", String.join(",", spec.variants().stream().map(v -> v.name()).toList()));
        }
        return params;
    }

    /** The executors' view of this run. */
    public MlflowTarget target() {
        return target;
    }

    public String runId() {
        return parent.getRunId();
    }

    /**
     * The experiment's runs table, where the sweep's parent run holds its trials' runs. MLflow 3's UI opens an
     * experiment in its GenAI view unless the URL asks for the machine-learning workflow.
     */
    public String runUrl() {
        return target.trackingUri() + "/#/experiments/" + target.experimentId() + "/runs?workflowType=machine_learning";
    }

    private void uploadPlan(SweepPlan plan, Path jobFile, PrintWriter err) {
        try {
            server.putArtifact(parent, "job/" + jobFile.getFileName(), Files.readAllBytes(jobFile), "text/plain");
            server.putArtifact(parent, PLAN_ARTIFACT, planTable(plan).getBytes(StandardCharsets.UTF_8), "text/plain");
        } catch (IOException e) {
            err.println("qsweep: warning: MLflow: could not upload the job file and trial plan: " + e.getMessage());
        }
    }

    /** One line per trial: index, id, seed and the varied settings, tab-separated with a header. */
    static String planTable(SweepPlan plan) {
        StringBuilder text = new StringBuilder("# " + plan.describe() + "\n");
        List<String> header = new ArrayList<>(List.of("trial_index", "trial_id", "env", "seed"));
        if (plan.spec().hasVariants()) {
            header.add("variant");
        }
        header.addAll(plan.variedSettings());
        text.append(String.join("\t", header)).append('\n');
        for (TrialSpec t : plan.trials()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(t.index()), t.trialId(), t.envId(),
                    String.valueOf(t.seed())));
            if (plan.spec().hasVariants()) {
                row.add(t.variant());
            }
            plan.variedSettings().forEach(s -> row.add(String.valueOf(t.settings().get(s))));
            text.append(String.join("\t", row)).append('\n');
        }
        return text.toString();
    }

    /**
     * The best configuration by mean final evaluation (over seeds).
     *
     * @param settings the varied settings' values
     */
    public record BestConfiguration(Map<String, Object> settings, double mean, double std, long seeds) {
    }

    /**
     * Logs the sweep's outcome to the parent run and closes it FINISHED: trial counts, the best configuration's mean
     * final evaluation (each at step = this submission's number), and the summary chart. Problems are warnings: the
     * sweep's results are already in its tables.
     */
    public void finish(List<TrialOutcome> outcomes, BestConfiguration best, List<Charts.ConfigurationCurves> curves,
                       PrintWriter err) {
        String runId = parent.getRunId();
        try {
            List<MetricPoint> metrics = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (TrialStatus status : TrialStatus.values()) {
                long count = outcomes.stream().filter(o -> o.status() == status).count();
                metrics.add(new MetricPoint("trials_" + status.name().toLowerCase(), submission, count, now));
            }
            metrics.add(new MetricPoint("trials_skipped", submission, outcomes.stream().filter(TrialOutcome::skipped).count(), now));
            Map<String, String> tags = new LinkedHashMap<>();
            if (best != null && !Double.isNaN(best.mean())) {
                metrics.add(new MetricPoint("best_final_eval_mean", submission, best.mean(), now));
                if (!Double.isNaN(best.std())) {
                    metrics.add(new MetricPoint("best_final_eval_std", submission, best.std(), now));
                }
                metrics.add(new MetricPoint("best_seeds", submission, best.seeds(), now));
                best.settings().forEach((k, v) -> tags.put("best." + k, String.valueOf(v)));
            }
            server.logMetrics(runId, metrics);
            server.logParamsAndTags(runId, Map.of(), tags);
            if (!curves.isEmpty()) {
                byte[] png = Charts.sweepSummary(parent.getRunName() + ": evaluation of the best configurations", curves);
                server.putArtifact(parent, SUMMARY_ARTIFACT, png, "image/png");
            }
            server.terminate(runId, RunStatus.FINISHED);
        } catch (IOException | RuntimeException e) {
            err.println("qsweep: warning: MLflow: could not record the sweep's summary in run " + runId + ": "
                    + MlflowServer.describe(e));
        } finally {
            server.close();
        }
    }

    /** Where {@link #logReport} puts the report's files in the parent run. */
    public static final String REPORT_ARTIFACTS = "report";

    /**
     * Uploads a {@code qsweep report}'s files as artifacts {@code report/<name>} of the sweep's parent run: the run in
     * {@code experiment} tagged {@value #SWEEP_KEY_TAG} = {@code sweepRoot} (or, for a sweep tracked by an older qsweep,
     * the first tagged {@code sweep_root = sweepRoot}).
     *
     * @return the parent run's id, or empty when the experiment has no run of this sweep
     * @throws IOException when the server does not take a file
     */
    public static Optional<String> logReport(String trackingUri, String experiment, String sweepRoot,
                                             Map<String, byte[]> files) throws IOException {
        try (MlflowServer server = new MlflowServer(trackingUri)) {
            Optional<Experiment> found = server.experimentByName(experiment);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Optional<RunInfo> sweepParent = sweepParent(server, found.get().getExperimentId(), sweepRoot);
            if (sweepParent.isEmpty()) { // a sweep tracked by an older qsweep: its newest parent
                sweepParent = server.runsTagged(found.get().getExperimentId(), "sweep_root", sweepRoot).stream().findFirst();
            }
            if (sweepParent.isEmpty()) {
                return Optional.empty();
            }
            RunInfo parent = sweepParent.get();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String name = file.getKey();
                String type = name.endsWith(".png") ? "image/png" : name.endsWith(".html") ? "text/html"
                        : name.endsWith(".csv") ? "text/csv" : "text/plain";
                server.putArtifact(parent, REPORT_ARTIFACTS + "/" + name, file.getValue(), type);
            }
            return Optional.of(parent.getRunId());
        }
    }

    /** The sweep stopped with an error: the parent run is closed FAILED (best effort). */
    public void fail(Throwable cause, PrintWriter err) {
        try {
            String message = String.valueOf(cause);
            server.setTag(parent.getRunId(), "error", message.length() > 5000 ? message.substring(0, 5000) : message);
            server.terminate(parent.getRunId(), RunStatus.FAILED);
        } catch (RuntimeException e) {
            err.println("qsweep: warning: MLflow: could not mark run " + parent.getRunId() + " FAILED: "
                    + MlflowServer.describe(e));
        } finally {
            server.close();
        }
    }
}
