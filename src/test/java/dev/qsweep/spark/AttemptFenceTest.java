package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempt claims on a real local file system: the newest claim owns the trial, older ones are fenced off. */
class AttemptFenceTest {
    @TempDir
    java.nio.file.Path dir;

    private FileSystem fs() throws Exception {
        return FileSystem.getLocal(new Configuration());
    }

    @Test
    void aNewerClaimFencesOffTheOlderOneAndNamesIt() throws Exception {
        Path trialDir = new Path(dir.toUri());
        AttemptFence first = AttemptFence.claim(fs(), trialDir, "t1", "attempt 1");
        assertDoesNotThrow(() -> first.check("saving checkpoint 300"));
        AttemptFence second = AttemptFence.claim(fs(), trialDir, "t1", "Spark stage 4 (attempt 0), task attempt 0");
        assertEquals(first.epoch() + 1, second.epoch());

        FencedOffException fenced = assertThrows(FencedOffException.class, () -> first.check("saving checkpoint 600"));
        assertTrue(fenced.getMessage().startsWith("attempt 1 of trial t1 stopped before saving checkpoint 600: attempt 2 "
                + "(Spark stage 4 (attempt 0), task attempt 0 on host "), fenced.getMessage());
        assertEquals(1, fenced.getMessage().lines().count(), "one line");
        assertDoesNotThrow(() -> second.check("saving checkpoint 600"));

        // Epochs outlive the JVM's objects: a re-submission's claim continues after the newest one on disk.
        AttemptFence resubmitted = AttemptFence.claim(fs(), trialDir, "t1", "attempt 1");
        assertEquals(3, resubmitted.epoch());
        assertThrows(FencedOffException.class, () -> second.check("writing the trials row"));
        assertTrue(Files.isRegularFile(dir.resolve(AttemptFence.DIRECTORY).resolve("000000003")));
    }

    @Test
    void concurrentClaimsGetDistinctEpochsAndOnlyTheNewestOwnsTheTrial() throws Exception {
        Path trialDir = new Path(dir.toUri());
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AttemptFence>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return AttemptFence.claim(fs(), trialDir, "t", "attempt");
                }));
            }
            start.countDown();
            List<AttemptFence> fences = new ArrayList<>();
            for (Future<AttemptFence> claim : claims) {
                fences.add(claim.get());
            }
            assertEquals(attempts, new HashSet<>(fences.stream().map(AttemptFence::epoch).toList()).size(),
                    "no two attempts share an epoch");
            List<AttemptFence> owners = new ArrayList<>();
            for (AttemptFence fence : fences) {
                try {
                    fence.check("committing");
                    owners.add(fence);
                } catch (FencedOffException e) {
                    // superseded
                }
            }
            assertEquals(1, owners.size());
            assertEquals(attempts, owners.get(0).epoch());
        } finally {
            pool.shutdownNow();
        }
    }
}
