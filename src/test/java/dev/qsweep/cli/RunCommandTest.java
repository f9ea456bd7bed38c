package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.cli.Cli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private static Path sweepFile(Path dir, String extra) throws IOException {
        return Files.writeString(dir.resolve("tiny.conf"), """
                name = tiny
                env = FrozenLake-v1
                preset = frozenlake-qtable
                settings { eval_interval = 500, eval_episodes = 5, checkpoint_interval = 500 }
                grid { gamma = [0.9, 0.99] }
                seeds = [1]
                steps = 1000
                output = "%s"
                %s
                """.formatted(dir.resolve("out").toUri(), extra));
    }

    @Test
    void runsTheSweepAndPrintsTheTopConfigurationsAndWhereTheTablesAre(@TempDir Path dir) throws IOException {
        Path file = sweepFile(dir, "");
        Cli.Outcome first = Cli.run("run", file.toString(), "--master", "local[2]");
        assertEquals(0, first.exitCode(), first.stderr());
        List<String> out = first.stdout().lines().toList();
        assertTrue(out.get(0).startsWith("sweep tiny: 2 trials (2 gamma × 1 seed) of 1,000 steps on FrozenLake-v1"), out.get(0));
        assertTrue(first.stdout().contains("2 trials: 2 done (0 of them already finished before), 0 failed, 0 diverged"),
                first.stdout());
        assertTrue(first.stdout().contains("top configurations by final evaluation return (mean ± std over seeds):"));
        int header = out.indexOf(out.stream().filter(l -> l.startsWith("rank")).findFirst().orElseThrow());
        assertEquals(List.of("rank", "gamma", "final_eval", "seeds"), List.of(out.get(header).split("\\s+")));
        assertTrue(out.get(header + 2).matches("\\s*1\\s+0\\.99?\\s+[0-9.]+ ± -\\s+1"), out.get(header + 2));
        String root = dir.resolve("out").toUri().toString().replaceFirst("^file:///", "file:/") + "tiny";
        assertTrue(first.stdout().contains("tables (Parquet, partitioned by trial_id): " + root + "/{trials,episodes,evals}"),
                first.stdout());
        assertTrue(first.stderr().contains("qsweep: trials 2/2 finished"), first.stderr());
        assertTrue(Files.isDirectory(dir.resolve("out/tiny/episodes")));

        // qsweep sql over the tables just written: every shipped example query, then one of ours.
        List<String> args = new java.util.ArrayList<>(List.of("sql", root, "--master", "local[2]"));
        try (var queries = Files.list(Path.of("jobs/queries"))) {
            queries.map(Path::toString).filter(q -> q.endsWith(".sql")).sorted().forEach(args::add);
        }
        args.add("SELECT count(*) AS evals, min(global_step) AS first_step FROM evals");
        Cli.Outcome sql = Cli.run(args.toArray(String[]::new));
        assertEquals(0, sql.exitCode(), sql.stderr());
        assertTrue(sql.stdout().contains("-- jobs/queries/trials.sql"), sql.stdout());
        assertTrue(sql.stdout().endsWith("""
                evals  first_step
                -----  ----------
                    4         500
                1 row
                """), sql.stdout());

        Cli.Outcome badQuery = Cli.run("sql", root, "--master", "local[1]", "SELECT nope FROM trials");
        assertEquals(2, badQuery.exitCode());
        assertTrue(badQuery.stderr().contains("the query failed: [UNRESOLVED_COLUMN"), badQuery.stderr());
    }

    @Test
    void badInputExitsWithTwoBeforeSparkStartsAndWritesNothing(@TempDir Path dir) throws IOException {
        Path file = sweepFile(dir, "spark { cores_per_trial = 3 }");
        Cli.Outcome tooFewCores = Cli.run("run", file.toString(), "--master", "local[2]");
        assertEquals(2, tooFewCores.exitCode(), tooFewCores.stderr());
        assertTrue(tooFewCores.stderr().contains("spark.cores_per_trial is 3 but --master local[2] has 2 core(s)"),
                tooFewCores.stderr());
        assertEquals("", tooFewCores.stdout());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");

        Files.writeString(file, Files.readString(file).replace("gamma = [", "gama = ["));
        Cli.Outcome typo = Cli.run("run", file.toString());
        assertEquals(2, typo.exitCode());
        assertTrue(typo.stderr().startsWith("qsweep: error: " + file + ":5: grid.gama: Unknown setting 'gama'."),
                typo.stderr());
        assertEquals("", typo.stdout());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");

        Cli.Outcome notASweep = Cli.run("sql", dir.toString(), "SELECT 1");
        assertEquals(2, notASweep.exitCode());
        assertTrue(notASweep.stderr().contains("no sweep tables under " + dir), notASweep.stderr());
    }
}
