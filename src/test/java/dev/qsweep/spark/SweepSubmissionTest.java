package dev.qsweep.spark;

import static dev.qsweep.spark.TinySweeps.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.cli.Main;
import dev.qsweep.spark.FaultInjection.Fault;
import dev.qsweep.spark.TinySweeps.Submission;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.TrialExpansion;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole submissions on real local Spark, as {@code qsweep run} and spark-submit's {@link SweepJob} make them: the exit
 * code says whether every trial finished, a diverged trial is final and keeps its rows, one submission at a time may
 * train into an output, and speculation is refused.
 */
class SweepSubmissionTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    /** Tiny CartPole trials that learn: 900 steps, a checkpoint and an evaluation every 300. */
    private Path sweep(String name, String seeds) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), TinySweeps.tinyCartPole(name, seeds, dir.resolve("out")));
    }

    @Test
    void aDivergedTrialKeepsItsEpisodesIsFinalAndTheSweepExitsWithThree() throws Exception {
        Path file = sweep("diverge", "[1, 2]");
        String victim = TrialExpansion.expand(SweepFiles.load(file)).trials().get(0).trialId();
        FaultInjection.inject(victim, Fault.DIVERGE_BETWEEN_CHECKPOINTS);
        assertEquals(3, Main.run("run", file.toString(), "--master", "local[2]"), "qsweep run: a trial diverged");

        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", false).getOrCreate();
        String root = dir.resolve("out/diverge").toUri().toString();
        long lastStep;
        long episodes;
        try {
            SweepTables.register(spark, root);
            Row row = spark.sql("SELECT status, env_steps FROM trials WHERE trial_id = '" + victim + "'").first();
            assertEquals("DIVERGED", row.getString(0));
            lastStep = row.getLong(1);
            assertTrue(lastStep > 300, "diverged after the first checkpoint, at step " + lastStep);
            Row kept = spark.sql("SELECT count(*), count(DISTINCT episode), max(episode), max(global_step) FROM episodes "
                    + "WHERE trial_id = '" + victim + "'").first();
            episodes = kept.getLong(0);
            assertEquals(episodes, kept.getLong(1), "no episode twice");
            assertEquals(episodes, kept.getLong(2), "episodes 1..n, none missing");
            assertEquals(lastStep, kept.getLong(3), "the episodes since the last checkpoint, up to the divergence, are kept");
        } finally {
            spark.stop();
        }

        // Re-submitted without the fault: a re-run would now finish, so DIVERGED again proves it was not re-run.
        FaultInjection.clear();
        Submission again = submit(file);
        assertEquals(3, again.exitCode(), again.err());
        assertTrue(again.err().contains("1 of 2 trials did not finish (0 failed, 1 diverged): exit code 3"), again.err());
        assertTrue(again.out().contains("DIVERGED " + victim + ": diverged in an earlier submission (final"), again.out());
        assertTrue(again.out().contains("trained 0 env steps in this submission"), "OUT:" + again.out());

        spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", false).getOrCreate();
        try {
            SweepTables.register(spark, root);
            assertEquals(episodes, spark.sql("SELECT * FROM episodes WHERE trial_id = '" + victim + "'").count());
            assertEquals("DIVERGED", spark.sql("SELECT status FROM trials WHERE trial_id = '" + victim + "'")
                    .first().getString(0));
        } finally {
            spark.stop();
        }
    }

    @Test
    void aSecondSubmissionIntoTheSameOutputIsRefusedWhileTheFirstRuns() throws Exception {
        Path file = sweep("twice", "[1, 2]");
        Path lock = dir.resolve("out/twice/" + SweepLock.FILE);
        CompletableFuture<Submission> first = CompletableFuture.supplyAsync(() -> {
            try {
                return submit(file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(lock) && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(lock), "the first submission holds the lock while it runs");
        Submission second = submit(file);
        Submission done = first.get(5, TimeUnit.MINUTES);
        assertFalse(first.isCompletedExceptionally());

        assertEquals(2, second.exitCode(), second.err());
        assertTrue(second.err().contains("is in use by another submission of this sweep (pid " + ProcessHandle.current().pid()
                + " on host "), second.err());
        assertTrue(second.err().contains("delete the lock file " + lock.toUri().toString().replaceFirst("^file:///", "file:/")),
                second.err());
        assertEquals("", second.out(), "refused before the plan is printed or Spark starts");
        assertEquals(0, done.exitCode(), done.err());
        assertTrue(done.out().contains("2 trials: 2 done (0 of them already finished before)"), done.out());
        assertFalse(Files.exists(lock), "released when the submission ends");

        // A lock left by a killed submission on this host is taken over; one from another host is not.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(lock, "owner=someone\nhost=" + host + "\npid=" + gone.pid() + "\nsince="
                + Instant.now().minusSeconds(60) + "\n");
        Submission takeover = submit(file);
        assertEquals(0, takeover.exitCode(), takeover.err());
        assertTrue(takeover.err().contains("qsweep: warning: taking over the lock of an earlier submission that no longer "
                + "runs (pid " + gone.pid()), takeover.err());
        assertTrue(takeover.out().contains("2 trials: 2 done (2 of them already finished before)"), takeover.out());

        Files.writeString(lock, "owner=someone\nhost=elsewhere.example\npid=1\nsince=" + Instant.now() + "\n");
        Submission elsewhere = submit(file);
        assertEquals(2, elsewhere.exitCode());
        assertTrue(elsewhere.err().contains("(pid 1 on host elsewhere.example, user someone, since "), elsewhere.err());
        assertTrue(Files.exists(lock), "another host's lock is left alone");
    }

    @Test
    void speculationIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = sweep("speculative", "[1]");
        System.setProperty("spark.speculation", "true"); // as spark-submit --conf spark.speculation=true sets it
        try {
            Submission refused = submit(file);
            assertEquals(2, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains("spark.speculation is on in this Spark configuration"), refused.err());
            assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        } finally {
            System.clearProperty("spark.speculation");
        }
        Submission runs = submit(file);
        assertEquals(0, runs.exitCode(), runs.err());
        List<String> lines = runs.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("1 trials: 1 done")), runs.out());
    }
}
