package dev.qsweep.track;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to track its trial: the server, the sweep's experiment and parent run. Plain values, so it
 * travels inside the Spark task.
 *
 * @param sweepRoot       the sweep's output directory; with the trial id it names the trial's run (see {@link RunKeys})
 * @param variedSettings  the settings that differ between trials, shown in run names
 * @param flushIntervalMillis how long metric points may wait in memory before they are sent
 * @param finishTimeoutMillis how long a finishing trial's task waits for the server to take its last points, status and
 *                            artifacts; what is left then, the driver delivers after the trials (its Spark slot is free)
 */
public record MlflowTarget(String trackingUri, String experimentId, String parentRunId, String sweepRoot,
                           List<String> variedSettings, long flushIntervalMillis, long finishTimeoutMillis)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DEFAULT_FLUSH_INTERVAL_MILLIS = 2_000;
    public static final long DEFAULT_FINISH_TIMEOUT_MILLIS = 30_000;

    public MlflowTarget {
        variedSettings = List.copyOf(variedSettings);
    }

    public MlflowTarget withFinishTimeoutMillis(long millis) {
        return new MlflowTarget(trackingUri, experimentId, parentRunId, sweepRoot, variedSettings, flushIntervalMillis,
                millis);
    }
}
