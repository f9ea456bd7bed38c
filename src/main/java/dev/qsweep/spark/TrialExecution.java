package dev.qsweep.spark;

import dev.qsweep.agent.Nd4jRuntime;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowTarget;
import dev.qsweep.track.MlflowTrialTracker;
import dev.qsweep.track.TrialTracker;
import dev.qsweep.train.DivergedException;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.TrainResult;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial on an executor: skips it if an earlier submission finished it, otherwise trains it with the core
 * trainer — resuming from its newest checkpoint — and writes its row of the trials table.
 *
 * <p>Failure policy: divergence is deterministic, so it is recorded at once, with the episodes up to it, and is final:
 * later submissions report it without re-running it. An output that refuses writes (read-only, full) fails the trial at
 * once with a one-line reason, since a retry would write to the same output. Any other exception is rethrown while
 * Spark has attempts left (the retry resumes from the checkpoint), and recorded as FAILED on the last attempt so the
 * sweep goes on.
 *
 * <p>Safety: an attempt claims the trial before it writes ({@link AttemptFence}) and checks the claim before every
 * commit, so a superseded attempt still running stops instead of replacing the newer one's files. A finished trial's
 * files are checksummed ({@link TrialManifest}); a re-submission verifies them, and a trial with damaged files trains
 * again from before the damage instead of counting as finished.
 */
final class TrialExecution {
    private static final Logger LOG = LoggerFactory.getLogger(TrialExecution.class);
    /** In a trial's checkpoint directory once it diverged: its step, a newline and the reason. */
    static final String DIVERGED_MARKER = "DIVERGED";
    private final TrialSpec trial;
    private final SweepLayout layout;
    private final int attemptNumber;
    private final int maxAttempts;
    private final int cores;
    private final MlflowTarget mlflow;
    private final LiveSteps liveSteps;
    private final long budgetSteps;

    /**
     * @param mlflow    where to track the trial, or null for no tracking
     * @param liveSteps where the trial's step count goes while it trains, for the driver's progress line
     * @param budgetSteps train to this step (a scheduler's rung), at most the trial's steps; below them the trial
     *                    checkpoints there and writes no trials row unless it fails or diverges
     */
    TrialExecution(TrialSpec trial, SweepLayout layout, int attemptNumber, int maxAttempts, int cores,
                   MlflowTarget mlflow, LiveSteps liveSteps, long budgetSteps) {
        this.budgetSteps = Math.min(budgetSteps, trial.steps());
        this.mlflow = mlflow;
        this.liveSteps = liveSteps;
        this.trial = trial;
        this.layout = layout;
        this.attemptNumber = attemptNumber;
        this.maxAttempts = maxAttempts;
        this.cores = cores;
    }

    TrialOutcome run() throws Exception {
        Configuration conf = HadoopFiles.configuration();
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        HadoopCheckpointStore store = new HadoopCheckpointStore(fs, layout.checkpoints(trial.trialId()));
        Path divergedMarker = new Path(layout.checkpoints(trial.trialId()), DIVERGED_MARKER);
        if (fs.exists(divergedMarker)) {
            return divergedBefore(fs, divergedMarker, store);
        }
        long startStep = store.latestStep().orElse(0);
        boolean rung = budgetSteps < trial.steps();
        liveSteps.onProgressAt(Math.min(startStep, budgetSteps));
        TrialManifest.Check finished = null;
        if (startStep >= budgetSteps) {
            if (rung) {
                return TrialOutcome.skipped(trial.trialId(), budgetSteps, store.location());
            }
            finished = TrialManifest.verify(fs, layout, trial.trialId(), trial.steps());
            if (finished.intact() && fs.exists(layout.trialRow(trial.trialId()))) {
                return TrialOutcome.skipped(trial.trialId(), budgetSteps, store.location());
            }
        }
        long started = System.nanoTime();
        TrialOutcome outcome;
        AttemptFence fence = null;
        TrialTracker tracker = TrialTracker.NONE;
        try {
            fence = AttemptFence.claim(fs, layout.checkpoints(trial.trialId()), trial.trialId(), describeAttempt());
            String repaired = null;
            if (finished != null && !finished.intact()) {
                repaired = rollBack(fs, store, fence, finished);
                startStep = store.latestStep().orElse(0);
                liveSteps.onProgressAt(startStep);
            }
            if (!trial.dqnSettings().isTabular()) {
                Nd4jRuntime.configureForSmallNetworks(cores); // a Q-table needs no ND4J; loading its natives takes seconds
            }
            // MLflow after Parquet: its unsent points are saved with a checkpoint only once the rows are.
            tracker = mlflow == null ? TrialTracker.NONE : new MlflowTrialTracker(mlflow, trial, attemptNumber,
                    new HadoopPendingPoints(fs, layout.checkpoints(trial.trialId())));
            try (ParquetMetricsSink parquet = new ParquetMetricsSink(fs, conf, layout, trial.trialId(), startStep, fence);
                 MetricsSink sink = MetricsSink.all(parquet, tracker.sink(),
                         FaultInjection.sinkFor(trial.trialId(), attemptNumber), liveSteps)) {
                TrainResult result;
                try {
                    result = new Trainer(trial.runSpec(), sink, new FencedCheckpointStore(store, fence))
                            .run(true, budgetSteps);
                } catch (DivergedException e) {
                    parquet.onCheckpoint(e.globalStep()); // keep the episodes since the last checkpoint: the trial ends here
                    throw e;
                }
                outcome = done(result, store.location(), repaired);
            }
            if (!rung) { // a finished trial: its row, then the checksums of all its files
                fence.check("writing the trials row");
                TrialRows.write(fs, conf, layout, trial, outcome);
                TrialManifest.write(fs, layout, trial.trialId(), trial.steps(), fence);
            }
        } catch (FencedOffException e) {
            LOG.warn("qsweep: {}", e.getMessage()); // a zombie: its result is not awaited, and it must write nothing more
            throw e;
        } catch (DivergedException e) {
            outcome = stopped(TrialStatus.DIVERGED, e.getMessage(), e.globalStep(), startStep, store, started);
        } catch (Exception e) {
            Optional<String> unwritable = OutputFaults.unwritable(e);
            if (unwritable.isEmpty() && attemptNumber + 1 < maxAttempts) {
                tracker.abandon(e.toString());
                throw e; // Spark retries the task; the retry resumes from the newest checkpoint
            }
            LOG.debug("trial {} failed", trial.trialId(), e); // the trace, for QSWEEP_LOG_LEVEL=debug
            outcome = stopped(TrialStatus.FAILED, unwritable.orElse(e.toString()), store.latestStep().orElse(0),
                    startStep, store, started);
        }
        if (outcome.status() != TrialStatus.DONE && fence != null) {
            recordStopped(fs, conf, fence, divergedMarker, outcome);
        }
        tracker.finish(outcome.status(), outcome.reason(), store);
        return outcome;
    }

    /**
     * Writes a stopped trial's row (the driver reads it) and, for a divergence, its marker after the row: a crash in
     * between only re-runs the trial. Best effort for a failure: the output may be what failed, and the driver has
     * the outcome either way.
     */
    private void recordStopped(FileSystem fs, Configuration conf, AttemptFence fence, Path divergedMarker,
                               TrialOutcome outcome) throws IOException {
        try {
            fence.check("writing the trials row");
            TrialRows.write(fs, conf, layout, trial, outcome);
            if (outcome.status() == TrialStatus.DIVERGED) {
                fence.check("writing the DIVERGED marker");
                try (var out = fs.create(divergedMarker, true)) {
                    out.write((outcome.envSteps() + "\n" + outcome.reason()).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (FencedOffException e) {
            LOG.warn("qsweep: {}", e.getMessage());
            throw e;
        } catch (IOException e) {
            if (outcome.status() != TrialStatus.FAILED) {
                throw e;
            }
            LOG.warn("qsweep: trial {} FAILED and its row cannot be written either: {}", trial.trialId(),
                    OutputFaults.unwritable(e).orElse(e.toString()));
        }
    }

    /**
     * Makes a finished trial whose files failed their checksums train again from before the first damaged rows: its
     * row goes first (so a crash part way still finds the damage), then its checkpoints after that step, then the
     * manifest. The sink then drops the segments past the checkpoint it resumes from.
     *
     * @return the note for the trial's outcome: what was damaged and from which step the trial trains again
     */
    private String rollBack(FileSystem fs, HadoopCheckpointStore store, AttemptFence fence,
                            TrialManifest.Check damaged) throws IOException {
        fence.check("repairing damaged files");
        fs.delete(layout.trialRow(trial.trialId()), false);
        store.discardAfter(damaged.rowsAfterStep());
        fs.delete(new Path(layout.checkpoints(trial.trialId()), TrialManifest.FILE), false);
        long from = store.latestStep().orElse(0);
        String note = "damaged files, trained again from " + (from == 0 ? "the start" : "checkpoint " + from) + ": "
                + damaged.describe();
        LOG.warn("qsweep: trial {}: {}", trial.trialId(), note);
        return note;
    }

    /** Which attempt this is, for the message an attempt it supersedes prints. */
    private String describeAttempt() {
        TaskContext task = TaskContext.get();
        return task == null ? "attempt " + (attemptNumber + 1) : "Spark stage " + task.stageId() + " (attempt "
                + task.stageAttemptNumber() + "), task attempt " + task.attemptNumber();
    }

    /**
     * A trial that diverged in an earlier submission: divergence is deterministic (same settings and seed, same NaN),
     * so it is final — reported again from its marker, not re-run, its rows left as they are.
     */
    private TrialOutcome divergedBefore(FileSystem fs, Path marker, HadoopCheckpointStore store) throws IOException {
        String[] stepAndReason;
        try (var in = fs.open(marker)) {
            stepAndReason = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", 2);
        }
        liveSteps.onProgressAt(trial.steps()); // nothing left to train in this submission
        return new TrialOutcome(trial.trialId(), TrialStatus.DIVERGED, "diverged in an earlier submission (final: "
                + "divergence is deterministic; change the settings to train it again): "
                + (stepAndReason.length > 1 ? stepAndReason[1] : "?"), Long.parseLong(stepAndReason[0].strip()), -1,
                Double.NaN, Double.NaN, Double.NaN, -1, 0, Double.NaN, store.location(), 0, 0, true);
    }

    private TrialOutcome done(TrainResult r, String checkpoints, String note) {
        EvalRecord last = r.finalEval();
        EvalRecord best = r.bestEval();
        return new TrialOutcome(trial.trialId(), TrialStatus.DONE, note, r.envSteps(), r.episodes(),
                last == null ? Double.NaN : last.mean(), last == null ? Double.NaN : last.std(),
                best == null ? Double.NaN : best.mean(), best == null ? -1 : best.globalStep(),
                r.wallSeconds(), r.stepsPerSecond(), checkpoints, attemptNumber + 1, r.resumedFromStep(), false);
    }

    private TrialOutcome stopped(TrialStatus status, String reason, long envSteps, long startStep,
                                 HadoopCheckpointStore store, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return new TrialOutcome(trial.trialId(), status, reason, envSteps, -1, Double.NaN, Double.NaN, Double.NaN, -1,
                seconds, Double.NaN, store.location(), attemptNumber + 1, startStep, false);
    }
}
