package dev.qsweep.spark;

import dev.qsweep.train.DivergedException;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.MetricsSink;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

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
        ABORT_SWEEP_AFTER_RESUME,
        /**
         * The first run of the trial to reach its third episode after its first checkpoint (its rows since then still
         * pending) waits there until the test releases it ({@link #hold}): meanwhile another attempt may take the trial
         * over, so the released one is a zombie.
         */
        HOLD_ONCE_AFTER_FIRST_CHECKPOINT
    }

    /** A run held by {@link Fault#HOLD_ONCE_AFTER_FIRST_CHECKPOINT}: {@code reached} opens when it waits. */
    record Hold(CountDownLatch reached, CountDownLatch release, AtomicBoolean taken) {
    }

    private static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();
    private static final Map<String, Hold> HOLDS = new ConcurrentHashMap<>();

    private FaultInjection() {
    }

    static void inject(String trialId, Fault fault) {
        FAULTS.put(trialId, fault);
    }

    static void clear() {
        FAULTS.clear();
        HOLDS.values().forEach(h -> h.release().countDown());
        HOLDS.clear();
    }

    /** Holds the first run of the trial after its first checkpoint until {@code release} is counted down. */
    static Hold hold(String trialId) {
        Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1), new AtomicBoolean());
        HOLDS.put(trialId, hold);
        FAULTS.put(trialId, Fault.HOLD_ONCE_AFTER_FIRST_CHECKPOINT);
        return hold;
    }

    /** A sink to append after the real ones, so that it fires after they committed their rows. */
    static MetricsSink sinkFor(String trialId, int attemptNumber) {
        Fault fault = FAULTS.get(trialId);
        if (fault == null) {
            return new MetricsSink() {
            };
        }
        Hold hold = HOLDS.get(trialId);
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
                if (fault == Fault.HOLD_ONCE_AFTER_FIRST_CHECKPOINT && checkpoints > 0
                        && ++episodesSinceFirstCheckpoint == 3 && hold.taken().compareAndSet(false, true)) {
                    hold.reached().countDown();
                    try {
                        hold.release().await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
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
                    case DIVERGE_BETWEEN_CHECKPOINTS, HOLD_ONCE_AFTER_FIRST_CHECKPOINT -> { }
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
