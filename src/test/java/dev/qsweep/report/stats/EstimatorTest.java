package dev.qsweep.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.config.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rliable's estimators on small arrays whose results are worked out by hand in the comments. */
class EstimatorTest {
    private static final double EXACT = 1e-12;

    /**
     * Ragged on purpose: a = [0, 1, 2] (mean 1), b = [4, 6] (mean 5), c = [-3, 0, 0, 1] (mean -0.5).
     */
    private static final ScoreSet THREE_TASKS = new ScoreSet(List.of("a", "b", "c"),
            List.of(new double[] {0, 1, 2}, new double[] {4, 6}, new double[] {-3, 0, 0, 1}));

    @Test
    void meanIsTheMeanOfTaskMeans() {
        // (1 + 5 − 0.5) / 3 = 5.5 / 3 — not the mean of all 9 scores (11 / 9)
        assertEquals(5.5 / 3, Estimator.MEAN.apply(THREE_TASKS), EXACT);
    }

    @Test
    void medianIsTheMedianOfTaskMeans() {
        // task means sorted: −0.5, 1, 5 → 1
        assertEquals(1.0, Estimator.MEDIAN.apply(THREE_TASKS), EXACT);
        // four tasks, means 1, 5, −0.5, 3 → sorted −0.5, 1, 3, 5 → (1 + 3) / 2 = 2
        ScoreSet four = new ScoreSet(List.of("a", "b", "c", "d"), List.of(new double[] {0, 1, 2}, new double[] {4, 6},
                new double[] {-3, 0, 0, 1}, new double[] {3}));
        assertEquals(2.0, Estimator.MEDIAN.apply(four), EXACT);
    }

    @Test
    void iqmTrimsAQuarterOfAllScoresAtEachEnd() {
        // all 9 scores sorted: −3, 0, 0, 0, 1, 1, 2, 4, 6; floor(9 / 4) = 2 cut at each end → 0, 0, 1, 1, 2 → 4 / 5
        assertEquals(0.8, Estimator.IQM.apply(THREE_TASKS), EXACT);
        // n = 4: cut 1 at each end of 1, 2, 3, 5 → (2 + 3) / 2
        assertEquals(2.5, Estimator.IQM.apply(ScoreSet.of("t", 5, 1, 3, 2)), EXACT);
        // n = 3: floor(0.75) = 0, nothing cut → (7 + 1 + 1) / 3
        assertEquals(3.0, Estimator.IQM.apply(ScoreSet.of("t", 7, 1, 1)), EXACT);
        // n = 8 with ties: sorted 1, 1, 1, 2, 2, 9, 9, 9; cut 2 each end → 1, 2, 2, 9 → 14 / 4
        assertEquals(3.5, Estimator.IQM.apply(ScoreSet.of("t", 9, 1, 2, 9, 1, 2, 1, 9)), EXACT);
    }

    @Test
    void iqmOfALargerArrayWithTiesIsTheMeanOfTheSortedMiddle() {
        // 23 scores with many ties: cut floor(23 / 4) = 5 at each end; the sum of the middle 13 from a plain sort
        double[] scores = new double[23];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 7) % 5 - (i % 3) * 0.5;
        }
        double[] sorted = scores.clone();
        java.util.Arrays.sort(sorted);
        double middle = 0;
        for (int i = 5; i < 18; i++) {
            middle += sorted[i];
        }
        assertEquals(middle / 13, Estimator.IQM.apply(ScoreSet.of("t", scores)), EXACT);
    }

    @Test
    void optimalityGapClipsScoresAtOne() {
        // min(score, 1): 0, 1, 1 | 1, 1 | −3, 0, 0, 1 → sum 2 over 9 scores → 1 − 2 / 9
        assertEquals(7.0 / 9, Estimator.OPTIMALITY_GAP.apply(THREE_TASKS), EXACT);
        // everything at or above 1 → no gap
        assertEquals(0.0, Estimator.OPTIMALITY_GAP.apply(ScoreSet.of("t", 1, 2, 30)), EXACT);
    }

    @Test
    void columnNamesAreTheReportsEstimatorValues() {
        assertEquals(List.of("mean", "median", "iqm", "optimality_gap"),
                java.util.Arrays.stream(Estimator.values()).map(Estimator::columnName).toList());
    }

    @Test
    void scoreSetRejectsWhatNoEstimatorCanUse() {
        assertThrows(SettingsException.class, () -> new ScoreSet(List.of(), List.of()));
        assertThrows(SettingsException.class, () -> ScoreSet.of("pong"));
        SettingsException nan = assertThrows(SettingsException.class, () -> ScoreSet.of("pong", 1, Double.NaN));
        assertEquals(true, nan.getMessage().contains("'pong' run 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreSet(List.of("a", "a"), List.of(new double[] {1}, new double[] {2})));
        assertThrows(IllegalArgumentException.class, () -> new ScoreSet(List.of("a"), List.of(new double[] {1}, new double[] {2})));
    }

    @Test
    void scoreSetCopiesItsArrays() {
        double[] runs = {1, 2, 3};
        ScoreSet scores = ScoreSet.of("t", runs);
        runs[0] = 100;
        assertEquals(2.0, Estimator.MEAN.apply(scores), EXACT);
    }
}
