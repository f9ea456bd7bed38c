package dev.qsweep.agent;

import dev.qsweep.config.DqnSettings;
import dev.qsweep.env.Space;
import dev.qsweep.rng.NumpyGenerator;
import java.io.IOException;

/**
 * Tabular Q-learning: the Q-table that a DQN replaces with a network. One online update per transition,
 * {@code Q(s,a) += α · (r + γ · max_a' Q(s',a') − Q(s,a))}, no bootstrap on termination. Discrete observations only.
 */
public final class QTableAgent implements Agent {
    private final int numStates;
    private final int numActions;
    private final double learningRate;
    private final double gamma;
    private final double[] q;

    public QTableAgent(DqnSettings settings, Space observationSpace, int numActions) {
        if (!(observationSpace instanceof Space.Discrete discrete)) {
            throw new IllegalArgumentException("algorithm=qtable needs a Discrete observation space, not "
                    + observationSpace + "; use algorithm=dqn for this environment");
        }
        this.numStates = discrete.n();
        this.numActions = numActions;
        this.learningRate = settings.learningRate();
        this.gamma = settings.gamma();
        this.q = new double[numStates * numActions];
    }

    /** The new value of Q(s,a) after one Q-learning update. */
    public static double updatedValue(double current, double reward, boolean terminated, double gamma, double maxNext,
                                      double learningRate) {
        double target = terminated ? reward : reward + gamma * maxNext;
        return current + learningRate * (target - current);
    }

    @Override
    public int act(float[] observation, double epsilon, NumpyGenerator rng) {
        return Agent.epsilonGreedy(this, observation, epsilon, numActions, rng);
    }

    @Override
    public int greedyAction(float[] observation) {
        int offset = (int) observation[0] * numActions;
        int best = 0;
        for (int a = 1; a < numActions; a++) {
            if (q[offset + a] > q[offset + best]) {
                best = a;
            }
        }
        return best;
    }

    @Override
    public LearnStats observe(float[] observation, int action, float reward, float[] nextObservation, boolean terminated,
                              boolean truncated,
                              long globalStep) {
        int index = (int) observation[0] * numActions + action;
        double current = q[index];
        double updated = updatedValue(current, reward, terminated, gamma, value((int) nextObservation[0]), learningRate);
        q[index] = updated;
        double tdError = (updated - current) / learningRate;
        return new LearnStats(tdError * tdError, updated);
    }

    /** max_a Q(s, a). */
    public double value(int state) {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < numActions; a++) {
            best = Math.max(best, q[state * numActions + a]);
        }
        return best;
    }

    public double q(int state, int action) {
        return q[state * numActions + action];
    }

    @Override
    public void writeState(SectionWriter out) throws IOException {
        out.write("agent.qtable", 1, data -> {
            data.writeInt(q.length);
            for (double v : q) {
                data.writeDouble(v);
            }
        });
    }

    @Override
    public void readState(SectionReader in) throws IOException {
        in.read("agent.qtable", 1, data -> {
            if (data.readInt() != q.length) {
                throw new IOException("checkpoint Q-table does not match this environment's " + numStates + "×" + numActions);
            }
            for (int i = 0; i < q.length; i++) {
                q[i] = data.readDouble();
            }
        });
    }
}
