package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.cli.Cli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    @Test
    void printsOneRowPerTrialWithTheSettingsThatVary() {
        Cli.Outcome outcome = Cli.run("plan", "jobs/cartpole-grid.conf");
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("sweep cartpole-grid: 8 trials (2 learning_rate × 2 target_update_interval × 2 seeds)"),
                lines.get(0));
        assertEquals(List.of("#", "trial_id", "env", "seed", "learning_rate", "target_update_interval"),
                List.of(lines.get(1).trim().split("\\s+")));
        assertEquals(1 + 2 + 8, lines.size());
        assertTrue(lines.get(3).matches("0\\s+t[0-9a-f]{16}\\s+CartPole-v1\\s+1\\s+0\\.0023\\s+10"), lines.get(3));
        assertTrue(lines.get(10).matches("7\\s+t[0-9a-f]{16}\\s+CartPole-v1\\s+2\\s+0\\.001\\s+100"), lines.get(10));
    }

    @Test
    void aBadFileExitsWithTwoNamingFileLineAndSetting(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "name = bad\nenv = CartPole-v1\nsteps = 100\ngrid {\n  gama = [0.9, 0.99]\n}\n");
        Cli.Outcome outcome = Cli.run("plan", file.toString());
        assertEquals(2, outcome.exitCode());
        assertEquals("", outcome.stdout());
        assertTrue(outcome.stderr().startsWith("qsweep: error: " + file + ":5: grid.gama: Unknown setting 'gama'. "
                + "Did you mean 'gamma'?"), outcome.stderr());
        assertEquals(List.of(file), Files.list(dir).toList(), "nothing written");
    }
}
