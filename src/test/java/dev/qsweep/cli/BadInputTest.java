package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input is refused up front: exit 2, a message saying what, why and the fix, and nothing written. Settings
 * that are each valid but conflict (with each other, the run's length or the environment) in {@code train} and in
 * sweep files, where any one trial of the expansion may be the bad one.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Cli.Outcome train(String env, String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--env", env, "--steps", "600", "--out",
                dir.resolve("run").toString()));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertRefused(Cli.Outcome outcome, String... messageParts) throws IOException {
        assertEquals(2, outcome.exitCode(), outcome.stderr());
        for (String part : messageParts) {
            assertTrue(outcome.stderr().contains(part), "missing '" + part + "' in: " + outcome.stderr());
        }
        assertEquals("", outcome.stdout());
        assertFalse(outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().endsWith(".conf")).toList(),
                    "nothing written");
        }
    }

    /** A CartPole settings base that learns within 600 steps; each case changes one or two things. */
    private static final String[] LEARNS = {"learning_starts=100", "batch_size=16", "buffer_size=1000",
            "target_update_interval=100", "train_frequency=4", "hidden_sizes=8"};

    private Cli.Outcome trainCartPole(String... changes) {
        List<String> sets = new ArrayList<>(List.of(LEARNS));
        sets.addAll(List.of(changes));
        return train("CartPole-v1", sets.toArray(String[]::new));
    }

    @Test
    void conflictingSettingsInTrain() throws IOException {
        assertRefused(trainCartPole("buffer_size=8"),
                "buffer_size 8 is smaller than batch_size 16", "Raise buffer_size well above batch_size");
        assertRefused(trainCartPole("learning_starts=600"),
                "learning_starts 600 is not below the trial's steps 600", "never take a gradient step");
        assertRefused(trainCartPole("learning_starts=500", "train_frequency=200"),
                "no training round fits in 600 steps: the first would come at step 600");
        assertRefused(trainCartPole("target_update_interval=600"),
                "target_update_interval 600 never updates the target network in 600 steps",
                "Lower target_update_interval below 500");
        assertRefused(trainCartPole("exploration_initial_eps=0.1", "exploration_final_eps=0.5"),
                "exploration_final_eps 0.5 is above exploration_initial_eps 0.1");
    }

    @Test
    void replayAndOptimizerSettingsThatWouldDoNothingInTrain() throws IOException {
        assertRefused(trainCartPole("rmsprop_centered=false"),
                "rmsprop_centered = false does nothing with optimizer = adam", "set optimizer = rmsprop");
        assertRefused(trainCartPole("optimizer=rmsprop", "adam_eps=0.001"),
                "adam_eps = 0.001 does nothing with optimizer = rmsprop");
        assertRefused(trainCartPole("prioritized_replay_alpha=0.5"),
                "prioritized_replay_alpha = 0.5 does nothing with prioritized_replay = false",
                "set prioritized_replay = true");
        assertRefused(train("FrozenLake-v1", "algorithm=qtable", "n_step=3"),
                "n_step = 3 does nothing with algorithm = qtable");
        assertRefused(trainCartPole("n_step=0"), "n_step");
    }

    @Test
    void settingsThatDoNotFitTheEnvironmentInTrain() throws IOException {
        assertRefused(trainCartPole("network=nature_cnn"), "network=nature_cnn needs a Box observation of shape",
                "Choose the network for the observations");
        assertRefused(trainCartPole("network=minatar_cnn"), "network=minatar_cnn needs a Box observation");
        assertRefused(train("MinAtar/Breakout-v1", "network=nature_cnn", "learning_starts=100",
                "target_update_interval=100"), "network=nature_cnn does not fit the observation space");
        assertRefused(train("PongNoFrameskip-v4", "learning_starts=100", "target_update_interval=100",
                "buffer_size=100000000"), "a frame replay of 100000000 transitions needs 7", "lower buffer_size");
        assertRefused(Cli.run("train", "--env", "PongNoFrameskip-v4", "--env-opt", "preprocess=none", "--steps", "600",
                "--set", "learning_starts=100", "--set", "target_update_interval=100", "--set", "buffer_size=1000",
                "--out", dir.resolve("run").toString()),
                "network=nature_cnn does not fit the observation space Box([210, 160, 3], uint8)");
        assertRefused(trainCartPole("algorithm=qtable"), "algorithm = qtable needs a Discrete observation space",
                "CartPole-v1 observes Box([4], float32)");
        assertRefused(train("FrozenLake-v1", "algorithm=qtable", "network=minatar_cnn"),
                "network = minatar_cnn does nothing with algorithm = qtable");
    }

    @Test
    void resumeNeedsACheckpointAndTheSameRunAndWritesNothingOtherwise() throws IOException {
        Path out = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--env", "CartPole-v1", "--steps", "600", "--out",
                out.toString(), "--set", "checkpoint_interval=300"));
        for (String set : LEARNS) {
            args.addAll(List.of("--set", set));
        }
        List<String> resumeNothing = new ArrayList<>(args);
        resumeNothing.add("--resume");
        assertRefused(Cli.run(resumeNothing.toArray(String[]::new)), "--resume: " + out + " holds no checkpoint");

        assertEquals(0, Cli.run(args.toArray(String[]::new)).exitCode());
        byte[] runJson = Files.readAllBytes(out.resolve("run.json"));
        byte[] episodes = Files.readAllBytes(out.resolve(CsvMetricsSink.EPISODES));

        args.addAll(List.of("--resume", "--seed", "9"));
        Cli.Outcome other = Cli.run(args.toArray(String[]::new));
        assertEquals(2, other.exitCode(), other.stderr());
        assertTrue(other.stderr().contains("--resume: the run in " + out + " was started with other arguments"),
                other.stderr());
        assertTrue(other.stderr().contains("\"seed\":1") && other.stderr().contains("\"seed\":9"), other.stderr());
        assertEquals(new String(runJson), Files.readString(out.resolve("run.json")), "run.json untouched");
        assertEquals(new String(episodes), Files.readString(out.resolve(CsvMetricsSink.EPISODES)));

        // A run from before run.json existed: the checkpoint itself tells, still before anything is written.
        Files.delete(out.resolve("run.json"));
        Cli.Outcome legacy = Cli.run(args.toArray(String[]::new));
        assertEquals(2, legacy.exitCode(), legacy.stderr());
        assertTrue(legacy.stderr().contains("belongs to a different run"), legacy.stderr());
        assertFalse(Files.exists(out.resolve("run.json")), "nothing written");
        assertEquals(new String(episodes), Files.readString(out.resolve(CsvMetricsSink.EPISODES)));
    }

    private Path sweep(String body) throws IOException {
        return Files.writeString(dir.resolve("bad.conf"), """
                name = bad
                env = CartPole-v1
                settings {
                  learning_starts = 100
                  batch_size = 16
                  buffer_size = 1000
                  target_update_interval = 100
                }
                seeds = [1]
                steps = 600
                output = "%s"
                %s
                """.formatted(dir.resolve("out").toUri(), body));
    }

    private Cli.Outcome runSweep(String body) throws IOException {
        return Cli.run("run", sweep(body).toString(), "--master", "local[1]");
    }

    @Test
    void duplicateKeysInASweepFile() throws IOException {
        assertRefused(runSweep("steps = 700"), "bad.conf:12: steps: set twice (first on line 10)",
                "HOCON would silently keep this later value");
        assertRefused(runSweep("settings.batch_size = 32"), "bad.conf:12: settings.batch_size: set twice (first on line 5)");
        assertRefused(runSweep("settings { buffer_size = 2000 }"), "settings.buffer_size: set twice (first on line 6)");
        assertRefused(runSweep("grid {\n  gamma = [0.9]\n  gamma = [0.99]\n}"),
                "bad.conf:14: grid.gamma: set twice (first on line 13)", "list all values to try in one list");
    }

    @Test
    void conflictsInAnyTrialOfASweep() throws IOException {
        assertRefused(runSweep("grid { learning_starts = [100, 600] }"),
                "bad.conf (trial 1: learning_starts = 600): learning_starts 600 is not below the trial's steps 600");
        assertRefused(runSweep("grid { buffer_size = [1000, 8], batch_size = [4, 16] }"),
                "(trial 3: buffer_size = 8, batch_size = 16): buffer_size 8 is smaller than batch_size 16");
        assertRefused(runSweep("random { count = 10, seed = 1, target_update_interval { int = [100, 5000] } }"),
                "never updates the target network in 600 steps");
        assertRefused(runSweep("grid { algorithm = [dqn, qtable] }"),
                "(trial 1: algorithm = qtable): algorithm = qtable needs a Discrete observation space");
        assertRefused(runSweep("grid { network = [mlp, nature_cnn] }"),
                "(trial 1: network = nature_cnn): CartPole-v1: network=nature_cnn needs a Box observation");
    }

    @Test
    void everyShippedJobPassesTheChecks() throws IOException {
        try (Stream<Path> jobs = Files.list(Path.of("jobs"))) {
            for (Path job : jobs.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                Cli.Outcome plan = Cli.run("plan", job.toString());
                assertEquals(0, plan.exitCode(), job + ": " + plan.stderr());
            }
        }
    }
}
