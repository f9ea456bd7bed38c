package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.IOException;

/**
 * What the training loop needs of an agent: pick actions, learn from each transition, save and restore its state.
 * The two implementations are the DQN agent and the Q-table baseline.
 */
public sealed interface Agent permits DqnAgent, QTableAgent {

    /** Epsilon-greedy: a uniform random action with probability {@code epsilon}, otherwise the greedy one. */
    int act(float[] observation, double epsilon, NumpyGenerator rng);

    /**
     * The evaluation policy's action, epsilon-greedy with {@code epsilon} (0 = greedy). The same as {@link #act}
     * unless the agent explores by other means than epsilon: a noisy-net DQN evaluates with its mean weights.
     */
    default int evaluationAction(float[] observation, double epsilon, NumpyGenerator rng) {
        return act(observation, epsilon, rng);
    }

    /** The action with the highest value; ties go to the lowest index. */
    int greedyAction(float[] observation);

    /**
     * Stores one transition and learns from experience as the schedule says.
     *
     * @param truncated  the episode was cut by a time limit (so the next transition starts a new episode, though
     *                   this one still bootstraps)
     * @param globalStep the 0-based env step this transition was made at
     * @return statistics of the last gradient step taken now, or {@code null} if none was taken
     */
    LearnStats observe(float[] observation, int action, float reward, float[] nextObservation, boolean terminated,
                       boolean truncated, long globalStep);

    /** Saves the agent's state as named sections (networks, replay, its random generators). */
    void writeState(SectionWriter out) throws IOException;

    /** Restores what {@link #writeState} saved, into an agent made with the same settings and spaces. */
    void readState(SectionReader in) throws IOException;

    /** Loss and mean Q(s,a) over a batch. */
    record LearnStats(double loss, double meanQ) {
        public boolean isFinite() {
            return Double.isFinite(loss) && Double.isFinite(meanQ);
        }
    }

    /** Shared epsilon-greedy: one uniform draw decides, a second picks the random action. */
    static int epsilonGreedy(Agent agent, float[] observation, double epsilon, int numActions, NumpyGenerator rng) {
        if (rng.random() < epsilon) {
            return (int) rng.integers(0, numActions);
        }
        return agent.greedyAction(observation);
    }
}
