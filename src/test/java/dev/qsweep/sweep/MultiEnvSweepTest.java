package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code envs = [ … ]}: several environments in one sweep, the env an axis of it. */
class MultiEnvSweepTest {
    private static final String SOURCE = "jobs/multi.conf";
    private static final String REST = """
            grid { learning_rate = [0.1, 0.5] }
            seeds = [1, 2]
            steps = 20000             # past every preset's learning_starts, which sweeps refuse otherwise
            output = "file:/tmp/qsweep-test"
            """;

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, SOURCE));
    }

    private static String error(String text) {
        return assertThrows(SettingsException.class, () -> plan(text)).getMessage();
    }

    private static String single(String name, String env) {
        return "name = " + name + "\n" + env + "\n" + REST;
    }

    @Test
    void theEnvIsTheOutermostAxisAndEachTrialKeepsItsSingleEnvId() {
        SweepPlan multi = plan("""
                name = multi
                envs = [
                  { env = FrozenLake-v1, preset = frozenlake-qtable, env_options { map_name = "8x8" } }
                  { env = Taxi-v3, preset = taxi-qtable }
                ]
                """ + REST);
        assertEquals(8, multi.trials().size());
        assertEquals(8, multi.spec().trialCount());
        assertTrue(multi.spec().multiEnv());
        List<String> envs = multi.trials().stream().map(TrialSpec::envId).toList();
        assertEquals(List.of("FrozenLake-v1", "FrozenLake-v1", "FrozenLake-v1", "FrozenLake-v1", "Taxi-v4", "Taxi-v4",
                "Taxi-v4", "Taxi-v4"), envs, "env outermost, aliases resolved");
        assertEquals(Map.of("map_name", "8x8", "is_slippery", "true"), multi.trials().get(0).envOptions());
        assertEquals(List.of("learning_rate"), multi.variedSettings(),
                "settings that differ only between the envs' presets are not varied settings");

        // The same trials as two single-env sweeps: same ids, same settings, so results carry over.
        SweepPlan lake = plan(single("multi", "env = FrozenLake-v1\npreset = frozenlake-qtable\nenv_options { map_name = \"8x8\" }"));
        SweepPlan taxi = plan(single("multi", "env = Taxi-v3\npreset = taxi-qtable"));
        List<TrialSpec> separate = new ArrayList<>(lake.trials());
        separate.addAll(taxi.trials());
        for (int i = 0; i < separate.size(); i++) {
            assertEquals(separate.get(i).trialId(), multi.trials().get(i).trialId());
            assertEquals(separate.get(i).settings(), multi.trials().get(i).settings());
            assertEquals(i, multi.trials().get(i).index());
        }
        assertTrue(multi.describe().contains("2 envs × 2 learning_rate × 2 seeds"), multi.describe());
    }

    @Test
    void aTopLevelPresetAppliesToEveryEnvWithoutItsOwn() {
        SweepPlan plan = plan("""
                name = multi
                preset = cartpole-cleanrl
                settings { hidden_sizes = [8] }
                envs = [ { env = CartPole-v1 }, { env = Acrobot-v1 }, { env = MountainCar-v0, preset = mountaincar } ]
                """ + REST);
        assertEquals(List.of("cartpole-cleanrl", "cartpole-cleanrl", "mountaincar"),
                plan.spec().envs().stream().map(SweepEnv::preset).toList());
        assertEquals(List.of(8), plan.trials().get(4).settings().get("hidden_sizes"), "the settings block applies to all");
        assertEquals(List.of(8), plan.trials().get(8).settings().get("hidden_sizes"));
    }

    @Test
    void badEnvListsSayWhatToFix() {
        String both = error("name = m\nenv = CartPole-v1\nenvs = [ { env = Acrobot-v1 } ]\n" + REST);
        assertTrue(both.startsWith(SOURCE + ":2: env: 'env' and 'envs' are both given"), both);
        String options = error("name = m\nenv_options { x = 1 }\nenvs = [ { env = Acrobot-v1 } ]\n" + REST);
        assertTrue(options.contains("env_options: 'env_options' and 'envs' are both given"), options);
        String empty = error("name = m\nenvs = []\n" + REST);
        assertTrue(empty.contains("envs: expected a non-empty list of env entries"), empty);
        String notBlock = error("name = m\nenvs = [ CartPole-v1 ]\n" + REST);
        assertTrue(notBlock.contains("envs[0]: expected a block { env = …"), notBlock);
        String noEnv = error("name = m\nenvs = [ { preset = cartpole } ]\n" + REST);
        assertTrue(noEnv.contains("envs[0].env: each entry needs env"), noEnv);
        String unknown = error("name = m\nenvs = [ { env = CartPole-v1 }, { env = CartPol-v1 } ]\n" + REST);
        assertTrue(unknown.contains(":2: envs[1].env: "), unknown);
        String typo = error("name = m\nenvs = [ { env = CartPole-v1, env_option { a = 1 } } ]\n" + REST);
        assertTrue(typo.contains("envs[0].env_option: unknown key 'env_option'. Did you mean 'env_options'?"), typo);
        String badOption = error("name = m\nenvs = [ { env = FrozenLake-v1, env_options { map_nam = \"8x8\" } } ]\n" + REST);
        assertTrue(badOption.contains("envs[0].env_options.map_nam: FrozenLake-v1 has no option 'map_nam'"), badOption);
        String twice = error("name = m\nenvs = [ { env = CartPole-v1 }, { env = CartPole-v1 } ]\n" + REST);
        assertTrue(twice.contains("envs[1]: the same env as envs[0]"), twice);
        String preset = error("name = m\nenvs = [ { env = CartPole-v1, preset = nope } ]\n" + REST);
        assertTrue(preset.contains("envs[0].preset: "), preset);
    }

    @Test
    void theTrialLimitCountsEveryEnv() {
        String message = error("name = m\nenvs = [ { env = CartPole-v1 }, { env = Acrobot-v1 } ]\n"
                + "grid { learning_rate = [0.1, 0.5] }\nseeds = 5001\nsteps = 10\noutput = x\n");
        assertTrue(message.contains("expands to 20004 trials (envs 2 × grid 2 × random 1 × seeds 5001)"), message);
    }

    @Test
    void eachTrialIsCheckedAgainstItsOwnEnvsObservations() {
        // An MLP env beside a CNN env: each preset's network fits its own env, not the first env's observations.
        SweepPlan mixed = plan("""
                name = mixed
                envs = [ { env = CartPole-v1, preset = cartpole }, { env = MinAtar/Breakout-v1, preset = minatar } ]
                """ + REST);
        assertEquals(List.of("mlp", "minatar_cnn"), List.of(mixed.trials().get(0).settings().get("network"),
                mixed.trials().get(4).settings().get("network")));

        // The settings block forces one network on every env: the env it does not fit is named.
        String misfit = error("""
                name = misfit
                settings { network = minatar_cnn }
                envs = [ { env = MinAtar/Breakout-v1, preset = minatar }, { env = CartPole-v1, preset = cartpole } ]
                """ + REST);
        assertTrue(misfit.startsWith(SOURCE + " (trial 4: env = CartPole-v1, learning_rate = 0.1): CartPole-v1: "),
                misfit);
    }
}
