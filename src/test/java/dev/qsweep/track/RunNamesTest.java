package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.sweep.TrialSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MLflow run names: what varies first, a sweep variant's name before everything. */
class RunNamesTest {
    private static TrialSpec trial(String variant) {
        return new TrialSpec("t0123456789abcdef", 0, "s", "CartPole-v1", Map.of(), 3, 1000,
                Map.of("learning_rate", 0.001, "gamma", 0.99), variant);
    }

    @Test
    void aVariantsNameComesFirst() {
        assertEquals("+n_step learning_rate=0.001 seed=3 CartPole-v1",
                MlflowTrialTracker.runName(trial("+n_step"), List.of("learning_rate")));
        assertEquals("rainbow seed=3 CartPole-v1", MlflowTrialTracker.runName(trial("rainbow"), List.of()));
    }

    @Test
    void withoutVariantsTheNameIsAsBefore() {
        assertEquals("learning_rate=0.001 seed=3 CartPole-v1",
                MlflowTrialTracker.runName(trial(null), List.of("learning_rate")));
    }
}
