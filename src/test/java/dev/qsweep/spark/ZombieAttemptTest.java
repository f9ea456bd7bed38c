package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two concurrent attempts of one trial on real local Spark: the first one, held after its first checkpoint, stands for
 * an attempt whose executor was declared lost but still runs; Spark's re-run of the trial takes it over and finishes.
 * When the zombie goes on, it must stop at its next commit, leaving every file of the newer attempt as it was.
 */
class ZombieAttemptTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearFaults() {
        FaultInjection.clear();
    }

    private SweepPlan plan(String name) {
        return TrialExpansion.expand(SweepFiles.parse(TinySweeps.tinyCartPole(name, "[1]", dir.resolve("out")),
                "jobs/" + name + ".conf"));
    }

    @Test
    void aZombieAttemptNeverReplacesOrDeletesTheNewerAttemptsFiles() throws Exception {
        SweepPlan plan = plan("zombie");
        SweepPlan undisturbed = plan("undisturbed");
        TrialSpec trial = plan.trials().get(0);
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        Path root = Path.of(layout.rootPath().toUri());
        SparkSession spark = SweepSessions.create(plan.spec(), "local[2]");
        try {
            SweepRunner.Result reference = SweepRunner.run(spark, undisturbed,
                    SweepRunner.layoutFor(undisturbed.spec(), new Configuration()), line -> { });
            assertEquals(TrialStatus.DONE, reference.outcomes().get(0).status());

            FaultInjection.Hold hold = FaultInjection.hold(trial.trialId());
            CompletableFuture<SweepRunner.Result> zombie = CompletableFuture.supplyAsync(() -> SweepRunner.stage(spark,
                    List.of(trial), Long.MAX_VALUE, layout, line -> { }, null, "first attempt (becomes a zombie)"));
            assertTrue(hold.reached().await(3, TimeUnit.MINUTES), "the first attempt passed its first checkpoint");
            assertTrue(Files.exists(root.resolve("checkpoints/" + trial.trialId() + "/checkpoint-000000000300.qck")));

            // Spark runs the trial again (as after losing the first attempt's executor): it resumes and finishes.
            TrialOutcome newer = SweepRunner.stage(spark, List.of(trial), Long.MAX_VALUE, layout, line -> { }, null,
                    "second attempt").outcomes().get(0);
            assertEquals(TrialStatus.DONE, newer.status(), newer.reason());
            assertEquals(300, newer.resumedFromStep(), "took over from the first attempt's checkpoint");
            Map<String, byte[]> finished = TinySweeps.snapshot(root);

            hold.release().countDown(); // the zombie trains on from step ~350 towards its next commit at step 600
            Throwable stopped = zombie.handle((result, failure) -> failure).get(3, TimeUnit.MINUTES);

            Map<String, byte[]> after = TinySweeps.snapshot(root);
            assertEquals(finished.keySet(), after.keySet(), "the zombie added or deleted no file");
            for (Map.Entry<String, byte[]> file : finished.entrySet()) {
                assertArrayEquals(file.getValue(), after.get(file.getKey()), file.getKey() + " unchanged");
            }
            assertNotNull(stopped, "the zombie stopped");
            String expected = "attempt 1 of trial " + trial.trialId() + " stopped before writing episodes segment "
                    + "seg-000000000300-000000000600.parquet: attempt 2 (Spark stage ";
            assertTrue(String.valueOf(stopped.getMessage()).contains(expected), stopped.getMessage());
            assertTrue(after.keySet().stream().anyMatch(f -> f.endsWith("_manifest")), after.keySet().toString());
            assertEquals(TinySweeps.tables(spark, reference.layout().root(), trial.trialId()),
                    TinySweeps.tables(spark, layout.root(), trial.trialId()), "the tables of an undisturbed run");
        } finally {
            spark.stop();
        }
    }
}
