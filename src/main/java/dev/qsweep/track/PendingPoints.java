package dev.qsweep.track;

import java.io.IOException;
import java.util.List;

/**
 * Durable storage, next to a trial's checkpoints, of the metric points the server had not confirmed when a checkpoint
 * was taken. A run resumed from that checkpoint sends them first; points after it are produced again by the
 * deterministic rerun. So a crash never loses a point, and the server-side step check keeps it from doubling one.
 */
public interface PendingPoints {

    /** Keeps {@code points} for the checkpoint at {@code checkpointStep}; an empty list removes what was kept. */
    void save(long checkpointStep, List<MetricPoint> points) throws IOException;

    /** What {@link #save} kept for that checkpoint, or an empty list. */
    List<MetricPoint> load(long checkpointStep) throws IOException;

    /** For runs that keep nothing (tests, a trial without checkpoints). */
    PendingPoints NONE = new PendingPoints() {
        @Override
        public void save(long checkpointStep, List<MetricPoint> points) {
        }

        @Override
        public List<MetricPoint> load(long checkpointStep) {
            return List.of();
        }
    };
}
