package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.sweep.Decision.Outcome;
import dev.qsweep.sweep.SchedulerSettings.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PBT's pure parts, with numbers worked out by hand. */
class PbtTest {
    private static final double[] RATES = {1e-2, 3e-3, 1e-3, 3e-4};

    /** Four learning rates × the given seeds, seeds innermost as the expansion orders them. */
    private static List<TrialSpec> trials(long... seeds) {
        List<TrialSpec> trials = new ArrayList<>();
        for (double rate : RATES) {
            for (long seed : seeds) {
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("learning_rate", rate);
                settings.put("gamma", 0.99);
                trials.add(new TrialSpec("t" + trials.size(), trials.size(), "s", "CartPole-v1", Map.of(), seed, 900,
                        settings));
            }
        }
        return trials;
    }

    private static PbtSettings pbt(double quantile, Map<String, PbtSettings.Mutation> mutations) {
        return new PbtSettings(300, quantile, 5, 0.0, mutations);
    }

    private static Map<String, Map<String, Object>> mutableOf(List<TrialSpec> trials, PbtSettings pbt) {
        Map<String, Map<String, Object>> settings = new HashMap<>();
        trials.forEach(t -> settings.put(t.trialId(), Pbt.mutable(t.settings(), pbt)));
        return settings;
    }

    private static Map<String, Integer> configurationOf(List<TrialSpec> trials) {
        Map<String, Integer> configuration = new HashMap<>();
        trials.forEach(t -> configuration.put(t.trialId(), t.index()));
        return configuration;
    }

    @Test
    void generationsAreIntervalsUpToTheSteps() {
        assertEquals(List.of(300L, 600L, 900L), Pbt.generationBudgets(300, 900));
        assertEquals(List.of(400L, 800L, 900L), Pbt.generationBudgets(400, 900));
        assertEquals(List.of(900L), Pbt.generationBudgets(900, 900));
    }

    @Test
    void theExploitingCountIsTheQuantileRoundedUpButNeverMoreThanHalf() {
        assertEquals(1, Pbt.exploitCount(4, 0.25)); // ⌈1.0⌉
        assertEquals(2, Pbt.exploitCount(8, 0.25)); // ⌈2.0⌉
        assertEquals(2, Pbt.exploitCount(7, 0.2)); // ⌈1.4⌉
        assertEquals(3, Pbt.exploitCount(10, 0.3)); // ⌈3.0⌉, not 4 from float noise
        assertEquals(1, Pbt.exploitCount(3, 0.5)); // ⌈1.5⌉ = 2 > ⌊3/2⌋
        assertEquals(0, Pbt.exploitCount(1, 0.5)); // a population of one has nobody to copy
    }

    @Test
    void eachSeedIsItsOwnPopulationInExpansionOrder() {
        List<List<TrialSpec>> populations = Pbt.populations(trials(1, 2));
        assertEquals(List.of("t0", "t2", "t4", "t6"), populations.get(0).stream().map(TrialSpec::trialId).toList());
        assertEquals(List.of("t1", "t3", "t5", "t7"), populations.get(1).stream().map(TrialSpec::trialId).toList());
    }

    @Test
    void theBottomQuantileCopiesTheTopAndMultipliesTheDonorsRate() {
        List<TrialSpec> trials = trials(1);
        PbtSettings pbt = pbt(0.25, Map.of("learning_rate", new PbtSettings.Factors(List.of(0.5))));
        // Ranked t1 (30), t2 (20), t0 (10), t3 (unscored): one exploits, and its only possible donor is t1.
        Map<String, Double> scores = Map.of("t0", 10.0, "t1", 30.0, "t2", 20.0, "t3", Double.NaN);
        List<Decision> decisions = Pbt.decide(0, 300, Pbt.populations(trials), scores, Set.of(),
                mutableOf(trials, pbt), configurationOf(trials), Mode.MAX, pbt, false);
        assertEquals(List.of(Outcome.CONTINUED, Outcome.CONTINUED, Outcome.CONTINUED, Outcome.EXPLOITED),
                decisions.stream().map(Decision::outcome).toList());
        assertEquals(List.of(3, 1, 2, 4), decisions.stream().map(Decision::rank).toList());
        Decision exploit = decisions.get(3);
        assertEquals("t1", exploit.donorTrialId());
        assertEquals(Map.of("learning_rate", 3e-3 * 0.5), Pbt.fromJson(exploit.settings()));
        assertEquals("{\"learning_rate\": 0.01}", decisions.get(0).settings(), "a continuing member keeps its own");
        assertNull(decisions.get(0).donorTrialId());
        assertTrue(Double.isNaN(exploit.score()));

        // min mode: t0 (10) is best and t1 (30) worst among the scored; t3, unscored, is still last.
        List<Decision> min = Pbt.decide(0, 300, Pbt.populations(trials), scores, Set.of(), mutableOf(trials, pbt),
                configurationOf(trials), Mode.MIN, pbt, false);
        assertEquals(List.of(1, 3, 2, 4), min.stream().map(Decision::rank).toList());
        assertEquals("t0", min.get(3).donorTrialId());
    }

    @Test
    void tiesGoToTheLowerTrialIndexAndFailedMembersLeaveThePopulation() {
        List<TrialSpec> trials = trials(1);
        PbtSettings pbt = pbt(0.5, Map.of("learning_rate", new PbtSettings.Factors(List.of(2.0))));
        Map<String, Double> tie = Map.of("t0", 10.0, "t1", 10.0, "t2", 10.0, "t3", 10.0);
        List<Decision> decisions = Pbt.decide(1, 600, Pbt.populations(trials), tie, Set.of(), mutableOf(trials, pbt),
                configurationOf(trials), Mode.MAX, pbt, false);
        // Ranked t0, t1, t2, t3: t2 and t3 exploit, each from t0 or t1.
        assertEquals(List.of(Outcome.CONTINUED, Outcome.CONTINUED, Outcome.EXPLOITED, Outcome.EXPLOITED),
                decisions.stream().map(Decision::outcome).toList());
        assertTrue(Set.of("t0", "t1").contains(decisions.get(2).donorTrialId()));
        assertTrue(Set.of("t0", "t1").contains(decisions.get(3).donorTrialId()));

        // t0 failed: three left, ⌈1.5⌉ = 2 is more than ⌊3/2⌋ = 1, so only t3 exploits.
        List<Decision> withFailure = Pbt.decide(1, 600, Pbt.populations(trials), tie, Set.of("t0"),
                mutableOf(trials, pbt), configurationOf(trials), Mode.MAX, pbt, false);
        assertEquals(List.of(Outcome.FAILED, Outcome.CONTINUED, Outcome.CONTINUED, Outcome.EXPLOITED),
                withFailure.stream().map(Decision::outcome).toList());
        assertEquals("t1", withFailure.get(3).donorTrialId());
        assertEquals(Map.of("learning_rate", 6e-3), Pbt.fromJson(withFailure.get(3).settings()));
    }

    @Test
    void twoSeedsAreTwoPopulationsAndTheLastGenerationFinishesEveryone() {
        List<TrialSpec> trials = trials(1, 2);
        PbtSettings pbt = pbt(0.25, Map.of("learning_rate", new PbtSettings.Factors(List.of(0.8, 1.2))));
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            scores.put("t" + i, (double) i); // seed 1: t6 best, t0 worst; seed 2: t7 best, t1 worst
        }
        List<Decision> decisions = Pbt.decide(0, 300, Pbt.populations(trials), scores, Set.of(),
                mutableOf(trials, pbt), configurationOf(trials), Mode.MAX, pbt, false);
        assertEquals("t6", decisions.get(0).donorTrialId());
        assertEquals("t7", decisions.get(1).donorTrialId(), "a member copies only its own seed's members");
        double rate = (Double) Pbt.fromJson(decisions.get(0).settings()).get("learning_rate");
        assertTrue(rate == 3e-4 * 0.8 || rate == 3e-4 * 1.2, "t6's rate times a factor: " + rate);
        assertEquals(decisions, Pbt.decide(0, 300, Pbt.populations(trials), scores, Set.of(), mutableOf(trials, pbt),
                configurationOf(trials), Mode.MAX, pbt, false), "the same draws every time");

        List<Decision> last = Pbt.decide(2, 900, Pbt.populations(trials), scores, new HashSet<>(),
                mutableOf(trials, pbt), configurationOf(trials), Mode.MAX, pbt, true);
        assertTrue(last.stream().allMatch(d -> d.outcome() == Outcome.FINISHED && d.donorTrialId() == null));
    }

    @Test
    void perturbationsStayInTheSettingsRangeAndType() {
        PbtSettings pbt = new PbtSettings(300, 0.25, 0, 0.0, Map.of(
                "gamma", new PbtSettings.Factors(List.of(1.2)),
                "target_update_interval", new PbtSettings.Factors(List.of(0.8)),
                "train_frequency", new PbtSettings.Factors(List.of(0.8))));
        Map<String, Object> donor = Map.of("gamma", 0.99, "target_update_interval", 101, "train_frequency", 1);
        Map<String, Object> next = Pbt.perturb(donor, pbt, Pbt.rngFor(0, 0, 0));
        assertEquals(1.0, next.get("gamma"), "0.99 × 1.2 is held at gamma's closed end 1");
        assertEquals(81, next.get("target_update_interval"), "101 × 0.8 = 80.8, rounded");
        assertEquals(1, next.get("train_frequency"), "1 × 0.8 = 0.8 rounds to 1");
        // learning_rate is in (0, 1]: a value at the open end 0 keeps the donor's.
        assertEquals(1e-3, Pbt.inRange(SettingsCatalog.get("learning_rate"), 0.0, 1e-3));
    }

    @Test
    void valuesMoveToANeighbourOrResample() {
        List<Object> values = List.of(1e-4, 3e-4, 1e-3);
        PbtSettings neighbours = new PbtSettings(300, 0.25, 0, 0.0,
                Map.of("learning_rate", new PbtSettings.Values(values)));
        Set<Object> seen = new HashSet<>();
        for (int member = 0; member < 40; member++) {
            seen.add(Pbt.perturb(Map.of("learning_rate", 3e-4), neighbours, Pbt.rngFor(0, 0, member))
                    .get("learning_rate"));
        }
        assertEquals(Set.of(1e-4, 1e-3), seen, "from the middle: one step down or up, never staying");
        Set<Object> fromTop = new HashSet<>();
        for (int member = 0; member < 40; member++) {
            fromTop.add(Pbt.perturb(Map.of("learning_rate", 1e-3), neighbours, Pbt.rngFor(0, 0, member))
                    .get("learning_rate"));
        }
        assertEquals(Set.of(3e-4, 1e-3), fromTop, "held at the end of the list");
        PbtSettings resample = new PbtSettings(300, 0.25, 0, 1.0,
                Map.of("learning_rate", new PbtSettings.Resample(new Distribution.LogUniform(1e-5, 1e-4))));
        double drawn = (Double) Pbt.perturb(Map.of("learning_rate", 0.5), resample, Pbt.rngFor(0, 1, 2))
                .get("learning_rate");
        assertTrue(drawn >= 1e-5 && drawn < 1e-4, "resampled from the distribution: " + drawn);
    }

    @Test
    void settingsTextRoundTripsWithTypes() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("learning_rate", 2.4000000000000003E-4);
        settings.put("target_update_interval", 80);
        String json = Pbt.toJson(settings);
        assertEquals("{\"learning_rate\": 2.4000000000000003E-4, \"target_update_interval\": 80}", json);
        assertEquals(settings, Pbt.fromJson(json));
    }
}
