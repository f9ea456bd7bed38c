package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.env.Space;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QTableAgentTest {

    @Test
    void updateMovesTowardsTheTdTarget() {
        // 0 + 0.1 * (1 + 0.9 * 2 - 0) = 0.28
        assertEquals(0.28, QTableAgent.updatedValue(0, 1, false, 0.9, 2, 0.1), 1e-15);
        // terminated: 0.5 + 0.5 * (1 - 0.5) = 0.75
        assertEquals(0.75, QTableAgent.updatedValue(0.5, 1, true, 0.9, 100, 0.5), 1e-15);
    }

    @Test
    void observeUpdatesOnlyTheVisitedPairAndActsGreedily() {
        DqnSettings settings = SettingsCatalog.resolve(Map.of("algorithm", "qtable", "learning_rate", 0.5, "gamma", 0.9));
        QTableAgent agent = new QTableAgent(settings, new Space.Discrete(3), 2);
        agent.observe(new float[] {0}, 1, 1f, new float[] {1}, false, false, 0);
        assertEquals(0.5, agent.q(0, 1), 1e-15);
        assertEquals(0.0, agent.q(0, 0), 0);
        assertEquals(1, agent.greedyAction(new float[] {0}));
        assertEquals(0, agent.greedyAction(new float[] {2}));
    }
}
