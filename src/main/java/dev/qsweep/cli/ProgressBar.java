package dev.qsweep.cli;

import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Progress;
import java.io.PrintWriter;

/**
 * A live progress line on stderr: steps, episodes, recent mean return, steps/s, ETA. On a terminal it redraws in
 * place a few times a second; otherwise (logs, CI) it prints a plain line every {@code plainIntervalSeconds}.
 */
final class ProgressBar implements MetricsSink {
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private final boolean interactive;
    private final double minSecondsBetweenDraws;
    private double lastDrawSeconds = Double.NEGATIVE_INFINITY;
    private boolean drewInPlace;

    ProgressBar(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
        this.minSecondsBetweenDraws = interactive ? 0.25 : 10.0;
    }

    @Override
    public void onProgress(Progress p) {
        boolean finished = p.stepsDone() >= p.totalSteps();
        if (!finished && p.elapsedSeconds() - lastDrawSeconds < minSecondsBetweenDraws) {
            return;
        }
        lastDrawSeconds = p.elapsedSeconds();
        String line = render(p);
        if (interactive) {
            err.print("\r" + line + "\u001b[K");
            drewInPlace = true;
            if (finished) {
                err.println();
                drewInPlace = false;
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void close() {
        if (drewInPlace) {
            err.println();
        }
    }

    static String render(Progress p) {
        double fraction = Math.min(1.0, (double) p.stepsDone() / p.totalSteps());
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String recent = Double.isNaN(p.recentMeanReturn()) ? "-" : String.format("%.1f", p.recentMeanReturn());
        return String.format("[%s] %3.0f%% %,d/%,d steps | %,d episodes | return(last 100) %s | %,.0f steps/s | ETA %s",
                bar, fraction * 100, p.stepsDone(), p.totalSteps(), p.episodes(), recent, p.stepsPerSecond(),
                duration(p.etaSeconds()));
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
