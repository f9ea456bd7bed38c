package dev.qsweep.spark;

import dev.qsweep.train.DivergedException;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.MetricsSink;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test hook: makes chosen trials crash, fail or diverge inside the executor, to exercise retry, resume and failure
 * recording with the real trainer and real files. Effective in Spark local mode, where tests and executors share a
 * JVM; empty (and free) otherwise.
 */
final class FaultInjection {
    /** What to do to a trial. */
    enum Fault {
        /**
         * On the first attempt only: throw during the second checkpoint, after that checkpoint's Parquet segments are
         * written but before the checkpoint itself is saved — the worst moment for duplicates.
         */
        CRASH_FIRST_ATTEMPT_AT_SECOND_CHECKPOINT,
        /** Throw at the first checkpoint, on every attempt. */
        FAIL_EVERY_ATTEMPT,
        /** Report a NaN loss at the first checkpoint. */
        DIVERGE,
        /** Report a NaN loss at the third episode after the first checkpoint: rows since that checkpoint are pending. */
        DIVERGE_BETWEEN_CHECKPOINTS,
        /**
         * On every attempt that resumed from a checkpoint, throw an {@link Error} at its first checkpoint (after the
         * Parquet segments, before the checkpoint): a trial records no Error, so the Spark job fails as if the driver
         * had died in the middle of a scheduler's second or later rung.
         */
        ABORT_SWEEP_AFTER_RESUME
    }

    private static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();

    private FaultInjection() {
    }

    static void inject(String trialId, Fault fault) {
        FAULTS.put(trialId, fault);
    }

    static void clear() {
        FAULTS.clear();
    }

    /** A sink to append after the real ones, so that it fires after they committed their rows. */
    static MetricsSink sinkFor(String trialId, int attemptNumber) {
        Fault fault = FAULTS.get(trialId);
        if (fault == null) {
            return new MetricsSink() {
            };
        }
        return new MetricsSink() {
            private int checkpoints;
            private boolean resumed;

            @Override
            public void onResume(long checkpointStep) {
                resumed = checkpointStep > 0;
            }

            private int episodesSinceFirstCheckpoint;

            @Override
            public void onEpisode(EpisodeRecord episode) {
                if (fault == Fault.DIVERGE_BETWEEN_CHECKPOINTS && checkpoints > 0 && ++episodesSinceFirstCheckpoint == 3) {
                    throw new DivergedException(episode.globalStep(), "loss NaN (injected between checkpoints)");
                }
            }

            @Override
            public void onCheckpoint(long globalStep) throws IOException {
                checkpoints++;
                switch (fault) {
                    case CRASH_FIRST_ATTEMPT_AT_SECOND_CHECKPOINT -> {
                        if (attemptNumber == 0 && checkpoints == 2) {
                            throw new IOException("injected crash at step " + globalStep + " (attempt 1)");
                        }
                    }
                    case FAIL_EVERY_ATTEMPT -> throw new IllegalStateException("injected failure at step " + globalStep);
                    case DIVERGE -> throw new DivergedException(globalStep, "loss NaN (injected)");
                    case DIVERGE_BETWEEN_CHECKPOINTS -> { }
                    case ABORT_SWEEP_AFTER_RESUME -> {
                        if (resumed) {
                            throw new AssertionError("injected abort of the sweep at step " + globalStep);
                        }
                    }
                }
            }
        };
    }
}
