package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFilesTest {
    private static final String SOURCE = "jobs/test.conf";

    private static final String GRID = """
            name = test-grid
            env = CartPole-v1
            preset = cartpole
            settings { hidden_sizes = [16], eval_interval = 500 }
            grid {
              target_update_interval = [10, 100]
              learning_rate = [1e-3, 3e-4, 1e-4]
            }
            seeds = [1, 2]
            steps = 2000
            output = "file:/tmp/qsweep-test"
            """;

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, SOURCE));
    }

    /** The message of the SettingsException that parsing {@code text} throws. */
    private static String error(String text) {
        return assertThrows(SettingsException.class, () -> plan(text)).getMessage();
    }

    @Test
    void everyShippedJobFileLoadsAndExpands() throws IOException {
        List<Path> jobs;
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            jobs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(jobs.size() >= 6, jobs.toString());
        var envs = new HashSet<String>();
        for (Path job : jobs) {
            SweepPlan plan = TrialExpansion.expand(SweepFiles.load(job));
            assertFalse(plan.trials().isEmpty(), job.toString());
            assertEquals(job.getFileName().toString(), plan.spec().name() + ".conf", "file name = sweep name");
            plan.trials().forEach(t -> t.runSpec()); // every trial resolves to a valid run
            plan.spec().envs().forEach(e -> envs.add(e.envId()));
        }
        assertEquals(Set.of("CartPole-v1", "MountainCar-v0", "Acrobot-v1", "FrozenLake-v1", "Taxi-v4",
                "MinAtar/Breakout-v1", "PongNoFrameskip-v4", "MinAtar/Asterix-v1", "MinAtar/Freeway-v1",
                "MinAtar/Seaquest-v1", "MinAtar/SpaceInvaders-v1"), envs);
        SweepPlan cartpole = TrialExpansion.expand(SweepFiles.load(Path.of("jobs/cartpole-grid.conf")));
        assertEquals(8, cartpole.trials().size());
        assertEquals(20_000, cartpole.spec().steps());
    }

    @Test
    void gridIsTheCartesianProductInCatalogOrderWithSeedsInnermost() {
        SweepPlan plan = plan(GRID);
        assertEquals(3 * 2 * 2, plan.trials().size());
        // learning_rate comes before target_update_interval in the catalog, so it varies slower, whatever the file order.
        List<String> order = plan.trials().stream().map(t -> t.settings().get("learning_rate") + "/"
                + t.settings().get("target_update_interval") + "/" + t.seed()).toList();
        assertEquals(List.of("0.001/10/1", "0.001/10/2", "0.001/100/1", "0.001/100/2", "3.0E-4/10/1", "3.0E-4/10/2",
                "3.0E-4/100/1", "3.0E-4/100/2", "1.0E-4/10/1", "1.0E-4/10/2", "1.0E-4/100/1", "1.0E-4/100/2"), order);
        assertEquals(List.of("learning_rate", "target_update_interval"), plan.variedSettings());
        TrialSpec first = plan.trials().get(0);
        assertEquals(List.of(16), first.settings().get("hidden_sizes"), "base settings apply");
        assertEquals(64, first.settings().get("batch_size"), "preset settings apply");
        assertEquals(500, first.dqnSettings().evalInterval());
        assertEquals("test-grid", first.sweep());
        assertTrue(first.trialId().matches("t[0-9a-f]{16}"), first.trialId());
        assertEquals(12, plan.trials().stream().map(TrialSpec::trialId).distinct().count());
    }

    @Test
    void trialIdsAreStableAcrossLayoutAndDependOnEveryInput() {
        String reordered = """
                output = "file:/elsewhere"   # output and name are not part of a trial's identity
                steps = 2000
                seeds = [2, 1]
                grid { learning_rate = [1e-4, 3e-4, 0.001], target_update_interval = [100, 10] }
                settings { eval_interval = 500, hidden_sizes = "16" }
                preset = cartpole
                env = CartPole-v1
                name = renamed
                """;
        var ids = new HashSet<>(plan(GRID).trials().stream().map(TrialSpec::trialId).toList());
        var same = new HashSet<>(plan(reordered).trials().stream().map(TrialSpec::trialId).toList());
        assertEquals(ids, same);
        // Pinned: an id must never change between releases, or re-submitted sweeps would retrain everything. (It
        // changed once, on purpose: the "t" prefix before the same hash; an old output is refused, see SweepTables.)
        assertEquals("t7cdd999f5358e66e", plan(GRID).trials().get(0).trialId());
        // Pinned before runs that never learn were refused (then GRID had steps = 1000): the id of the same trial.
        TrialSpec first = plan(GRID).trials().get(0);
        assertEquals("ta2143cfe22f45de7", TrialIds.of(TrialIds.canonicalText(first.envId(), first.envOptions(),
                first.seed(), 1000, first.settings())));

        for (String changed : List.of(GRID.replace("steps = 2000", "steps = 2001"),
                GRID.replace("hidden_sizes = [16]", "hidden_sizes = [17]"),
                GRID.replace("env = CartPole-v1", "env = CartPole-v1\nenv_options { sutton_barto_reward = true }"),
                GRID.replace("seeds = [1, 2]", "seeds = [3, 4]"))) {
            var other = new HashSet<>(plan(changed).trials().stream().map(TrialSpec::trialId).toList());
            other.retainAll(ids);
            assertTrue(other.isEmpty(), "a changed input must change every id: " + changed);
        }
    }

    @Test
    void randomSearchIsSeededAndDrawsWithinTheDistributions() {
        String random = """
                name = r
                env = CartPole-v1
                random {
                  count = 20
                  seed = 3
                  learning_rate { loguniform = [1e-4, 1e-2] }
                  target_update_interval { int = [10, 20] }
                  gamma { uniform = [0.9, 0.99] }
                  loss { choice = [mse, huber] }
                }
                seeds = 2
                steps = 2000
                """;
        SweepPlan plan = plan(random);
        assertEquals(40, plan.trials().size());
        assertEquals(List.of(1L, 2L), plan.spec().seeds());
        assertEquals(plan.trials(), plan(random).trials(), "same file, same samples and ids");
        var losses = new HashSet<>();
        var intervals = new HashSet<>();
        for (TrialSpec t : plan.trials()) {
            double lr = (Double) t.settings().get("learning_rate");
            assertTrue(lr >= 1e-4 && lr < 1e-2, "lr " + lr);
            double gamma = (Double) t.settings().get("gamma");
            assertTrue(gamma >= 0.9 && gamma < 0.99, "gamma " + gamma);
            int interval = (Integer) t.settings().get("target_update_interval");
            assertTrue(interval >= 10 && interval <= 20, "interval " + interval);
            intervals.add(interval);
            losses.add(t.settings().get("loss"));
        }
        assertEquals(Set.of("mse", "huber"), losses);
        assertTrue(intervals.size() >= 6, "int draws spread over the range: " + intervals);
        long smallRates = plan.trials().stream().filter(t -> (Double) t.settings().get("learning_rate") < 1e-3).count();
        assertTrue(smallRates >= 10 && smallRates <= 30, "loguniform puts about half below 1e-3: " + smallRates);
        assertNotEquals(plan.trials(), plan(random.replace("seed = 3", "seed = 4")).trials());
    }

    @Test
    void defaultsComeFromTheSweepDefaultsAndTheEnvsDefaultPreset() {
        SweepSpec spec = SweepFiles.parse("name = d\nenv = Acrobot-v1\nsteps = 1000\n", SOURCE);
        assertEquals("acrobot", spec.preset());
        assertEquals(List.of(1L), spec.seeds());
        assertEquals("results", spec.output());
        assertEquals(1, spec.execution().coresPerTrial());
        assertEquals(1, TrialExpansion.expand(spec).trials().size());
        SweepSpec taxi = SweepFiles.parse("name = t\nenv = Taxi-v3\nsteps = 2000\nenv_options { is_rainy = TRUE }\n", SOURCE);
        assertEquals("Taxi-v4", taxi.envId(), "aliases resolve to the current id");
        assertEquals(Map.of("is_rainy", "true"), taxi.envOptions(), "option values are canonical");
    }

    @Test
    void unknownKeysNameTheFileLineAndNearestValidName() {
        String message = error(GRID.replace("seeds = [1, 2]", "seeds = [1, 2]\nsteeps = 5"));
        assertTrue(message.startsWith("jobs/test.conf:10: steeps: unknown key 'steeps'."), message);
        assertTrue(message.contains("Did you mean 'steps'?"), message);

        message = error(GRID.replace("learning_rate = [", "learning_rat = ["));
        assertTrue(message.startsWith("jobs/test.conf:7: grid.learning_rat: Unknown setting 'learning_rat'."), message);
        assertTrue(message.contains("Did you mean 'learning_rate'?"), message);

        message = error(GRID.replace("hidden_sizes = [16]", "hiden_sizes = [16]"));
        assertTrue(message.startsWith("jobs/test.conf:4: settings.hiden_sizes:"), message);
        assertTrue(message.contains("Did you mean 'hidden_sizes'?"), message);

        message = error(GRID + "spark { cores_per_tril = 2 }\n");
        assertTrue(message.startsWith("jobs/test.conf:12: spark.cores_per_tril:"), message);
        assertTrue(message.contains("Did you mean 'cores_per_trial'?"), message);
    }

    @Test
    void wrongTypesAndOutOfRangeValuesNameTheSetting() {
        String message = error(GRID.replace("1e-3, 3e-4", "1e-3, 3"));
        assertTrue(message.startsWith("jobs/test.conf:7: grid.learning_rate: Invalid value '3.0' for setting 'learning_rate'"),
                message);
        assertTrue(message.contains("out of range"), message);

        message = error(GRID.replace("steps = 2000", "steps = lots"));
        assertTrue(message.startsWith("jobs/test.conf:10: steps: expected a whole number"), message);

        message = error(GRID.replace("steps = 2000", "steps = 0"));
        assertTrue(message.startsWith("jobs/test.conf:10: steps: 0 is out of range"), message);

        message = error(GRID.replace("target_update_interval = [10, 100]", "target_update_interval = 10"));
        assertTrue(message.startsWith("jobs/test.conf:6: grid.target_update_interval: expected a list of values"), message);

        message = error(GRID.replace("seeds = [1, 2]", "seeds = [1, 1]"));
        assertTrue(message.startsWith("jobs/test.conf:9: seeds: seed 1 is listed twice"), message);

        message = error(GRID + "random { count = 2, gamma { uniform = [0.99, 0.9] } }\n");
        assertTrue(message.startsWith("jobs/test.conf:12: random.gamma.uniform: low 0.99 must be below high 0.9"), message);

        message = error(GRID + "random { count = 2, batch_size { uniform = [1, 9] } }\n");
        assertTrue(message.contains("random.batch_size.uniform: batch_size is an integer"), message);

        message = error(GRID + "random { count = 2, gamma { gaussian = [0.9, 0.99] } }\n");
        assertTrue(message.contains("unknown distribution 'gaussian'"), message);

        message = error(GRID + "random { count = 2, learning_rate { uniform = [1e-4, 1e-3] } }\n");
        assertTrue(message.contains("is also in the grid"), message);
    }

    @Test
    void unknownEnvironmentsAndOptionsAreRejected() {
        String message = error(GRID.replace("env = CartPole-v1", "env = CartPol-v1"));
        assertTrue(message.startsWith("jobs/test.conf:2: env: unknown environment id 'CartPol-v1'"), message);
        assertTrue(message.contains("did you mean 'CartPole-v1'?"), message);

        message = error(GRID.replace("env = CartPole-v1", "env = CartPole-v1\nenv_options { sutton_barto = true }"));
        assertTrue(message.startsWith("jobs/test.conf:3: env_options.sutton_barto: CartPole-v1 has no option 'sutton_barto'"),
                message);
        assertTrue(message.contains("Did you mean 'sutton_barto_reward'?"), message);

        message = error(GRID.replace("env = CartPole-v1", "env = CartPole-v1\nenv_options { max_episode_steps = -5 }"));
        assertTrue(message.startsWith("jobs/test.conf:3: env_options.max_episode_steps:"), message);

        message = error(GRID.replace("preset = cartpole", "preset = cartpol"));
        assertTrue(message.startsWith("jobs/test.conf:3: preset: Unknown preset 'cartpol'"), message);
    }

    @Test
    void emptyAndOversizedSweepsAreRejected() {
        String message = error(GRID.replace("[1e-3, 3e-4, 1e-4]", "[]"));
        assertTrue(message.startsWith("jobs/test.conf:7: grid.learning_rate: the list is empty"), message);

        message = error(GRID.replace("seeds = [1, 2]", "seeds = []"));
        assertTrue(message.startsWith("jobs/test.conf:9: seeds: the list is empty"), message);

        String huge = GRID.replace("seeds = [1, 2]", "seeds = 1000");
        message = error(huge.replace("[10, 100]", "[10, 100, 1000, 5000]"));
        assertTrue(message.startsWith("jobs/test.conf:5: grid: the sweep expands to 12000 trials (grid 12 × random 1 × seeds 1000)"),
                message);

        message = error(GRID.replace("name = test-grid", "name = \"../escape\""));
        assertTrue(message.startsWith("jobs/test.conf:1: name: '../escape' cannot be a directory name"), message);

        message = error(GRID.replace("name = test-grid\n", ""));
        assertTrue(message.startsWith("jobs/test.conf: missing 'name'."), message);

        message = error(GRID.replace("[1e-3, 3e-4, 1e-4]", "[1e-3, 0.001]"));
        assertTrue(message.contains("are identical"), message);
    }

    @Test
    void aMissingOrMalformedFileSaysSo(@TempDir Path dir) throws IOException {
        String missing = assertThrows(SettingsException.class, () -> SweepFiles.load(dir.resolve("nope.conf"))).getMessage();
        assertTrue(missing.contains("nope.conf: no such sweep file"), missing);
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "name = x\ngrid { learning_rate = [1e-3 }\n");
        String message = assertThrows(SettingsException.class, () -> SweepFiles.load(broken)).getMessage();
        assertTrue(message.contains("broken.conf") && message.contains("2"), message);
        Path good = dir.resolve("good.conf");
        Files.writeString(good, "name = x\nenv = CartPole-v1\nsteps = 10\nsettings { gamma = 2 }\n");
        message = assertThrows(SettingsException.class, () -> SweepFiles.load(good)).getMessage();
        assertTrue(message.startsWith(good + ":4: settings.gamma: Invalid value '2.0'"), message);
    }
}
