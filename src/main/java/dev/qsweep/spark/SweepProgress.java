package dev.qsweep.spark;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.collection.Iterable;

/**
 * A status line each time a trial ends (and when the first starts), and every 30 s (Spark setting
 * {@value #INTERVAL_SETTING}) while trials run: finished / running / done / skipped / failed / diverged, env steps
 * done of the sweep's total, the best final evaluation so far, elapsed and ETA. Spark may post the next task's start before the previous one's end,
 * so trial lines are printed on ends only, when the running count is right.
 *
 * <p>Steps come from the {@code trialSteps} accumulator ({@link LiveSteps}): running tasks' values arrive with executor
 * heartbeats (every {@code spark.executor.heartbeatInterval}, 10 s by default), a finished task's final value with
 * its end. The ETA divides the steps left by the step rate seen since the first heartbeat that showed progress
 * (resumed and skipped steps count as done, not as speed); before that it extrapolates from finished trials.
 */
final class SweepProgress extends SparkListener {
    static final String INTERVAL_SETTING = "spark.qsweep.progressIntervalSeconds";
    private final long liveLineIntervalNanos;
    private final int total;
    private final long totalSteps;
    private final SweepCounters counters;
    private final Consumer<String> out;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<Long, Long> runningTaskSteps = new ConcurrentHashMap<>();
    /** Ended tasks: a heartbeat sent before a task's end may be processed after it, and must not revive it. */
    private final Set<Long> endedTasks = ConcurrentHashMap.newKeySet();
    private final long startNanos = System.nanoTime();
    private long finishedTaskSteps;
    private long lastLineNanos = startNanos;
    private long rateBaseSteps = -1;
    private long rateBaseNanos;
    private String lastLine = "";
    private boolean closed; // after finish(), late events change nothing

    SweepProgress(int total, long totalSteps, long liveLineIntervalSeconds, SweepCounters counters, Consumer<String> out) {
        this.total = total;
        this.liveLineIntervalNanos = liveLineIntervalSeconds * 1_000_000_000L;
        this.totalSteps = totalSteps;
        this.counters = counters;
        this.out = out;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (var task : ScalaCollections.toList(update.accumUpdates())) {
            Long steps = trialSteps(task._4());
            if (steps != null && !endedTasks.contains((Long) task._1())) {
                runningTaskSteps.put((Long) task._1(), steps);
            }
        }
        synchronized (this) {
            if (!closed && System.nanoTime() - lastLineNanos >= liveLineIntervalNanos) {
                report();
            }
        }
    }

    /** This task's value of the trialSteps accumulator, or null if the update does not carry it. */
    private Long trialSteps(Iterable<AccumulableInfo> accumulables) {
        long id = counters.trialSteps.id();
        for (AccumulableInfo info : ScalaCollections.toList(accumulables)) {
            if (info.id() == id && info.update().isDefined() && info.update().get() instanceof Number n) {
                return n.longValue();
            }
        }
        return null;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        if (running.incrementAndGet() == 1 && counters.finished() == 0) {
            report();
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        running.decrementAndGet();
        endedTasks.add(taskEnd.taskInfo().taskId());
        runningTaskSteps.remove(taskEnd.taskInfo().taskId());
        synchronized (this) {
            if (closed) {
                return;
            }
            if (taskEnd.reason() == Success$.MODULE$) {
                Long steps = trialSteps(taskEnd.taskInfo().accumulables());
                finishedTaskSteps += steps == null ? 0 : steps; // a failed attempt's steps are redone by its retry
            }
            report();
        }
    }

    /**
     * The last line, once the job has returned. Listener events are delivered asynchronously, so the last trials' task
     * ends may not have arrived yet; the driver's accumulators, merged before the job returned, are complete.
     */
    synchronized void finish() {
        running.set(0);
        runningTaskSteps.clear();
        finishedTaskSteps = counters.finishedTrialSteps.value();
        report();
        closed = true;
    }

    private synchronized void report() {
        long now = System.nanoTime();
        lastLineNanos = now;
        long finished = counters.finished();
        double elapsed = (now - startNanos) / 1e9;
        long runningSteps = runningTaskSteps.values().stream().mapToLong(Long::longValue).sum();
        long stepsDone = Math.min(totalSteps, finishedTaskSteps + runningSteps);
        if (rateBaseSteps < 0 && stepsDone > 0) {
            rateBaseSteps = stepsDone;
            rateBaseNanos = now;
        }
        double stepsPerSecond = rateBaseSteps < 0 || now == rateBaseNanos ? 0
                : (stepsDone - rateBaseSteps) / ((now - rateBaseNanos) / 1e9);
        double eta = finished == total ? 0
                : stepsPerSecond > 0 ? (totalSteps - stepsDone) / stepsPerSecond
                : finished == 0 ? Double.NaN : elapsed / finished * (total - finished);
        BestTrialAccumulator.Best best = counters.best.value();
        String line = String.format("trials %d/%d finished | running %d | done %d | skipped %d | failed %d | diverged %d"
                        + " | steps %,d/%,d (%d%%) | best so far %s | elapsed %s | ETA %s", finished, total,
                Math.max(0, Math.min(running.get(), total - finished)), counters.done.value(), counters.skipped.value(),
                counters.failed.value(), counters.diverged.value(), stepsDone, totalSteps,
                totalSteps == 0 ? 100 : stepsDone * 100 / totalSteps,
                best == null ? "-" : String.format("%.1f (trial %s)", best.finalEvalMean(), best.trialId()),
                duration(elapsed), duration(eta));
        if (!line.equals(lastLine)) {
            lastLine = line;
            out.accept(line);
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
