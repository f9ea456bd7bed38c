package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsweep run} of a scheduled sweep: rung lines on the console, stopped trials in the report, the decisions view. */
class SchedulerRunCommandTest {

    @Test
    void aScheduledSweepReportsItsRungsAndItsDecisionsCanBeQueried(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("halving.conf"), """
                name = halving
                env = FrozenLake-v1
                preset = frozenlake-qtable
                settings { eval_interval = 500, eval_episodes = 5, checkpoint_interval = 500 }
                grid { gamma = [0.8, 0.9, 0.95, 0.99] }
                seeds = [1]
                steps = 1000
                output = "%s"
                scheduler { type = successive_halving, min_steps = 250, reduction_factor = 2 }
                """.formatted(dir.resolve("out").toUri()));
        Cli.Outcome run = Cli.run("run", file.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().lines().toList().get(1).equals("schedule: successive_halving on eval_mean (max), η = 2"),
                run.stdout());
        assertTrue(run.stderr().contains("qsweep: rung 1/3: 4 configuration(s) alive (4 trials), training to 250 steps"),
                run.stderr());
        assertFalse(run.stderr().contains("MLflow does not track scheduled sweeps"), "they are tracked now");
        assertTrue(run.stderr().contains("qsweep: rung 3/3: 1 configuration(s) alive (1 trials), training to 1,000 steps"),
                run.stderr());
        // 4 trials to 250, 2 on to 500, 1 on to 1,000
        assertTrue(run.stdout().contains("4 trials: 1 done (0 of them already finished before), 3 stopped by the "
                + "scheduler, 0 failed, 0 diverged"), run.stdout());
        assertTrue(run.stdout().contains("trained 2,000 env steps in this submission"), run.stdout());

        String root = dir.resolve("out").toUri().toString().replaceFirst("^file:///", "file:/") + "halving";
        Cli.Outcome sql = Cli.run("sql", root, "--master", "local[2]",
                "SELECT rung, outcome, count(*) AS trials FROM decisions GROUP BY rung, outcome ORDER BY rung, outcome");
        assertEquals(0, sql.exitCode(), sql.stderr());
        String rows = String.join("\n", sql.stdout().lines().map(l -> l.trim().replaceAll(" +", " ")).toList());
        assertTrue(rows.contains("""
                0 promoted 2
                0 stopped 2
                1 promoted 1
                1 stopped 1
                2 finished 1"""), sql.stdout());
    }
}
