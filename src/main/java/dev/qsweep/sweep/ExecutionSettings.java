package dev.qsweep.sweep;

/**
 * The {@code spark} block of a sweep file: how trials are executed.
 *
 * @param coresPerTrial CPU cores each trial gets: {@code spark.task.cpus} and the ND4J/OpenMP threads of the trial
 */
public record ExecutionSettings(int coresPerTrial) {
    public ExecutionSettings {
        if (coresPerTrial < 1) {
            throw new IllegalArgumentException("coresPerTrial must be >= 1, got " + coresPerTrial);
        }
    }
}
