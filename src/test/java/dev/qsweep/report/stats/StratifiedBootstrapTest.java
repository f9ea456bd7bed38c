package dev.qsweep.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StratifiedBootstrapTest {
    private static final double EXACT = 1e-12;

    /** Five tasks × ten runs of normal scores with task-specific means: data where every interval is informative. */
    private static ScoreSet fiveTasks(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> tasks = new ArrayList<>();
        List<double[]> runs = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            tasks.add("task" + t);
            double[] scores = new double[10];
            for (int r = 0; r < scores.length; r++) {
                scores[r] = 0.2 * t + 0.3 * gaussian(random);
            }
            runs.add(scores);
        }
        return new ScoreSet(tasks, runs);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void sameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
        ScoreSet scores = fiveTasks(3);
        for (Estimator estimator : Estimator.values()) {
            Interval first = new StratifiedBootstrap(500, 0.95, 42).interval(scores, estimator);
            Interval again = new StratifiedBootstrap(500, 0.95, 42).interval(scores, estimator);
            Interval other = new StratifiedBootstrap(500, 0.95, 43).interval(scores, estimator);
            assertEquals(first, again, estimator.name()); // record equality: bit for bit
            assertEquals(first.estimate(), other.estimate(), 0.0, estimator.name());
            assertNotEquals(first.low(), other.low(), estimator.name());
            assertNotEquals(first.high(), other.high(), estimator.name());
        }
        ScoreSet y = fiveTasks(4);
        assertEquals(new StratifiedBootstrap(500, 0.95, 7).probabilityOfImprovement(scores, y),
                new StratifiedBootstrap(500, 0.95, 7).probabilityOfImprovement(scores, y));
        assertNotEquals(new StratifiedBootstrap(500, 0.95, 7).probabilityOfImprovement(scores, y),
                new StratifiedBootstrap(500, 0.95, 8).probabilityOfImprovement(scores, y));
        double[] taus = {0, 0.4, 0.8};
        assertEquals(new StratifiedBootstrap(500, 0.95, 7).performanceProfile(scores, taus),
                new StratifiedBootstrap(500, 0.95, 7).performanceProfile(scores, taus));
    }

    @Test
    void percentileBoundsContainTheEstimate() {
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(2000, 0.95, 1);
        ScoreSet scores = fiveTasks(5);
        for (Estimator estimator : Estimator.values()) {
            Interval interval = bootstrap.interval(scores, estimator);
            assertTrue(interval.low() < interval.estimate() && interval.estimate() < interval.high(),
                    estimator + ": " + interval);
        }
        Interval poi = bootstrap.probabilityOfImprovement(scores, fiveTasks(6));
        assertTrue(poi.low() < poi.estimate() && poi.estimate() < poi.high(), poi.toString());
    }

    @Test
    void narrowerConfidenceGivesANestedInterval() {
        ScoreSet scores = fiveTasks(9);
        Interval wide = new StratifiedBootstrap(2000, 0.95, 1).interval(scores, Estimator.IQM);
        Interval narrow = new StratifiedBootstrap(2000, 0.5, 1).interval(scores, Estimator.IQM);
        assertTrue(wide.low() < narrow.low() && narrow.high() < wide.high(), wide + " vs " + narrow);
    }

    @Test
    void twoRunsOfZeroAndOneGiveTheWholeRange() {
        // The mean of a resample of {0, 1} is 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4. Out of 2,000 replicates
        // about 500 are 0 and 500 are 1, so the 2.5th percentile (between order statistics 50 and 51) is 0 and the
        // 97.5th is 1; fewer than 51 zeros (or ones) would be 23 standard deviations (19.4) below the expected 500.
        Interval interval = new StratifiedBootstrap(2000, 0.95, 11).interval(ScoreSet.of("t", 0, 1), Estimator.MEAN);
        assertEquals(new Interval(0.5, 0.0, 1.0), interval);
    }

    @Test
    void oneRunPerTaskHasNothingToResample() {
        ScoreSet scores = new ScoreSet(List.of("a", "b"), List.of(new double[] {0.25}, new double[] {2}));
        // every replicate is the data itself: mean (0.25 + 2) / 2
        assertEquals(new Interval(1.125, 1.125, 1.125), new StratifiedBootstrap(100, 0.95, 1).interval(scores, Estimator.MEAN));
    }

    @Test
    void anyStatisticGivesTheSameReplicatesAsTheFastEstimatorPath() {
        ScoreSet scores = fiveTasks(12);
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(300, 0.9, 5);
        for (Estimator estimator : Estimator.values()) {
            assertEquals(bootstrap.interval(scores, estimator), bootstrap.interval(scores, estimator::apply), estimator.name());
        }
    }

    @Test
    void probabilityOfImprovementOnHandComputedCases() {
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(200, 0.95, 3);
        ScoreSet low = ScoreSet.of("t", 1, 2, 3);
        ScoreSet high = ScoreSet.of("t", 5, 6);
        // identical sets: every pair ties or is matched by its mirror → 1/2
        assertEquals(0.5, bootstrap.probabilityOfImprovement(low, low).estimate(), EXACT);
        // disjoint sets: every replicate is disjoint too, so the interval collapses
        assertEquals(new Interval(1.0, 1.0, 1.0), bootstrap.probabilityOfImprovement(high, low));
        assertEquals(new Interval(0.0, 0.0, 0.0), bootstrap.probabilityOfImprovement(low, high));
        // x = [1, 2], y = [2, 3]: pairs (1,2) <, (1,3) <, (2,2) tie, (2,3) < → U = 1/2 → 0.5 / 4
        assertEquals(0.125, bootstrap.probabilityOfImprovement(ScoreSet.of("t", 1, 2), ScoreSet.of("t", 2, 3)).estimate(), EXACT);
        // three tasks: a as above (0.125); b: x = [3], y = [1, 3] → (3 > 1) + tie 1/2 = 1.5 / 2 = 0.75; c: +0.0 and
        // −0.0 tie → 1/2. Tasks are matched by name, so y may list them in another order.
        ScoreSet x = new ScoreSet(List.of("a", "b", "c"), List.of(new double[] {1, 2}, new double[] {3}, new double[] {0.0}));
        ScoreSet y = new ScoreSet(List.of("c", "b", "a"), List.of(new double[] {-0.0}, new double[] {1, 3}, new double[] {2, 3}));
        // mean over the three tasks: (0.125 + 0.75 + 0.5) / 3
        assertEquals(1.375 / 3, bootstrap.probabilityOfImprovement(x, y).estimate(), EXACT);
        assertThrows(SettingsException.class, () -> bootstrap.probabilityOfImprovement(x, ScoreSet.of("a", 1)));
    }

    @Test
    void performanceProfileCountsScoresStrictlyAboveEachThreshold() {
        ScoreSet scores = new ScoreSet(List.of("a", "b"), List.of(new double[] {0, 1, 2}, new double[] {0.5, 3}));
        // taus in any order: > 0.5 → {1, 2, 3} = 3/5; > −1 → all 5; > 2 → {3} (2 is not above 2) = 1/5; > 10 → none
        List<Interval> profile = new StratifiedBootstrap(300, 0.95, 1).performanceProfile(scores, new double[] {0.5, -1, 2, 10});
        assertEquals(List.of(0.6, 1.0, 0.2, 0.0), profile.stream().map(Interval::estimate).toList());
        // every resample keeps all scores above −1 and none above 10
        assertEquals(new Interval(1.0, 1.0, 1.0), profile.get(1));
        assertEquals(new Interval(0.0, 0.0, 0.0), profile.get(3));
        assertTrue(profile.get(0).low() < 0.6 && 0.6 < profile.get(0).high(), profile.get(0).toString());
    }

    @Test
    void badBootstrapSettingsAreSettingsErrors() {
        assertThrows(SettingsException.class, () -> new StratifiedBootstrap(1, 0.95, 0));
        assertThrows(SettingsException.class, () -> new StratifiedBootstrap(2000, 1.0, 0));
        assertThrows(SettingsException.class, () -> new StratifiedBootstrap(2000, 0.0, 0));
        assertThrows(SettingsException.class, () -> new StratifiedBootstrap(2000, Double.NaN, 0));
    }

    @Test
    void derivedSeedsDifferByIndexAndRepeat() {
        assertEquals(StratifiedBootstrap.derivedSeed(5, 0), StratifiedBootstrap.derivedSeed(5, 0));
        assertNotEquals(StratifiedBootstrap.derivedSeed(5, 0), StratifiedBootstrap.derivedSeed(5, 1));
        assertNotEquals(StratifiedBootstrap.derivedSeed(5, 0), StratifiedBootstrap.derivedSeed(6, 0));
    }
}
