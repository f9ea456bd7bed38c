package dev.qsweep.agent;

/** Exploration schedules. */
public final class Schedules {
    private Schedules() {
    }

    /**
     * Epsilon falling linearly from {@code start} to {@code end} over {@code durationSteps}, then held at
     * {@code end} (CleanRL's {@code linear_schedule}). A zero duration means {@code end} from the first step.
     */
    public static double linear(double start, double end, double durationSteps, long step) {
        if (durationSteps <= 0) {
            return end;
        }
        double slope = (end - start) / durationSteps;
        double value = slope * step + start;
        return start >= end ? Math.max(value, end) : Math.min(value, end);
    }
}
