package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code variants} list of sweep files: expansion order, composition with presets and axes, and bad input. */
class SweepFilesVariantsTest {
    private static final String SOURCE = "jobs/test.conf";

    /** Three variants (one with its own preset) × a two-value grid × two seeds. Line numbers matter for messages. */
    private static final String VARIANTS = """
            name = test-variants
            env = CartPole-v1
            preset = cartpole
            settings { hidden_sizes = [16], eval_interval = 500 }
            variants = [
              { name = dqn }
              { name = "+double_q", double_q = true }
              { name = clean, preset = cartpole-cleanrl, gamma = 0.9 }
            ]
            grid { target_update_interval = [10, 100] }
            seeds = [1, 2]
            steps = 20000
            """;

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, SOURCE));
    }

    private static String error(String text) {
        return assertThrows(SettingsException.class, () -> plan(text)).getMessage();
    }

    @Test
    void variantsAreOutsideTheGridAndSeedsInnermost() {
        SweepPlan plan = plan(VARIANTS);
        assertEquals(3 * 2 * 2, plan.trials().size());
        assertEquals(12, plan.spec().trialCount());
        List<String> order = plan.trials().stream().map(t -> t.variant() + "/"
                + t.settings().get("target_update_interval") + "/" + t.seed()).toList();
        assertEquals(List.of("dqn/10/1", "dqn/10/2", "dqn/100/1", "dqn/100/2",
                "+double_q/10/1", "+double_q/10/2", "+double_q/100/1", "+double_q/100/2",
                "clean/10/1", "clean/10/2", "clean/100/1", "clean/100/2"), order);
        assertEquals(List.of("dqn", "+double_q", "clean"), plan.spec().variants().stream().map(Variant::name).toList());
        assertTrue(plan.describe().startsWith("sweep test-variants: 12 trials (3 variants × 2 target_update_interval "
                + "× 2 seeds)"), plan.describe());
    }

    @Test
    void aVariantSetsItsSettingsOverTheSweepsBaseOrOverItsOwnPresetAndTheSettingsBlock() {
        List<TrialSpec> trials = plan(VARIANTS).trials();
        TrialSpec dqn = trials.get(0);
        TrialSpec doubleQ = trials.get(4);
        TrialSpec clean = trials.get(8);
        // conf/presets/cartpole.conf: batch_size 64, learning_rate 2.3e-3, double_q off (the default)
        assertEquals(64, dqn.settings().get("batch_size"));
        assertEquals(2.3e-3, dqn.settings().get("learning_rate"));
        assertEquals(false, dqn.settings().get("double_q"));
        assertEquals(true, doubleQ.settings().get("double_q"));
        assertEquals(2.3e-3, doubleQ.settings().get("learning_rate"), "everything else is the sweep's base");
        // conf/presets/cartpole-cleanrl.conf: batch_size 128, learning_rate 2.5e-4; the settings block still applies
        assertEquals(128, clean.settings().get("batch_size"));
        assertEquals(2.5e-4, clean.settings().get("learning_rate"));
        assertEquals(0.9, clean.settings().get("gamma"));
        for (TrialSpec trial : List.of(dqn, doubleQ, clean)) {
            assertEquals(List.of(16), trial.settings().get("hidden_sizes"), trial.variant());
            assertEquals(500, trial.settings().get("eval_interval"), trial.variant());
        }
        assertEquals("cartpole-cleanrl", plan(VARIANTS).spec().variants().get(2).preset());
    }

    @Test
    void idsDoNotDependOnVariantNamesSoASweepWithoutVariantsKeepsItsIds() {
        String plain = VARIANTS.replaceAll("(?s)variants = \\[.*?\\n\\]\\n", "");
        SweepPlan without = plan(plain);
        assertEquals(4, without.trials().size());
        assertNull(without.trials().get(0).variant());
        List<String> variantIds = plan(VARIANTS).trials().subList(0, 4).stream().map(TrialSpec::trialId).toList();
        assertEquals(without.trials().stream().map(TrialSpec::trialId).toList(), variantIds,
                "variant 'dqn' sets nothing, so its trials are the plain sweep's");
        assertEquals(variantIds, plan(VARIANTS.replace("name = dqn", "name = baseline")).trials().subList(0, 4)
                .stream().map(TrialSpec::trialId).toList(), "renaming a variant keeps its trials' results");
    }

    @Test
    void badVariantsSayWhatToChange() {
        String message = error(VARIANTS.replace("double_q = true", "dubble_q = true"));
        assertTrue(message.startsWith("jobs/test.conf:7: variants[1].dubble_q: unknown key 'dubble_q'."), message);
        assertTrue(message.contains("Did you mean 'double_q'?"), message);

        message = error(VARIANTS.replace("gamma = 0.9", "target_update_interval = 50"));
        assertTrue(message.startsWith("jobs/test.conf:8: variants[2].target_update_interval: target_update_interval "
                + "is also a grid axis"), message);

        message = error(VARIANTS.replace("gamma = 0.9", "gamma = 0.9, gamma = 0.95"));
        assertTrue(message.startsWith("jobs/test.conf:8: variants[2].gamma: set twice (first on line 8)"), message);

        message = error(VARIANTS.replace("name = clean", "name = dqn"));
        assertTrue(message.startsWith("jobs/test.conf:8: variants[2].name: 'dqn' is also the name of variants[0]"),
                message);

        message = error(VARIANTS.replace("gamma = 0.9", "gamma = 1.5"));
        assertTrue(message.startsWith("jobs/test.conf:8: variants[2].gamma: Invalid value '1.5' for setting 'gamma'"),
                message);

        message = error(VARIANTS.replace("{ name = dqn }", "{ double_q = false }"));
        assertTrue(message.startsWith("jobs/test.conf:6: variants[0]: missing 'name'"), message);

        message = error(VARIANTS.replace("name = dqn", "name = \"two words\""));
        assertTrue(message.startsWith("jobs/test.conf:6: variants[0].name: expected 1 to 64 letters, digits or '+', "
                + "'-', '.', '_', got the string \"two words\""), message);

        message = error(VARIANTS.replace("preset = cartpole-cleanrl", "preset = cartpol-cleanrl"));
        assertTrue(message.startsWith("jobs/test.conf:8: variants[2].preset:"), message);

        message = error("name = v\nenv = CartPole-v1\nsteps = 2000\nvariants = []\n");
        assertTrue(message.startsWith("jobs/test.conf:4: variants: expected a non-empty list"), message);

        message = error("name = v\nenv = CartPole-v1\nsteps = 2000\nvariants { name = a }\n");
        assertTrue(message.startsWith("jobs/test.conf:4: variants: expected a non-empty list"), message);

        message = error("name = v\nenv = CartPole-v1\nsteps = 2000\nrandom { count = 2, gamma { uniform = [0.9, 0.99] } }\n"
                + "variants = [ { name = a, gamma = 0.95 } ]\n");
        assertTrue(message.startsWith("jobs/test.conf:5: variants[0].gamma: gamma is also drawn by the random block"),
                message);
    }

    @Test
    void variantsThatComeToTheSameSettingsAreRefusedByName() {
        // The cartpole preset has double_q off already, so "-double_q" repeats "dqn".
        String message = error(VARIANTS.replace("{ name = \"+double_q\", double_q = true }",
                "{ name = \"-double_q\", double_q = false }"));
        assertEquals("jobs/test.conf: trials 0 and 4 are identical (same env, settings and seed): variants 'dqn' and "
                + "'-double_q' come to the same settings (one sets what the other's base already has); remove the "
                + "repeated env, variant, grid value or choice.", message);
    }

    @Test
    void aConflictNamesTheTrialsVariantAndItsAxes() {
        String message = error(VARIANTS.replace("double_q = true", "prioritized_replay_alpha = 0.5"));
        assertTrue(message.startsWith("jobs/test.conf (trial 4: variant = +double_q, target_update_interval = 10): "
                + "prioritized_replay_alpha = 0.5 does nothing with prioritized_replay = false"), message);
    }

    @Test
    void aVariantPresetMustNotNeedOtherEnvOptions() {
        // frozenlake-qtable is for slippery FrozenLake 4x4; this sweep's FrozenLake is not slippery.
        String message = error("""
                name = v
                env = FrozenLake-v1
                env_options { is_slippery = false }
                variants = [ { name = net }, { name = table, preset = frozenlake-qtable } ]
                steps = 20000
                """);
        assertTrue(message.startsWith("jobs/test.conf:4: variants[1].preset: preset frozenlake-qtable sets env option "
                + "is_slippery = true, but the sweep's FrozenLake-v1 has {is_slippery=false"), message);
        SweepPlan slippery = plan("""
                name = v
                env = FrozenLake-v1
                variants = [ { name = net }, { name = table, preset = frozenlake-qtable } ]
                steps = 20000
                """);
        assertEquals(List.of("dqn", "qtable"), slippery.trials().stream()
                .map(t -> (String) t.settings().get("algorithm")).toList());
    }

    @Test
    void pbtCannotRunVariants() {
        String message = error(VARIANTS + """
                scheduler { type = pbt, perturbation_interval = 500, mutations { learning_rate { factors = [0.8, 1.2] } } }
                """);
        assertTrue(message.startsWith("jobs/test.conf:5: variants: a pbt schedule copies a donor's settings"), message);
        SweepPlan halving = plan(VARIANTS + "scheduler { type = successive_halving, min_steps = 500 }\n");
        assertEquals(12, halving.trials().size(), "successive halving ranks variants like any configuration");
    }

    @Test
    void multiEnvSweepsRepeatEveryVariantPerEnv() {
        SweepPlan plan = plan("""
                name = v
                envs = [ { env = CartPole-v1 }, { env = Acrobot-v1 } ]
                variants = [ { name = a }, { name = b, gamma = 0.9 } ]
                steps = 5000
                """);
        assertEquals(List.of("CartPole-v1 a", "CartPole-v1 b", "Acrobot-v1 a", "Acrobot-v1 b"), plan.trials().stream()
                .map(t -> t.envId() + " " + t.variant()).toList());
        assertEquals(Map.of("a", 0.99, "b", 0.9), Map.of("a", plan.trials().get(2).settings().get("gamma"),
                "b", plan.trials().get(3).settings().get("gamma")));
    }
}
