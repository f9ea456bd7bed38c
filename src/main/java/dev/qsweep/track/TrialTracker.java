package dev.qsweep.track;

import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.MetricsSink;

/** Tracks one attempt of one trial somewhere outside the sweep's tables (MLflow), or nowhere ({@link #NONE}). */
public interface TrialTracker {

    /** Receives the trial's rows; returns at once, whatever the server does. */
    MetricsSink sink();

    /**
     * The attempt ended with {@code status}: wait (bounded) for the remaining points, then record the status and
     * upload the artifacts (the newest checkpoint of {@code checkpoints} when DONE, and the learning curve).
     *
     * @return whether the run is complete on the server
     */
    boolean finish(TrialStatus status, String reason, CheckpointStore checkpoints);

    /**
     * The attempt failed and Spark will run it again: stop sending (the retry resends what is missing) and mark the
     * run KILLED until the retry takes it over.
     */
    void abandon(String reason);

    TrialTracker NONE = new TrialTracker() {
        private final MetricsSink nothing = new MetricsSink() {
        };

        @Override
        public MetricsSink sink() {
            return nothing;
        }

        @Override
        public boolean finish(TrialStatus status, String reason, CheckpointStore checkpoints) {
            return true;
        }

        @Override
        public void abandon(String reason) {
        }
    };
}
