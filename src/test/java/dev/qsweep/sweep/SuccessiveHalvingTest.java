package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.sweep.Decision.Outcome;
import dev.qsweep.sweep.SchedulerSettings.Metric;
import dev.qsweep.sweep.SchedulerSettings.Mode;
import dev.qsweep.sweep.SuccessiveHalving.Candidate;
import dev.qsweep.sweep.SuccessiveHalving.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Successive halving's pure decisions against hand-computed numbers. */
class SuccessiveHalvingTest {

    @Test
    void rungBudgetsGrowByEtaAndEndAtTheFullSteps() {
        assertEquals(List.of(2_500L, 7_500L, 20_000L), SuccessiveHalving.rungBudgets(2_500, 3, 20_000));
        assertEquals(List.of(300L, 600L, 900L), SuccessiveHalving.rungBudgets(300, 2, 900));
        assertEquals(List.of(2_000L, 6_000L, 18_000L), SuccessiveHalving.rungBudgets(2_000, 3, 18_000));
        assertEquals(List.of(1_000L), SuccessiveHalving.rungBudgets(1_000, 3, 1_000));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rungBudgets(2_000, 1, 18_000));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.rungBudgets(20_000, 3, 18_000));
    }

    @Test
    void eachRungKeepsTheFloorOfOneEtaThButAtLeastOne() {
        assertEquals(9, SuccessiveHalving.survivors(27, 3));
        assertEquals(2, SuccessiveHalving.survivors(5, 2));
        assertEquals(1, SuccessiveHalving.survivors(2, 3));
        assertEquals(List.of(27, 9, 3), SuccessiveHalving.aliveCounts(27, 3, 3));
        // 27·2·2,000 + 9·2·(6,000 − 2,000) + 3·2·(18,000 − 6,000) = 108,000 + 72,000 + 72,000
        assertEquals(252_000, SuccessiveHalving.plannedSteps(List.of(2_000L, 6_000L, 18_000L), List.of(27, 9, 3), 2));
    }

    @Test
    void evalMeanIsTheLatestEvaluationAtOrBeforeTheBudget() {
        List<Point> evals = List.of(new Point(600, 20), new Point(300, 10), new Point(900, 30));
        assertEquals(20, SuccessiveHalving.score(Metric.EVAL_MEAN, evals, 600));
        assertEquals(20, SuccessiveHalving.score(Metric.EVAL_MEAN, evals, 899));
        assertTrue(Double.isNaN(SuccessiveHalving.score(Metric.EVAL_MEAN, evals, 299)));
    }

    @Test
    void anEvalWindowAveragesTheLatestEvaluationsAtOrBeforeTheBudget() {
        List<Point> evals = List.of(new Point(1_500, 40), new Point(500, 10), new Point(2_000, 70), new Point(1_000, 10));
        assertEquals(55, SuccessiveHalving.score(Metric.EVAL_MEAN, 2, evals, 2_000)); // (40 + 70) / 2
        assertEquals(40, SuccessiveHalving.score(Metric.EVAL_MEAN, 3, evals, 2_000)); // (10 + 40 + 70) / 3
        assertEquals(20, SuccessiveHalving.score(Metric.EVAL_MEAN, 3, evals, 1_999)); // (10 + 10 + 40) / 3
        assertEquals(10, SuccessiveHalving.score(Metric.EVAL_MEAN, 4, evals, 1_000)); // only 2 recorded: (10 + 10) / 2
        assertEquals(70, SuccessiveHalving.score(Metric.EVAL_MEAN, 1, evals, 2_000)); // a window of 1 is the latest
        assertTrue(Double.isNaN(SuccessiveHalving.score(Metric.EVAL_MEAN, 2, evals, 499)));
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.score(Metric.EVAL_MEAN, 0, evals, 2_000));
    }

    @Test
    void recentReturnIsTheMeanOfTheLastHundredEpisodesAtOrBeforeTheBudget() {
        List<Point> episodes = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            episodes.add(new Point(i * 10L, i)); // episode i ends at step 10·i with return i
        }
        assertEquals(100.5, SuccessiveHalving.score(Metric.RECENT_RETURN, episodes, 1_500)); // returns 51..150
        assertEquals(70.5, SuccessiveHalving.score(Metric.RECENT_RETURN, episodes, 1_205)); // returns 21..120
        assertEquals(2.0, SuccessiveHalving.score(Metric.RECENT_RETURN, episodes, 30)); // returns 1..3: fewer than 100
    }

    @Test
    void aConfigurationScoresTheMeanOfItsSeedsAndNothingIfOneSeedHasNone() {
        assertEquals(2.0, SuccessiveHalving.configurationScore(List.of(1.0, 3.0)));
        assertTrue(Double.isNaN(SuccessiveHalving.configurationScore(List.of(1.0, Double.NaN))));
    }

    @Test
    void rankingPutsTheBestFirstUnscoredLastAndBreaksTiesByTheLowerConfiguration() {
        List<Candidate> candidates = List.of(new Candidate(0, 5), new Candidate(1, Double.NaN), new Candidate(2, 9),
                new Candidate(3, 5), new Candidate(4, 1));
        assertEquals(List.of(2, 0, 3, 4, 1), SuccessiveHalving.rank(candidates, Mode.MAX).stream()
                .map(Candidate::configuration).toList());
        assertEquals(List.of(4, 0, 3, 2, 1), SuccessiveHalving.rank(candidates, Mode.MIN).stream()
                .map(Candidate::configuration).toList());
    }

    private static List<TrialSpec> trials(int configurations, int seeds) {
        List<TrialSpec> trials = new ArrayList<>();
        for (int c = 0; c < configurations; c++) {
            for (int s = 1; s <= seeds; s++) {
                trials.add(new TrialSpec("t" + c + "s" + s, trials.size(), "test", "CartPole-v1", Map.of(), s, 900,
                        Map.of("learning_rate", (double) c)));
            }
        }
        return trials;
    }

    @Test
    void decisionsMoveSeedsTogetherAndKeepTheTopConfigurations() {
        List<List<TrialSpec>> configurations = SuccessiveHalving.configurations(trials(4, 2));
        assertEquals(4, configurations.size());
        Map<String, Double> scores = new HashMap<>(Map.of(
                "t0s1", 10.0, "t0s2", 30.0,   // mean 20
                "t1s1", 50.0, "t1s2", 10.0,   // mean 30: best
                "t2s1", 25.0, "t2s2", 15.0,   // mean 20: ties configuration 0, ranks after it
                "t3s1", 99.0));               // seed 2 has no score (diverged): unscored
        List<Decision> rung = SuccessiveHalving.decide(0, 0, 300, configurations, List.of(0, 1, 2, 3), scores,
                Mode.MAX, 2, false);
        assertEquals(8, rung.size());
        Map<String, Outcome> outcome = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        rung.forEach(d -> {
            outcome.put(d.trialId(), d.outcome());
            rank.put(d.trialId(), d.rank());
        });
        assertEquals(Outcome.PROMOTED, outcome.get("t1s1"));
        assertEquals(Outcome.PROMOTED, outcome.get("t1s2"));
        assertEquals(Outcome.PROMOTED, outcome.get("t0s1"), "the tie goes to the lower configuration");
        assertEquals(Outcome.STOPPED, outcome.get("t2s2"));
        assertEquals(Outcome.STOPPED, outcome.get("t3s1"), "a configuration with an unscored seed stops");
        assertEquals(List.of(2, 2, 1, 1, 3, 3, 4, 4), rung.stream().map(Decision::rank).toList(), "in trial order");
        assertEquals(20.0, rung.get(0).configurationScore());
        assertEquals(10.0, rung.get(0).score());
        assertTrue(Double.isNaN(rung.get(7).score()));

        List<Decision> last = SuccessiveHalving.decide(0, 2, 900, configurations, List.of(1), Map.of("t1s1", 1.0,
                "t1s2", 2.0), Mode.MAX, 2, true);
        assertEquals(List.of(Outcome.FINISHED, Outcome.FINISHED), last.stream().map(Decision::outcome).toList());
    }

    @Test
    void successiveHalvingIsOneBracketOverEveryConfiguration() {
        var scheduler = new SchedulerSettings(SchedulerSettings.Type.SUCCESSIVE_HALVING, Metric.EVAL_MEAN, Mode.MAX,
                2_000, 3);
        List<Brackets.Bracket> brackets = Brackets.of(scheduler, 27, 18_000);
        assertEquals(1, brackets.size());
        assertEquals(27, brackets.get(0).configurations().size());
        assertEquals(252_000, brackets.get(0).plannedSteps(2, 3));
    }

    @Test
    void hyperbandDealsConfigurationsToBracketsInProportionToTheirPaperSizes() {
        // s_max = 2: n = ⌈3/3·9⌉ = 9, ⌈3/2·3⌉ = 5, ⌈3/1·1⌉ = 3; 27 configurations: 14.29, 7.94, 4.76 → 14, 8, 5
        assertEquals(List.of(14, 8, 5), java.util.Arrays.stream(Brackets.apportion(new double[] {9, 5, 3}, 27))
                .boxed().toList());
        var scheduler = new SchedulerSettings(SchedulerSettings.Type.HYPERBAND, Metric.EVAL_MEAN, Mode.MAX, 2_000, 3);
        List<Brackets.Bracket> brackets = Brackets.of(scheduler, 27, 18_000);
        assertEquals(List.of(14, 8, 5), brackets.stream().map(b -> b.configurations().size()).toList());
        assertEquals(List.of(2_000L, 6_000L, 18_000L), brackets.get(0).budgets());
        assertEquals(List.of(6_000L, 18_000L), brackets.get(1).budgets());
        assertEquals(List.of(18_000L), brackets.get(2).budgets());
        TreeSet<Integer> all = new TreeSet<>();
        brackets.forEach(b -> all.addAll(b.configurations()));
        assertEquals(27, all.size(), "each configuration in exactly one bracket");
        assertEquals(brackets, Brackets.of(scheduler, 27, 18_000), "the same split every time");
        assertTrue(!brackets.get(2).configurations().equals(List.of(22, 23, 24, 25, 26)), "shuffled, not sliced");
    }
}
