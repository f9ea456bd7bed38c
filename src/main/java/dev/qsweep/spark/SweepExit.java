package dev.qsweep.spark;

import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialStatus;
import java.io.PrintWriter;

/**
 * Exit codes of a sweep, the same for {@code qsweep run} and {@link SweepJob}: 0 every trial DONE (or STOPPED by the
 * sweep's scheduler, which is how a schedule ends for most trials), 3 some trial FAILED or DIVERGED (its tables are written; the summary says which), 2 bad input (nothing written), 1 an internal error.
 */
public final class SweepExit {
    public static final int ALL_DONE = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;
    public static final int TRIALS_NOT_DONE = 3;

    private SweepExit() {
    }

    /** The exit code for a finished sweep, saying on {@code err} why when it is not 0. */
    public static int code(SweepRunner.Result result, PrintWriter err) {
        for (TrialOutcome o : result.outcomes()) {
            if (o.status() == TrialStatus.DONE && o.reason() != null) { // a finished trial whose files were damaged
                err.println("qsweep: trial " + o.trialId() + ": " + o.reason());
            }
        }
        long unwritable = result.outcomes().stream()
                .filter(o -> o.status() == TrialStatus.FAILED && o.reason() != null
                        && o.reason().startsWith(OutputFaults.CANNOT_WRITE)).count();
        if (unwritable > 0) {
            err.println("qsweep: " + unwritable + " trial(s) could not write to " + result.layout().root()
                    + " (their reasons are in the summary). Make it writable again or free space, then submit again: "
                    + "finished trials are kept, and these resume from their last checkpoint.");
        }
        long failed = count(result, TrialStatus.FAILED);
        long diverged = count(result, TrialStatus.DIVERGED);
        long notDone = failed + diverged;
        if (notDone == 0) {
            return ALL_DONE;
        }
        err.println("qsweep: " + notDone + " of " + result.outcomes().size() + " trials did not finish (" + failed
                + " failed, " + diverged + " diverged): exit code " + TRIALS_NOT_DONE + ". A failed trial is tried again "
                + "on the next submission; a diverged one is final (change its settings to run it again).");
        err.flush();
        return TRIALS_NOT_DONE;
    }

    private static long count(SweepRunner.Result result, TrialStatus status) {
        return result.outcomes().stream().map(TrialOutcome::status).filter(status::equals).count();
    }
}
