package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A {@code scheduler { type = pbt … }} block: parsed with its defaults, shown by the plan, and refused when wrong. */
class SweepFilesPbtTest {
    private static final String SWEEP = """
            name = pbt
            env = CartPole-v1
            preset = cartpole
            settings { hidden_sizes = [16], eval_interval = 500 }
            grid { learning_rate = [1e-3, 3e-4, 1e-4, 3e-5] }
            seeds = [1, 2]
            steps = 10000
            output = "file:/tmp/qsweep-test"
            """;

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, "jobs/test.conf"));
    }

    private static String error(String scheduler) {
        return assertThrows(SettingsException.class, () -> plan(SWEEP + scheduler)).getMessage();
    }

    @Test
    void aBlockIsParsedWithItsDefaultsAndMutationsInCatalogOrder() {
        SchedulerSettings s = plan(SWEEP + """
                scheduler { type = pbt, perturbation_interval = 2000,
                            mutations { gamma { values = [0.95, 0.99] }, learning_rate { factors = [0.8, 1.2] } } }
                """).spec().scheduler();
        assertEquals(SchedulerSettings.Type.PBT, s.type());
        assertEquals(SchedulerSettings.Metric.EVAL_MEAN, s.metric());
        PbtSettings pbt = s.pbt();
        assertEquals(2_000, pbt.perturbationInterval());
        assertEquals(0.25, pbt.quantile());
        assertEquals(0, pbt.seed());
        assertEquals(0.25, pbt.resampleProbability());
        assertEquals(List.of("learning_rate", "gamma"), List.copyOf(pbt.mutations().keySet()));
        assertEquals(new PbtSettings.Factors(List.of(0.8, 1.2)), pbt.mutations().get("learning_rate"));
        assertEquals(new PbtSettings.Values(List.of(0.95, 0.99)), pbt.mutations().get("gamma"));

        PbtSettings all = plan(SWEEP + """
                scheduler { type = pbt, metric = recent_return, perturbation_interval = 1000, quantile = 0.5, seed = 9,
                            mutations { resample_probability = 0.5, learning_rate { loguniform = [1e-5, 1e-2] } } }
                """).spec().scheduler().pbt();
        assertEquals(new PbtSettings(1_000, 0.5, 9, 0.5,
                Map.of("learning_rate", new PbtSettings.Resample(new Distribution.LogUniform(1e-5, 1e-2)))), all);
    }

    @Test
    void thePlanShowsGenerationsPopulationsAndTheBudget() {
        List<String> lines = plan(SWEEP + """
                scheduler { type = pbt, perturbation_interval = 3000, mutations { learning_rate { factors = [0.8, 1.2] } } }
                """).describe().lines().toList();
        assertEquals("schedule: pbt on eval_mean (max), quantile 0.25, seed 0", lines.get(1));
        assertEquals("  4 generation(s) of 3,000 steps (the last to 10,000); 2 population(s) (one per seed) of 4 "
                + "members; after each generation but the last, the bottom 1 of each copy one of its top 1", lines.get(2));
        assertEquals("  mutations: learning_rate × one of [0.8, 1.2]; resample probability 0.25", lines.get(3));
        // 8 members × 10,000 steps
        assertEquals("  80,000 env steps, 100.0% of the full grid's 80,000: PBT spends the grid's budget, it does not "
                + "save steps", lines.get(4));
    }

    @Test
    void badBlocksSayWhatIsWrongAndHowToFixIt() {
        String lr = "mutations { learning_rate { factors = [0.8, 1.2] } }";
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { batch_size { "
                + "factors = [0.5, 2] } } }").matches("(?s)jobs/test.conf:\\d+: scheduler.mutations.batch_size: "
                + "batch_size is not mutable: .*PBT mutates exploration_final_eps, exploration_fraction, gamma, "
                + "gradient_steps, learning_rate, target_update_interval, tau, train_frequency\\."));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { loss { values = [huber] } } }")
                .contains("scheduler.mutations.loss: loss is not numeric"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { learning_rat { "
                + "factors = [0.8] } } }").contains("unknown setting 'learning_rat'. Did you mean 'learning_rate'?"));
        for (String quantile : List.of("0", "0.6", "-0.1")) {
            assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, quantile = " + quantile + ", "
                    + lr + " }").contains("scheduler.quantile: quantile " + Double.parseDouble(quantile)
                    + " is outside (0, 0.5]"), quantile);
        }
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 10000, " + lr + " }")
                .contains("scheduler.perturbation_interval: perturbation_interval 10000 is not below steps 10000"));
        assertTrue(error("scheduler { type = pbt, " + lr + " }").contains("missing 'perturbation_interval'"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000 }").contains("missing 'mutations'"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { } }")
                .contains("scheduler.mutations: no settings to perturb."));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { resample_probability = 0.5 "
                + "} }").contains("no settings to perturb"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { learning_rate { "
                + "factors = [] } } }").contains("scheduler.mutations.learning_rate.factors: expected a non-empty list."));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { learning_rate { "
                + "factors = [0.8, -1] } } }").contains("a factor must be a positive number"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { learning_rate { "
                + "values = [0.5, 2] } } }").contains("scheduler.mutations.learning_rate.values"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { learning_rate { "
                + "gaussian = [1, 2] } } }").contains("unknown mutation 'gaussian'"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, mutations { resample_probability = 2, "
                + "learning_rate { factors = [0.8] } } }").contains("resample_probability 2.0 is not a probability"));
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, min_steps = 1000, " + lr + " }")
                .contains("scheduler.min_steps: min_steps belongs to successive_halving and hyperband"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 1000, quantile = 0.25 }")
                .contains("scheduler.quantile: quantile belongs to type = pbt, not successive_halving."));
    }
}
