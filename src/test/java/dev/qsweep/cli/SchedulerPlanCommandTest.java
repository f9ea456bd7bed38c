package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsweep plan} on a sweep with a scheduler: the schedule's budgets, and exit code 2 on a bad block. */
class SchedulerPlanCommandTest {

    @Test
    void thePlanShowsTheScheduleOfTheShippedHalvingJob() {
        Cli.Outcome outcome = Cli.run("plan", "jobs/cartpole-halving.conf");
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertEquals("schedule: successive_halving on eval_mean (max), η = 5", lines.get(1));
        assertEquals("  rung 1: 27 configurations × 2 seeds to 2,000 steps; rung 2: 5 configurations × 2 seeds to "
                + "8,000 steps", lines.get(2));
        // 27·2·2,000 + 5·2·6,000 = 108,000 + 60,000 = 168,000 of 54·8,000 = 432,000
        assertEquals("  at most 168,000 env steps, 38.9% of the full grid's 432,000", lines.get(3));
    }

    @Test
    void aBadSchedulerBlockExitsWithTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, """
                name = bad
                env = CartPole-v1
                steps = 1000
                scheduler { type = successive_halving, min_steps = 100, reduction_factor = 1 }
                """);
        Cli.Outcome outcome = Cli.run("plan", file.toString());
        assertEquals(2, outcome.exitCode());
        assertEquals("", outcome.stdout());
        assertTrue(outcome.stderr().startsWith("qsweep: error: " + file + ":4: scheduler.reduction_factor: η = 1 "
                + "would keep every trial"), outcome.stderr());
        assertEquals(List.of(file), Files.list(dir).toList(), "nothing written");
    }
}
