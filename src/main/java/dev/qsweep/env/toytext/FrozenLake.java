package dev.qsweep.env.toytext;

import dev.qsweep.env.GymnasiumEnvironment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gymnasium's {@code FrozenLake-v1} (without its TimeLimit) on a predefined map. Actions: 0 left, 1 down, 2 right,
 * 3 up. On a slippery lake the intended move succeeds with {@code successRate}, else one of the two perpendicular.
 */
public final class FrozenLake extends GymnasiumEnvironment {

    public static final Map<String, List<String>> MAPS = Map.of(
            "4x4", List.of("SFFF", "FHFH", "FFFH", "HFFG"),
            "8x8", List.of("SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF",
                    "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"));
    private static final int ACTIONS = 4;

    private final String id;
    private final int rows;
    private final int columns;
    private final double[] initialStateDistribution;
    private final List<List<List<Transition>>> transitions;
    private int state;

    public FrozenLake(String id, String mapName, boolean slippery, double successRate) {
        List<String> map = MAPS.get(mapName);
        if (map == null) {
            throw new IllegalArgumentException("unknown FrozenLake map '" + mapName + "', valid: " + MAPS.keySet());
        }
        this.id = id;
        this.rows = map.size();
        this.columns = map.get(0).length();
        this.initialStateDistribution = startDistribution(map);
        this.transitions = buildTransitions(map, slippery, successRate);
    }

    private double[] startDistribution(List<String> map) {
        double[] distribution = new double[rows * columns];
        double starts = 0;
        for (int s = 0; s < distribution.length; s++) {
            if (tile(map, s) == 'S') {
                distribution[s] = 1.0;
                starts++;
            }
        }
        for (int s = 0; s < distribution.length; s++) {
            distribution[s] /= starts;
        }
        return distribution;
    }

    private char tile(List<String> map, int s) {
        return map.get(s / columns).charAt(s % columns);
    }

    private List<List<List<Transition>>> buildTransitions(List<String> map, boolean slippery, double successRate) {
        double failRate = (1.0 - successRate) / 2.0;
        List<List<List<Transition>>> table = new ArrayList<>();
        for (int s = 0; s < rows * columns; s++) {
            List<List<Transition>> byAction = new ArrayList<>();
            for (int a = 0; a < ACTIONS; a++) {
                List<Transition> outcomes = new ArrayList<>();
                char letter = tile(map, s);
                if (letter == 'G' || letter == 'H') {
                    outcomes.add(new Transition(1.0, s, 0, true));
                } else if (slippery) {
                    for (int direction : new int[] {Math.floorMod(a - 1, 4), a, (a + 1) % 4}) {
                        outcomes.add(move(map, s, direction, direction == a ? successRate : failRate));
                    }
                } else {
                    outcomes.add(move(map, s, a, 1.0));
                }
                byAction.add(List.copyOf(outcomes));
            }
            table.add(List.copyOf(byAction));
        }
        return List.copyOf(table);
    }

    private Transition move(List<String> map, int s, int direction, double probability) {
        int row = s / columns;
        int column = s % columns;
        switch (direction) {
            case 0 -> column = Math.max(column - 1, 0);
            case 1 -> row = Math.min(row + 1, rows - 1);
            case 2 -> column = Math.min(column + 1, columns - 1);
            default -> row = Math.max(row - 1, 0);
        }
        int next = row * columns + column;
        char letter = tile(map, next);
        double reward = letter == 'G' ? 1 : 0;
        return new Transition(probability, next, reward, letter == 'G' || letter == 'H');
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Space observationSpace() {
        return new Space.Discrete(rows * columns);
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(ACTIONS);
    }

    @Override
    protected float[] resetEpisode() {
        state = CategoricalSampler.sample(initialStateDistribution, npRandom());
        return new float[] {state};
    }

    @Override
    public StepResult step(int action) {
        requireValidAction(action);
        Transition t = CategoricalSampler.sample(transitions.get(state).get(action), npRandom());
        state = t.nextState();
        return new StepResult(new float[] {state}, t.reward(), t.terminated(), false);
    }

    @Override
    protected void writeDynamics(DataOutput out) throws IOException {
        out.writeInt(state);
    }

    @Override
    protected void readDynamics(DataInput in) throws IOException {
        state = in.readInt();
    }
}
