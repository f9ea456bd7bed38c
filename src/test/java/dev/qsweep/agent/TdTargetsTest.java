package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TdTargetsTest {
    // Two transitions' next-state Q-values, 3 actions each.
    private static final float[] TARGET_NEXT_Q = {1f, 5f, 2f, /* second */ -1f, -3f, -2f};
    private static final float[] ONLINE_NEXT_Q = {9f, 0f, 3f, /* second */ -5f, -4f, 0f};

    @Test
    void dqnTargetBootstrapsOnTheTargetNetworksMax() {
        // 1 + 0.9 * 5 = 5.5
        assertEquals(5.5f, TdTargets.dqn(1f, false, 0.9, TARGET_NEXT_Q, 0, 3));
        // 0.5 + 0.9 * (-1) = -0.4
        assertEquals(0.5f + 0.9f * -1f, TdTargets.dqn(0.5f, false, 0.9, TARGET_NEXT_Q, 3, 3));
    }

    @Test
    void terminatedTransitionsDoNotBootstrap() {
        assertEquals(1f, TdTargets.dqn(1f, true, 0.9, TARGET_NEXT_Q, 0, 3));
        assertEquals(1f, TdTargets.doubleDqn(1f, true, 0.9, TARGET_NEXT_Q, ONLINE_NEXT_Q, 0, 3));
    }

    @Test
    void doubleDqnLetsTheOnlineNetPickAndTheTargetNetValue() {
        // online argmax of row 0 is action 0 → target value 1: 1 + 0.9 * 1 = 1.9
        assertEquals(1f + 0.9f * 1f, TdTargets.doubleDqn(1f, false, 0.9, TARGET_NEXT_Q, ONLINE_NEXT_Q, 0, 3));
        // online argmax of row 1 is action 2 → target value -2: 0 + 0.5 * -2 = -1
        assertEquals(-1f, TdTargets.doubleDqn(0f, false, 0.5, TARGET_NEXT_Q, ONLINE_NEXT_Q, 3, 3));
    }

    @Test
    void argmaxTiesGoToTheLowestIndex() {
        assertEquals(1, TdTargets.argmax(new float[] {0f, 2f, 2f}, 0, 3));
        assertEquals(0, TdTargets.argmax(new float[] {7f, 7f}, 0, 2));
    }
}
