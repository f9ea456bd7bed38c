package dev.qsweep.track;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Durable storage, next to a trial's checkpoints, of the metric points the server had not confirmed when a checkpoint
 * was taken. A run resumed from that checkpoint sends them first; points after it are produced again by the
 * deterministic rerun. So a crash never loses a point, and the server-side step check keeps it from doubling one.
 *
 * <p>The newest entry stays until the run is complete on the server (points, status, artifacts); while it exists, the
 * sweep's driver (or the next submission) completes the run from it — for a DONE trial the entry of its last
 * checkpoint, for a FAILED or DIVERGED one the entry its task left when the server did not take its end.
 */
public interface PendingPoints {

    /** Keeps {@code points} (possibly none) for the checkpoint at {@code checkpointStep}. */
    void save(long checkpointStep, List<MetricPoint> points) throws IOException;

    /** What {@link #save} kept for that checkpoint, or an empty list. */
    List<MetricPoint> load(long checkpointStep) throws IOException;

    /** Whether an entry for that checkpoint exists: the run has not been confirmed complete up to it. */
    boolean exists(long checkpointStep) throws IOException;

    /** The run is complete on the server up to that checkpoint: drop its entry. */
    void delivered(long checkpointStep) throws IOException;

    /** The checkpoint step of the newest entry, if any: a trial's run is unconfirmed while one exists. */
    OptionalLong latest() throws IOException;

    /** For runs that keep nothing (tests, a trial without checkpoints). */
    PendingPoints NONE = new PendingPoints() {
        @Override
        public void save(long checkpointStep, List<MetricPoint> points) {
        }

        @Override
        public List<MetricPoint> load(long checkpointStep) {
            return List.of();
        }

        @Override
        public boolean exists(long checkpointStep) {
            return false;
        }

        @Override
        public void delivered(long checkpointStep) {
        }

        @Override
        public OptionalLong latest() {
            return OptionalLong.empty();
        }
    };
}
