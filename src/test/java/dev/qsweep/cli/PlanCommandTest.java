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
    void variantsAreListedAboveATableWithTheirNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v.conf");
        Files.writeString(file, """
                name = v
                env = CartPole-v1
                variants = [ { name = dqn }, { name = "+double_q", double_q = true }, { name = clean, preset = cartpole-cleanrl } ]
                grid { gamma = [0.9, 0.99] }
                steps = 20000
                """);
        Cli.Outcome outcome = Cli.run("plan", file.toString());
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("sweep v: 6 trials (3 variants × 2 gamma × 1 seed)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("variants ("), lines.get(1));
        assertEquals(List.of("  dqn", "  +double_q: double_q = true", "  clean: preset cartpole-cleanrl"),
                lines.subList(2, 5));
        // Only the grid's axis beside the name: what the variants change is listed above.
        assertEquals(List.of("#", "trial_id", "env", "seed", "variant", "gamma"), List.of(lines.get(5).trim().split("\\s+")));
        assertTrue(lines.get(7).matches("0\\s+t[0-9a-f]{16}\\s+CartPole-v1\\s+1\\s+dqn\\s+0\\.9"), lines.get(7));
        assertTrue(lines.get(12).matches("5\\s+t[0-9a-f]{16}\\s+CartPole-v1\\s+1\\s+clean\\s+0\\.99"), lines.get(12));
        assertEquals(7 + 6, lines.size());
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
