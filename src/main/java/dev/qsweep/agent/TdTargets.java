package dev.qsweep.agent;

/**
 * Temporal-difference targets. A terminated transition does not bootstrap; a truncated one does (its stored
 * {@code terminated} flag is false), since a time limit is not part of the task.
 */
public final class TdTargets {
    private TdTargets() {
    }

    /** DQN: {@code r + γ · max_a Q_target(s', a)}, without the bootstrap term when terminated. */
    public static float dqn(float reward, boolean terminated, double gamma, float[] targetNextQ, int offset, int numActions) {
        return bootstrap(reward, terminated, gamma, targetNextQ[offset + argmax(targetNextQ, offset, numActions)]);
    }

    /**
     * Double DQN: the online network picks the next action, the target network values it:
     * {@code r + γ · Q_target(s', argmax_a Q_online(s', a))}.
     */
    public static float doubleDqn(float reward, boolean terminated, double gamma, float[] targetNextQ, float[] onlineNextQ,
                                  int offset, int numActions) {
        int nextAction = argmax(onlineNextQ, offset, numActions);
        return bootstrap(reward, terminated, gamma, targetNextQ[offset + nextAction]);
    }

    /** {@code r + γ · v}, or {@code r} when terminated. Computed in float32, as the PyTorch reference does. */
    public static float bootstrap(float reward, boolean terminated, double gamma, float nextValue) {
        return terminated ? reward : reward + (float) gamma * nextValue;
    }

    /** Index of the largest of {@code count} values from {@code offset}; ties go to the lowest index, like argmax. */
    public static int argmax(float[] values, int offset, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
