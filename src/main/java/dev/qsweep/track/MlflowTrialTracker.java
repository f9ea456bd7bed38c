package dev.qsweep.track;

import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.Checkpoints;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.TrainStatsRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks one trial attempt in its MLflow child run, without ever making training wait for the server.
 *
 * <p>The training thread only appends points to an in-memory queue. A background thread finds or creates the run
 * (by its {@link RunKeys run key}, so retries and re-submissions reuse it), logs params and tags, and sends the queue
 * with {@code runs/log-batch} every {@link MlflowTarget#flushIntervalMillis} or whenever a full batch is waiting. When
 * a request fails it keeps the points, backs off (0.5 s doubling to 10 s) and tries again.
 *
 * <p>No point is sent twice: every metric gets at most one point per env step, and points of one key are sent in step
 * order, so the newest step the server holds per key (from {@code runs/get}) says exactly which points it has. The
 * thread reads it before the first send to a reused run and after any failed request (which may have been stored
 * even though the answer was lost), and drops queued points at or below it.
 *
 * <p>No point is lost: at each checkpoint the points not yet confirmed are saved with {@link PendingPoints}; a run
 * resumed from that checkpoint sends them first, and the deterministic rerun produces every later point again.
 */
public final class MlflowTrialTracker implements TrialTracker {
    public static final String EPISODE_RETURN = "episode_return";
    public static final String EPISODE_LENGTH = "episode_length";
    public static final String EPSILON = "epsilon";
    public static final String LOSS = "loss";
    public static final String Q_MEAN = "q_mean";
    public static final String EVAL_RETURN_MEAN = "eval_return_mean";
    public static final String EVAL_RETURN_STD = "eval_return_std";
    public static final String SPS = "sps";
    public static final String LEARNING_CURVE_ARTIFACT = "learning_curve.png";
    /** Checkpoints larger than this (Atari replay memories) are not uploaded; the run's checkpoint_uri tag names them. */
    static final long MAX_CHECKPOINT_ARTIFACT_BYTES = 256L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(MlflowTrialTracker.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final long ABANDON_TIMEOUT_MILLIS = 15_000;

    private final MlflowTarget target;
    private final TrialSpec trial;
    private final int attemptNumber;
    private final PendingPoints pending;
    private final String runKey;
    private final Sink sink = new Sink();
    private final Thread sender;

    private final Object lock = new Object();
    // Guarded by lock: points waiting, points of the request under way, and what the owner asked for.
    private final ArrayDeque<MetricPoint> queue = new ArrayDeque<>();
    private final List<MetricPoint> inFlight = new ArrayList<>();
    private boolean draining;
    private boolean stopping;
    private FinalWork finalWork;

    // Sender thread only (read by the owner after join).
    private MlflowServer server;
    private RunInfo run;
    private boolean runPrepared;
    private boolean needsSync;
    private final Map<String, Long> serverLatestStep = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong droppedAsPresent = new AtomicLong();
    private volatile boolean finished;

    /** What to record once every point is in. */
    private record FinalWork(TrialStatus status, String reason, byte[] checkpoint, long checkpointStep,
                             String checkpointUri) {
    }

    /**
     * Starts tracking; the background thread contacts the server at once (to show the run early) but training never
     * waits for it.
     */
    public MlflowTrialTracker(MlflowTarget target, TrialSpec trial, int attemptNumber, PendingPoints pending) {
        this.target = target;
        this.trial = trial;
        this.attemptNumber = attemptNumber;
        this.pending = pending;
        this.runKey = RunKeys.of(target.sweepRoot(), trial.trialId());
        this.sender = new Thread(this::sendLoop, "mlflow-" + trial.trialId());
        sender.setDaemon(true); // never keeps an executor alive
        sender.start();
    }

    @Override
    public MetricsSink sink() {
        return sink;
    }

    /** Points the server took from this attempt, and queued points it already had (a rerun's repeats). */
    public long pointsSent() {
        return sent.get();
    }

    public long pointsDroppedAsPresent() {
        return droppedAsPresent.get();
    }

    @Override
    public boolean finish(TrialStatus status, String reason, CheckpointStore checkpoints) {
        byte[] checkpoint = null;
        long checkpointStep = trial.steps();
        if (status == TrialStatus.DONE) {
            try {
                // A trial a scheduler stopped early ends at its rung's step, not at the sweep's budget: name it by that.
                checkpointStep = Checkpoints.latestStep(checkpoints).orElse(checkpointStep);
                checkpoint = Checkpoints.exportLatest(checkpoints, MAX_CHECKPOINT_ARTIFACT_BYTES).orElse(null);
            } catch (IOException e) {
                LOG.warn("MLflow: cannot read the final checkpoint of trial {} to upload it: {}", trial.trialId(), e.toString());
            }
        }
        synchronized (lock) {
            draining = true;
            finalWork = new FinalWork(status, reason, checkpoint, checkpointStep, checkpoints.location());
            lock.notifyAll();
        }
        if (awaitSender(target.finishTimeoutMillis())) {
            if (finished) {
                try {
                    // Complete on the server: no entry may stay, or the driver would complete the run again.
                    OptionalLong newest = status == TrialStatus.DONE ? OptionalLong.of(trial.steps()) : pending.latest();
                    if (newest.isPresent()) {
                        pending.delivered(newest.getAsLong());
                    }
                } catch (IOException e) {
                    LOG.warn("MLflow: trial {}'s run is complete, but its pending-points file stays: {}",
                            trial.trialId(), e.toString());
                }
            }
            return finished;
        }
        int left;
        synchronized (lock) {
            left = queue.size() + inFlight.size();
            stopping = true;
            lock.notifyAll();
        }
        // Let a request under way end, so whoever completes the run later reads what the server really has.
        awaitSender(ABANDON_TIMEOUT_MILLIS);
        if (status != TrialStatus.DONE) {
            keepUnsentOfStoppedTrial(status);
        }
        LOG.warn("MLflow: the server at {} did not take trial {}'s last {} metric points, status and artifacts within "
                        + "{} s; they are kept with its final checkpoint and the sweep's driver completes the run later.",
                target.trackingUri(), trial.trialId(), left, target.finishTimeoutMillis() / 1000);
        return false;
    }

    /**
     * A DONE trial's unsent points are in its final checkpoint's entry already. A FAILED or DIVERGED trial ends between
     * checkpoints, so its unsent points are kept now, in the newest entry (at step 0 if none), for the driver to send:
     * a DIVERGED trial is final, so all of them; a FAILED one is trained again from that checkpoint by the next
     * submission, which produces the points after it again, so only those up to it.
     */
    private void keepUnsentOfStoppedTrial(TrialStatus status) {
        try {
            long step = pending.latest().orElse(0);
            List<MetricPoint> unsent = new ArrayList<>();
            synchronized (lock) {
                unsent.addAll(inFlight);
                unsent.addAll(queue);
            }
            if (status == TrialStatus.FAILED) {
                unsent.removeIf(p -> p.step() > step);
            }
            pending.save(step, unsent);
        } catch (IOException e) {
            LOG.warn("MLflow: cannot keep trial {}'s unsent points: {}", trial.trialId(), e.toString());
        }
    }

    @Override
    public void abandon(String reason) {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        // Wait for a request under way: if it landed after the retry read the run, the retry would send it again.
        awaitSender(target.finishTimeoutMillis());
        if (run == null) {
            return;
        }
        String runId = run.getRunId();
        Thread kill = new Thread(() -> {
            try {
                server.setTag(runId, "status", "KILLED");
                server.terminate(runId, RunStatus.KILLED);
            } catch (RuntimeException e) {
                LOG.warn("MLflow: cannot mark run {} KILLED: {}", runId, MlflowServer.describe(e));
            }
        }, "mlflow-abandon-" + trial.trialId());
        kill.setDaemon(true);
        kill.start();
        try {
            kill.join(ABANDON_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitSender(long millis) {
        try {
            sender.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !sender.isAlive();
    }

    // ---- the background thread ----

    private void sendLoop() {
        long backoffMillis = 0;
        boolean failing = false;
        while (true) {
            synchronized (lock) {
                if (!waitForWork(backoffMillis)) {
                    return;
                }
            }
            try {
                prepareRun();
                sendQueued();
                FinalWork work;
                synchronized (lock) {
                    work = draining && queue.isEmpty() ? finalWork : null;
                }
                if (work != null) {
                    recordEnd(work);
                    finished = true;
                    LOG.info("MLflow: trial {} → run {}: {} points sent, {} already there", trial.trialId(),
                            run.getRunId(), sent.get(), droppedAsPresent.get());
                    return;
                }
                if (failing) {
                    LOG.warn("MLflow: the server at {} answers again; trial {} goes on sending", target.trackingUri(),
                            trial.trialId());
                    failing = false;
                }
                backoffMillis = 0;
            } catch (RuntimeException e) {
                synchronized (lock) {
                    for (int i = inFlight.size() - 1; i >= 0; i--) {
                        queue.addFirst(inFlight.get(i));
                    }
                    inFlight.clear();
                }
                needsSync = run != null; // the failed request may have been stored: ask before resending
                if (!failing) {
                    LOG.warn("MLflow: cannot reach the server at {} for trial {} ({}); training goes on, points wait "
                            + "in memory and are retried", target.trackingUri(), trial.trialId(), MlflowServer.describe(e));
                    failing = true;
                }
                backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, 2 * backoffMillis);
            }
        }
    }

    /** Waits (holding the lock) for a reason to talk to the server; false when the thread should end. */
    private boolean waitForWork(long backoffMillis) {
        long deadline = System.currentTimeMillis() + (backoffMillis > 0 ? backoffMillis : target.flushIntervalMillis());
        try {
            while (!stopping) {
                long now = System.currentTimeMillis();
                boolean urgent = backoffMillis == 0 && (draining || queue.size() >= MlflowServer.MAX_METRICS_PER_BATCH);
                if (urgent || now >= deadline) {
                    return true;
                }
                lock.wait(deadline - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Finds the trial's run (or creates it), logs its params and tags, and learns what the server already has. */
    private void prepareRun() {
        if (server == null) {
            server = new MlflowServer(target.trackingUri());
        }
        if (run == null) {
            List<RunInfo> existing = server.runsTagged(target.experimentId(), RunKeys.TAG, runKey);
            if (existing.isEmpty()) {
                run = server.createRun(target.experimentId(), runName(trial, target.variedSettings()), Map.of(RunKeys.TAG, runKey));
                needsSync = false;
            } else {
                run = existing.get(0);
                needsSync = true;
                server.markRunning(run.getRunId());
            }
        }
        if (!runPrepared) {
            Map<String, String> params = params(trial);
            if (needsSync) { // a reused run keeps its params: MLflow refuses to change one (a PBT member's settings do)
                server.run(run.getRunId()).getData().getParamsList().forEach(p -> params.remove(p.getKey()));
            }
            server.logParamsAndTags(run.getRunId(), params, tags());
            runPrepared = true;
        }
        if (needsSync) {
            serverLatestStep.clear();
            serverLatestStep.putAll(server.latestSteps(run.getRunId()));
            needsSync = false;
        }
    }

    private void sendQueued() {
        while (true) {
            List<MetricPoint> batch;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                takeBatch();
                if (inFlight.isEmpty()) {
                    return;
                }
                batch = List.copyOf(inFlight);
            }
            server.logMetrics(run.getRunId(), batch);
            synchronized (lock) {
                for (MetricPoint p : inFlight) {
                    serverLatestStep.merge(p.key(), p.step(), Math::max);
                }
                sent.addAndGet(inFlight.size());
                inFlight.clear();
            }
        }
    }

    /** Moves up to one batch from the queue into {@link #inFlight}, dropping points the server already holds. */
    private void takeBatch() {
        Iterator<MetricPoint> it = queue.iterator();
        while (it.hasNext() && inFlight.size() < MlflowServer.MAX_METRICS_PER_BATCH) {
            MetricPoint p = it.next();
            it.remove();
            Long latest = serverLatestStep.get(p.key());
            if (latest != null && p.step() <= latest) {
                droppedAsPresent.incrementAndGet();
            } else {
                inFlight.add(p);
            }
        }
    }

    private void recordEnd(FinalWork work) {
        String runId = run.getRunId();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("status", work.status().name());
        // What this attempt sent, and how many of its points the server already had (a resumed run's repeats).
        tags.put("points_sent", String.valueOf(sent.get()));
        tags.put("points_already_there", String.valueOf(droppedAsPresent.get()));
        tags.put("checkpoint_uri", work.checkpointUri());
        if (work.reason() != null) {
            tags.put("reason", work.reason().length() > 5000 ? work.reason().substring(0, 5000) : work.reason());
        }
        server.logParamsAndTags(runId, Map.of(), tags);
        uploadArtifacts(work);
        server.terminate(runId, work.status() == TrialStatus.DONE ? RunStatus.FINISHED : RunStatus.FAILED);
    }

    private void uploadArtifacts(FinalWork work) {
        String runId = run.getRunId();
        try {
            MlflowServer.proxiedPath(run.getArtifactUri());
        } catch (IOException e) {
            LOG.warn("MLflow: no artifacts for run {}: {}", runId, e.getMessage());
            return;
        }
        try {
            List<Metric> returns = server.history(runId, EPISODE_RETURN);
            List<Metric> evals = server.history(runId, EVAL_RETURN_MEAN);
            byte[] png = Charts.learningCurve(runName(trial, target.variedSettings()), points(returns), points(evals));
            server.putArtifact(run, LEARNING_CURVE_ARTIFACT, png, "image/png");
            if (work.checkpoint() != null) {
                server.putArtifact(run, String.format("checkpoint/checkpoint-%012d.zip", work.checkpointStep()),
                        work.checkpoint(), "application/octet-stream");
            }
        } catch (IOException e) {
            throw new IllegalStateException("artifact upload failed: " + e.getMessage(), e); // retried with backoff
        }
    }

    private static List<Charts.Point> points(List<Metric> metrics) {
        List<Charts.Point> points = new ArrayList<>(metrics.size());
        metrics.forEach(m -> points.add(new Charts.Point(m.getStep(), m.getValue())));
        points.sort((a, b) -> Long.compare(a.step(), b.step()));
        return points;
    }

    private Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.parentRunId", target.parentRunId());
        tags.put("mlflow.runName", runName(trial, target.variedSettings()));
        tags.put("trial_id", trial.trialId());
        tags.put("env", trial.envId());
        tags.put("seed", String.valueOf(trial.seed()));
        tags.put("status", "RUNNING");
        tags.put("sweep", trial.sweep());
        if (trial.variant() != null) {
            tags.put("variant", trial.variant());
        }
        tags.put("attempt", String.valueOf(attemptNumber + 1));
        tags.put(RunKeys.TAG, runKey);
        return tags;
    }

    /**
     * {@code learning_rate=0.001 target_update_interval=10 seed=1 CartPole-v1}; a trial of a variant starts with its
     * name: {@code +n_step learning_rate=0.001 … seed=1 MinAtar/Breakout-v1}.
     */
    public static String runName(TrialSpec trial, List<String> variedSettings) {
        // What varies comes first: the MLflow runs table cuts names at ~20 characters, and a common prefix such as
        // the env id would make every child look the same there.
        StringBuilder name = new StringBuilder(trial.variant() == null ? "" : trial.variant() + " ");
        for (String setting : variedSettings) {
            name.append(setting).append('=').append(trial.settings().get(setting)).append(' ');
        }
        return name.append("seed=").append(trial.seed()).append(' ').append(trial.envId()).toString();
    }

    /** Every resolved setting, the env and its options, the seed and the budget. */
    public static Map<String, String> params(TrialSpec trial) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("env", trial.envId());
        trial.envOptions().forEach((k, v) -> params.put("env_options." + k, v));
        params.put("seed", String.valueOf(trial.seed()));
        params.put("steps", String.valueOf(trial.steps()));
        trial.settings().forEach((k, v) -> params.put(k, String.valueOf(v)));
        return params;
    }

    // ---- the training thread's side ----

    private final class Sink implements MetricsSink {
        @Override
        public void onResume(long checkpointStep) throws IOException {
            List<MetricPoint> kept = pending.load(checkpointStep);
            synchronized (lock) {
                queue.removeIf(p -> p.step() > checkpointStep);
                for (int i = kept.size() - 1; i >= 0; i--) {
                    queue.addFirst(kept.get(i));
                }
                lock.notifyAll();
            }
        }

        @Override
        public void onEpisode(EpisodeRecord e) {
            add(EPISODE_RETURN, e.globalStep(), e.episodeReturn());
            add(EPISODE_LENGTH, e.globalStep(), e.length());
            add(EPSILON, e.globalStep(), e.epsilon());
        }

        @Override
        public void onEval(EvalRecord e) {
            add(EVAL_RETURN_MEAN, e.globalStep(), e.mean());
            add(EVAL_RETURN_STD, e.globalStep(), e.std());
        }

        @Override
        public void onTrainStats(TrainStatsRecord s) {
            add(LOSS, s.globalStep(), s.loss());
            add(Q_MEAN, s.globalStep(), s.meanQ());
            add(SPS, s.globalStep(), s.stepsPerSecond());
        }

        @Override
        public void onCheckpoint(long globalStep) throws IOException {
            List<MetricPoint> unconfirmed;
            synchronized (lock) {
                unconfirmed = new ArrayList<>(inFlight.size() + queue.size());
                unconfirmed.addAll(inFlight);
                unconfirmed.addAll(queue);
            }
            pending.save(globalStep, unconfirmed);
        }

        private void add(String key, long step, double value) {
            MetricPoint point = new MetricPoint(key, step, value, System.currentTimeMillis());
            synchronized (lock) {
                queue.addLast(point);
                if (queue.size() >= MlflowServer.MAX_METRICS_PER_BATCH) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** For tests: whether the last status and artifacts reached the server. */
    boolean finishedOnServer() {
        return finished;
    }

    Optional<String> runId() {
        return Optional.ofNullable(run).map(RunInfo::getRunId);
    }
}
