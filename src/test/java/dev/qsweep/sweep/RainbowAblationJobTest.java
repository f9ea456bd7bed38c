package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped ablation sweep: DQN plus one component and Rainbow minus one, over three seeds, all valid. Needs the
 * noisy layer: its variants set noisy = true.
 */
class RainbowAblationJobTest {
    /** The components DQN (preset minatar) lacks and Rainbow has; the optimizer is the seventh (both use Adam). */
    private static final List<String> COMPONENTS = List.of("double_q", "dueling", "n_step", "prioritized_replay",
            "num_atoms", "noisy", "optimizer");

    @Test
    void dqnPlusEachComponentAndRainbowMinusEachOverThreeSeeds() {
        SweepPlan plan = TrialExpansion.expand(SweepFiles.load(Path.of("jobs/minatar-rainbow-ablation.conf")));
        assertEquals(16 * 3, plan.trials().size());
        TrialChecks.checkAll(plan); // a refused combination would throw SettingsException
        Map<String, Object> dqn = trial(plan, "dqn").settings();
        Map<String, Object> rainbow = trial(plan, "rainbow").settings();
        List<String> plus = List.of("+double_q", "+dueling", "+n_step", "+per", "+c51", "+noisy", "+rmsprop");
        List<String> minus = List.of("rainbow-double_q", "rainbow-dueling", "rainbow-n_step", "rainbow-per",
                "rainbow-c51", "rainbow-noisy", "rainbow-adam");
        assertEquals("adam", dqn.get("optimizer"));
        assertEquals("adam", rainbow.get("optimizer"));
        for (int i = 0; i < COMPONENTS.size(); i++) {
            String component = COMPONENTS.get(i);
            // Each variant takes one component from the other side (for the optimizer: both take RMSprop).
            Object added = component.equals("optimizer") ? "rmsprop" : rainbow.get(component);
            Object removed = component.equals("optimizer") ? "rmsprop" : dqn.get(component);
            assertEquals(added, trial(plan, plus.get(i)).settings().get(component), plus.get(i));
            assertEquals(removed, trial(plan, minus.get(i)).settings().get(component), minus.get(i));
            for (String other : COMPONENTS) {
                if (!other.equals(component)) {
                    assertEquals(dqn.get(other), trial(plan, plus.get(i)).settings().get(other), plus.get(i) + " " + other);
                    assertEquals(rainbow.get(other), trial(plan, minus.get(i)).settings().get(other),
                            minus.get(i) + " " + other);
                }
            }
        }
        assertEquals(List.of(1L, 2L, 3L), plan.trials().stream().filter(t -> t.variant().equals("+c51"))
                .map(TrialSpec::seed).toList());
    }

    private static TrialSpec trial(SweepPlan plan, String variant) {
        return plan.trials().stream().filter(t -> variant.equals(t.variant())).findFirst().orElseThrow();
    }
}
