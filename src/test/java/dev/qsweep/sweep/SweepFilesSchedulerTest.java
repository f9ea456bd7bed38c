package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code scheduler} block (successive halving, HyperBand, PBT): parsed, validated up front, shown by the plan, and
 * without effect on the trials themselves.
 */
class SweepFilesSchedulerTest {
    private static final String SWEEP = """
            name = sched
            env = CartPole-v1
            preset = cartpole
            settings { hidden_sizes = [16], eval_interval = 500 }
            grid {
              learning_rate = [1e-3, 3e-4, 1e-4]
              target_update_interval = [10, 100, 500]
              batch_size = [32, 64, 128]
            }
            seeds = [1, 2]
            steps = 18000
            output = "file:/tmp/qsweep-test"
            """;

    private static SweepPlan plan(String text) {
        return TrialExpansion.expand(SweepFiles.parse(text, "jobs/test.conf"));
    }

    private static String error(String scheduler) {
        return assertThrows(SettingsException.class, () -> plan(SWEEP + scheduler)).getMessage();
    }

    @Test
    void aBlockIsParsedWithItsDefaults() {
        SchedulerSettings s = plan(SWEEP + "scheduler { type = successive_halving, min_steps = 2000 }").spec().scheduler();
        assertEquals(new SchedulerSettings(SchedulerSettings.Type.SUCCESSIVE_HALVING, SchedulerSettings.Metric.EVAL_MEAN,
                SchedulerSettings.Mode.MAX, 2_000, 3), s);
        SchedulerSettings all = plan(SWEEP + """
                scheduler { type = hyperband, metric = recent_return, mode = min, min_steps = 1000,
                            reduction_factor = 2, max_steps = 18000 }""").spec().scheduler();
        assertEquals(new SchedulerSettings(SchedulerSettings.Type.HYPERBAND, SchedulerSettings.Metric.RECENT_RETURN,
                SchedulerSettings.Mode.MIN, 1_000, 2), all);
    }

    @Test
    void noBlockMeansNoSchedulerAndTheSameTrialIdsEitherWay() {
        SweepPlan plain = plan(SWEEP);
        assertTrue(plain.spec().scheduler().isEmpty());
        SweepPlan scheduled = plan(SWEEP + "scheduler { type = successive_halving, min_steps = 2000 }");
        assertEquals(plain.trials().stream().map(TrialSpec::trialId).toList(),
                scheduled.trials().stream().map(TrialSpec::trialId).toList());
        assertEquals(plain.describe(), plain.describe().lines().findFirst().orElseThrow(), "one line, as before");
    }

    @Test
    void thePlanShowsEachRungsBudgetAndTheStepsAgainstTheFullGrid() {
        String text = plan(SWEEP + "scheduler { type = successive_halving, min_steps = 2000 }").describe();
        List<String> lines = text.lines().toList();
        assertEquals("schedule: successive_halving on eval_mean (max), η = 3", lines.get(1));
        assertEquals("  rung 1: 27 configurations × 2 seeds to 2,000 steps; rung 2: 9 configurations × 2 seeds to "
                + "6,000 steps; rung 3: 3 configurations × 2 seeds to 18,000 steps", lines.get(2));
        // 27·2·2,000 + 9·2·4,000 + 3·2·12,000 = 252,000 of 54·18,000 = 972,000
        assertEquals("  at most 252,000 env steps, 25.9% of the full grid's 972,000", lines.get(3));
    }

    @Test
    void anEvalWindowIsParsedShownByThePlanAndRefusedWhereItCannotHold() {
        SweepPlan windowed = plan(SWEEP + "scheduler { type = successive_halving, min_steps = 2000, eval_window = 4 }");
        assertEquals(4, windowed.spec().scheduler().evalWindow());
        assertEquals(1, plan(SWEEP + "scheduler { type = successive_halving, min_steps = 2000 }").spec().scheduler()
                .evalWindow());
        assertEquals("schedule: successive_halving on eval_mean averaged over the last 4 evaluations (max), η = 3",
                windowed.describe().lines().toList().get(1));
        // eval_interval 500: the first rung at 2,000 steps holds 4 evaluations, not 5
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, eval_window = 5 }")
                .contains("scheduler.eval_window: eval_window 5 needs 5 evaluations by the first rung (min_steps 2000), "
                        + "but with eval_interval 500 there are only 4. Lower eval_window, evaluate more often "
                        + "(eval_interval <= 400), or raise min_steps."), "too few evaluations");
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, metric = recent_return, "
                + "eval_window = 2 }").contains("scheduler.eval_window: eval_window averages evaluations, but the "
                + "metric is recent_return. Use metric = eval_mean, or remove eval_window."), "recent_return");
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, eval_window = 0 }")
                .contains("scheduler.eval_window"), "0");
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 2000, eval_window = 2, "
                + "mutations { learning_rate { factors = [0.8, 1.2] } } }")
                .contains("eval_window belongs to successive_halving and hyperband"), "pbt");
    }

    @Test
    void badBlocksSayWhatIsWrongAndHowToFixIt() {
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, reduction_factor = 1 }")
                .matches("(?s)jobs/test.conf:\\d+: scheduler.reduction_factor: η = 1 would keep every trial.*at least 2.*"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 20000 }")
                .contains("scheduler.min_steps: min_steps 20000 is more than steps 18000"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, metric = eval_max }")
                .contains("scheduler.metric: unknown value 'eval_max'. Did you mean 'eval_mean'? Valid: eval_mean, "
                        + "recent_return."), error("scheduler { type = successive_halving, min_steps = 2000, metric = eval_max }"));
        assertTrue(error("scheduler { type = asha, min_steps = 2000 }")
                .contains("scheduler.type: unknown value 'asha'."));
        assertTrue(error("scheduler { type = asha, min_steps = 2000 }")
                .contains("Valid: successive_halving, hyperband, pbt."));
        assertTrue(error("scheduler { min_steps = 2000 }").contains("scheduler: missing 'type'"));
        assertTrue(error("scheduler { type = successive_halving }").contains("scheduler: missing 'min_steps'"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, mode = maximize }")
                .contains("scheduler.mode: unknown value 'maximize'"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, max_steps = 9000 }")
                .contains("scheduler.max_steps: max_steps must equal steps (18000)"));
        assertTrue(error("scheduler { type = successive_halving, min_steps = 2000, rungs = 3 }")
                .contains("scheduler.rungs: unknown key 'rungs'"));
        String noEvals = assertThrows(SettingsException.class, () -> plan(SWEEP.replace("eval_interval = 500",
                "eval_interval = 500, eval_episodes = 0") + "scheduler { type = successive_halving, min_steps = 2000 }"))
                .getMessage();
        assertTrue(noEvals.contains("scheduler: the metric eval_mean needs evaluations, but eval_episodes is 0"), noEvals);
    }

    @Test
    void aSchedulerOverSeveralEnvironmentsIsRefused() {
        String severalEnvs = SWEEP.replace("env = CartPole-v1\npreset = cartpole\n",
                "envs = [ { env = CartPole-v1, preset = cartpole }, { env = Acrobot-v1, preset = acrobot } ]\n");
        assertTrue(severalEnvs.contains("envs = ["), "the fixture changed: " + severalEnvs);
        String message = assertThrows(SettingsException.class, () -> plan(severalEnvs
                + "scheduler { type = successive_halving, min_steps = 2000 }")).getMessage();
        assertTrue(message.contains("scheduler: a scheduler ranks the configurations of one environment")
                && message.contains("Run one scheduled sweep per environment"), message);
    }

    @Test
    void aPbtBlockIsParsedWithItsDefaultsAndMutationsInCatalogOrder() {
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
    void thePlanShowsPbtGenerationsPopulationsAndTheBudget() {
        List<String> lines = plan(SWEEP + """
                scheduler { type = pbt, perturbation_interval = 3000, mutations { learning_rate { factors = [0.8, 1.2] } } }
                """).describe().lines().toList();
        assertEquals("schedule: pbt on eval_mean (max), quantile 0.25, seed 0", lines.get(1));
        // ⌈27 · 0.25⌉ = 7 of each population copy
        assertEquals("  6 generation(s) of 3,000 steps (the last to 18,000); 2 population(s) (one per seed) of 27 "
                + "members; after each generation but the last, the bottom 7 of each copy one of its top 7", lines.get(2));
        assertEquals("  mutations: learning_rate × one of [0.8, 1.2]; resample probability 0.25", lines.get(3));
        // 54 members × 18,000 steps
        assertEquals("  972,000 env steps, 100.0% of the full grid's 972,000: PBT spends the grid's budget, it does not "
                + "save steps", lines.get(4));
    }

    @Test
    void badPbtBlocksSayWhatIsWrongAndHowToFixIt() {
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
        assertTrue(error("scheduler { type = pbt, perturbation_interval = 18000, " + lr + " }")
                .contains("scheduler.perturbation_interval: perturbation_interval 18000 is not below steps 18000"));
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
