package dev.qsweep.spark;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A status line each time a trial ends (and when the first starts): finished / running / done / skipped / failed /
 * diverged, the best final evaluation so far, elapsed and ETA. Spark may post the next task's start before the previous
 * one's end, so lines are printed on ends only, when the running count is right.
 */
final class SweepProgress extends SparkListener {
    private final int total;
    private final SweepCounters counters;
    private final Consumer<String> out;
    private final AtomicInteger running = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private String lastLine = "";

    SweepProgress(int total, SweepCounters counters, Consumer<String> out) {
        this.total = total;
        this.counters = counters;
        this.out = out;
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
        report();
    }

    void finish() {
        running.set(0);
        report();
    }

    private synchronized void report() {
        long finished = counters.finished();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = finished == 0 ? Double.NaN : elapsed / finished * (total - finished);
        BestTrialAccumulator.Best best = counters.best.value();
        String line = String.format("trials %d/%d finished | running %d | done %d | skipped %d | failed %d | diverged %d"
                        + " | best so far %s | elapsed %s | ETA %s", finished, total,
                Math.max(0, Math.min(running.get(), total - finished)), counters.done.value(), counters.skipped.value(),
                counters.failed.value(), counters.diverged.value(),
                best == null ? "-" : String.format("%.1f (trial %s)", best.finalEvalMean(), best.trialId()),
                duration(elapsed), finished == total ? "0:00" : duration(eta));
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
