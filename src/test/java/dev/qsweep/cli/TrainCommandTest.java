package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    private static final String[] SMALL = {"--set", "learning_starts=100", "--set", "batch_size=16",
            "--set", "hidden_sizes=16", "--set", "buffer_size=1000", "--set", "eval_interval=600",
            "--set", "eval_episodes=2", "--set", "checkpoint_interval=300"};

    private static String[] args(Path out, String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("train", "--env", "CartPole-v1", "--seed", "3",
                "--steps", "600", "--preset", "cartpole-cleanrl", "--out", out.toString()));
        all.addAll(List.of(SMALL));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void trainsAndEndsStdoutWithAJsonSummary(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Cli.Outcome outcome = Cli.run(args(out));
        assertEquals(0, outcome.exitCode(), outcome.stderr());
        String json = outcome.lastStdoutLine();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String key : List.of("\"env_steps\":600", "\"episodes\":", "\"wall_seconds\":", "\"sps\":",
                "\"eval_mean_return\":", "\"eval_episodes\":2")) {
            assertTrue(json.contains(key), key + " missing in " + json);
        }
        assertEquals(1, outcome.stdout().lines().count(), "stdout carries only the summary");
        assertTrue(outcome.stderr().contains("steps/s"), "progress goes to stderr");
        List<String> episodes = Files.readAllLines(out.resolve(CsvMetricsSink.EPISODES));
        assertEquals("episode,global_step,return,length,epsilon,wall_seconds", episodes.get(0));
        assertTrue(episodes.size() > 5);
        assertEquals(2, Files.readAllLines(out.resolve(CsvMetricsSink.EVALS)).size());
    }

    @Test
    void unknownSettingExitsWithTwoNamingTheNearestAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        Cli.Outcome outcome = Cli.run(args(out, "--set", "gama=0.9"));
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.stderr().contains("'gama'"), outcome.stderr());
        assertTrue(outcome.stderr().contains("Did you mean 'gamma'?"), outcome.stderr());
        assertEquals("", outcome.stdout());
        assertFalse(Files.exists(out));
    }

    @Test
    void outOfRangeAndWrongTypeExitWithTwo(@TempDir Path dir) {
        Cli.Outcome range = Cli.run(args(dir.resolve("a"), "--set", "exploration_final_eps=2"));
        assertEquals(2, range.exitCode());
        assertTrue(range.stderr().contains("[0, 1]"), range.stderr());
        Cli.Outcome type = Cli.run(args(dir.resolve("b"), "--set", "batch_size=many"));
        assertEquals(2, type.exitCode());
        assertTrue(type.stderr().contains("'batch_size'"), type.stderr());
    }

    @Test
    void unknownEnvironmentExitsWithTwo(@TempDir Path dir) {
        Cli.Outcome outcome = Cli.run("train", "--env", "CartPol-v1", "--steps", "10", "--out", dir.resolve("x").toString());
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.stderr().contains("CartPole-v1"), outcome.stderr());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void anExistingRunNeedsResumeAndResumeOfAFinishedRunTrainsNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertEquals(0, Cli.run(args(out)).exitCode());
        Cli.Outcome again = Cli.run(args(out));
        assertEquals(2, again.exitCode());
        assertTrue(again.stderr().contains("--resume"), again.stderr());
        Cli.Outcome resumed = Cli.run(args(out, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.lastStdoutLine().contains("\"resumed_from_step\":600"), resumed.lastStdoutLine());
    }

    @Test
    void aResumePassesOverADamagedNewestCheckpointAndRefusesWhenAllAreDamaged(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, Cli.run(args(out)).exitCode());
        Path checkpoints = out.resolve("checkpoints");
        Path newest = checkpoints.resolve("checkpoint-000000000600.qck");
        byte[] manifest = Files.readAllBytes(newest);
        manifest[manifest.length - 10] ^= 1;
        Files.write(newest, manifest);
        Cli.Outcome resumed = Cli.run(args(out, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.lastStdoutLine().contains("\"resumed_from_step\":300"),
                "resumed from the previous checkpoint, not the damaged one: " + resumed.lastStdoutLine());

        for (String name : List.of("checkpoint-000000000300.qck", "checkpoint-000000000600.qck")) {
            Files.write(checkpoints.resolve(name), new byte[] {'Q', 'S', 'W'});
        }
        Cli.Outcome refused = Cli.run(args(out, "--resume"));
        assertEquals(2, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("every checkpoint in") && refused.stderr().contains("Delete"), refused.stderr());
    }

    @Test
    void aFormatOneCheckpointIsRefusedWithExitTwoAndWhatToDo(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, Cli.run(args(out)).exitCode());
        Path checkpoints = out.resolve("checkpoints");
        try (var files = Files.list(checkpoints)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        byte[] formatOne = new byte[8 + 4 + 4 + 1 + 32]; // magic, version 1, length 1, payload, SHA-256
        System.arraycopy("QSWEEPCK".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, formatOne, 0, 8);
        formatOne[11] = 1;
        formatOne[15] = 1;
        Files.write(checkpoints.resolve("checkpoint-000000000600.qck"), formatOne);
        Cli.Outcome refused = Cli.run(args(out, "--resume"));
        assertEquals(2, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("format 1") && refused.stderr().contains("without --resume"), refused.stderr());
    }
}
