package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped replay-side ablation sweep expands to every on/off combination and passes the up-front checks. */
class RainbowAblationJobTest {
    @Test
    void everyCombinationOverThreeSeedsAndAllValid() {
        SweepPlan plan = TrialExpansion.expand(SweepFiles.load(Path.of("jobs/minatar-rainbow-ablation.conf")));
        assertEquals(2 * 2 * 2 * 3, plan.trials().size());
        assertEquals(List.of("n_step", "prioritized_replay", "optimizer"), plan.variedSettings());
        TrialChecks.checkAll(plan); // a refused combination would throw SettingsException
    }
}
