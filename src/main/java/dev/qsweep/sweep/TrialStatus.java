package dev.qsweep.sweep;

/** How a trial ended. */
public enum TrialStatus {
    /** Trained to its step budget. */
    DONE,
    /** Threw on its last allowed attempt; the reason says what. */
    FAILED,
    /** Its loss or Q-values became NaN or infinite. */
    DIVERGED,
    /** Stopped early by the sweep's scheduler at a rung; the reason names the rung and its budget. */
    STOPPED
}
