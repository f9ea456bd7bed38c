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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Runs one trial on an executor: skips it if an earlier submission finished it, otherwise trains it with the core
 * trainer — resuming from its newest checkpoint — and writes its row of the trials table.
 *
 * <p>Failure policy: divergence is deterministic, so it is recorded at once, with the episodes up to it, and is final:
 * later submissions report it without re-running it. Any other exception is rethrown while Spark has attempts left
 * (the retry resumes from the checkpoint), and recorded as FAILED on the last attempt so the sweep goes on.
 */
final class TrialExecution {
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
        if (startStep >= budgetSteps && (rung || fs.exists(layout.trialRow(trial.trialId())))) {
            return TrialOutcome.skipped(trial.trialId(), budgetSteps, store.location());
        }
        if (!trial.dqnSettings().isTabular()) {
            Nd4jRuntime.configureForSmallNetworks(cores); // a Q-table needs no ND4J; loading its natives takes seconds
        }
        long started = System.nanoTime();
        TrialOutcome outcome;
        // MLflow after Parquet: its unsent points are saved with a checkpoint only once the rows are.
        TrialTracker tracker = mlflow == null ? TrialTracker.NONE : new MlflowTrialTracker(mlflow, trial, attemptNumber,
                new HadoopPendingPoints(fs, layout.checkpoints(trial.trialId())));
        try (ParquetMetricsSink parquet = new ParquetMetricsSink(fs, conf, layout, trial.trialId(), startStep);
             MetricsSink sink = MetricsSink.all(parquet, tracker.sink(), FaultInjection.sinkFor(trial.trialId(), attemptNumber),
                     liveSteps)) {
            TrainResult result;
            try {
                result = new Trainer(trial.runSpec(), sink, store).run(true, budgetSteps);
            } catch (DivergedException e) {
                parquet.onCheckpoint(e.globalStep()); // keep the episodes since the last checkpoint: the trial ends here
                throw e;
            }
            outcome = done(result, store.location());
        } catch (DivergedException e) {
            outcome = stopped(TrialStatus.DIVERGED, e.getMessage(), e.globalStep(), startStep, store, started);
        } catch (Exception e) {
            if (attemptNumber + 1 < maxAttempts) {
                tracker.abandon(e.toString());
                throw e; // Spark retries the task; the retry resumes from the newest checkpoint
            }
            outcome = stopped(TrialStatus.FAILED, e.toString(), store.latestStep().orElse(0), startStep, store, started);
        }
        if (!rung || outcome.status() != TrialStatus.DONE) { // the driver writes a stopped trial's row
            TrialRows.write(fs, conf, layout, trial, outcome);
        }
        if (outcome.status() == TrialStatus.DIVERGED) { // after its row: a crash in between only re-runs the trial
            try (var out = fs.create(divergedMarker, true)) {
                out.write((outcome.envSteps() + "\n" + outcome.reason()).getBytes(StandardCharsets.UTF_8));
            }
        }
        tracker.finish(outcome.status(), outcome.reason(), store);
        return outcome;
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

    private TrialOutcome done(TrainResult r, String checkpoints) {
        EvalRecord last = r.finalEval();
        EvalRecord best = r.bestEval();
        return new TrialOutcome(trial.trialId(), TrialStatus.DONE, null, r.envSteps(), r.episodes(),
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
