package dev.qsweep.env.toytext;

import dev.qsweep.env.GymnasiumEnvironment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gymnasium's {@code Taxi-v4} (without its TimeLimit), including the v4 "rainy" moves and the "fickle" passenger.
 * Actions: 0 south, 1 north, 2 east, 3 west, 4 pickup, 5 dropoff. The state encodes
 * {@code ((row * 5 + column) * 5 + passengerLocation) * 4 + destination}; passenger location 4 means in the taxi.
 */
public final class Taxi extends GymnasiumEnvironment {

    private static final String[] MAP = {
        "+---------+",
        "|R: | : :G|",
        "| : | : : |",
        "| : : : : |",
        "| | : | : |",
        "|Y| : |B: |",
        "+---------+",
    };
    private static final int[][] LOCATIONS = {{0, 0}, {0, 4}, {4, 0}, {4, 3}};
    private static final int STATES = 500;
    private static final int ACTIONS = 6;
    private static final int MAX_ROW = 4;
    private static final int MAX_COLUMN = 4;
    private static final int IN_TAXI = 4;
    /** Per move action: intended, then the two lateral (row, column) offsets. */
    private static final int[][][] RAINY_MOVES = {
        {{1, 0}, {0, 1}, {0, -1}},
        {{-1, 0}, {0, -1}, {0, 1}},
        {{0, 1}, {-1, 0}, {1, 0}},
        {{0, -1}, {1, 0}, {-1, 0}},
    };

    private final boolean fickleOption;
    private final double fickleProbability;
    private final double[] initialStateDistribution = new double[STATES];
    private final List<List<List<Transition>>> transitions;
    private int state;
    private boolean fickleStep;

    public Taxi(boolean rainy, boolean ficklePassenger, double rainyProbability, double fickleProbability) {
        this.fickleOption = ficklePassenger;
        this.fickleProbability = fickleProbability;
        double lateralProbability = (1.0 - rainyProbability) / 2.0;
        List<List<List<Transition>>> table = new ArrayList<>();
        for (int s = 0; s < STATES; s++) {
            List<List<Transition>> byAction = new ArrayList<>();
            for (int a = 0; a < ACTIONS; a++) {
                byAction.add(new ArrayList<>());
            }
            table.add(byAction);
        }
        double initialCount = 0;
        for (int row = 0; row <= MAX_ROW; row++) {
            for (int column = 0; column <= MAX_COLUMN; column++) {
                for (int passenger = 0; passenger <= IN_TAXI; passenger++) {
                    for (int destination = 0; destination < LOCATIONS.length; destination++) {
                        int s = encode(row, column, passenger, destination);
                        if (passenger < IN_TAXI && passenger != destination) {
                            initialStateDistribution[s] += 1;
                            initialCount += 1;
                        }
                        for (int a = 0; a < ACTIONS; a++) {
                            List<Transition> outcomes = table.get(s).get(a);
                            if (rainy) {
                                addRainy(outcomes, row, column, passenger, destination, a,
                                        rainyProbability, lateralProbability);
                            } else {
                                addDry(outcomes, row, column, passenger, destination, a);
                            }
                        }
                    }
                }
            }
        }
        for (int s = 0; s < STATES; s++) {
            initialStateDistribution[s] /= initialCount;
        }
        this.transitions = table;
    }

    static int encode(int row, int column, int passenger, int destination) {
        return ((row * 5 + column) * 5 + passenger) * 4 + destination;
    }

    /** (row, column, passenger, destination) of an encoded state. */
    static int[] decode(int s) {
        return new int[] {s / 100, (s / 20) % 5, (s / 4) % 5, s % 4};
    }

    private static boolean openToTheEast(int row, int column) {
        return MAP[1 + row].charAt(2 * column + 2) == ':';
    }

    private static boolean openToTheWest(int row, int column) {
        return MAP[1 + row].charAt(2 * column) == ':';
    }

    private static int locationIndex(int row, int column) {
        for (int i = 0; i < LOCATIONS.length; i++) {
            if (LOCATIONS[i][0] == row && LOCATIONS[i][1] == column) {
                return i;
            }
        }
        return -1;
    }

    /** Outcome of pickup (action 4) or dropoff (5): {passenger, reward, terminated(0/1)}. */
    private static int[] pickupOrDropoff(int action, int row, int column, int passenger, int destination) {
        int here = locationIndex(row, column);
        if (action == 4) {
            boolean atPassenger = passenger < IN_TAXI && here == passenger;
            return atPassenger ? new int[] {IN_TAXI, -1, 0} : new int[] {passenger, -10, 0};
        }
        if (here == destination && passenger == IN_TAXI) {
            return new int[] {destination, 20, 1};
        }
        if (here >= 0 && passenger == IN_TAXI) {
            return new int[] {here, -1, 0};
        }
        return new int[] {passenger, -10, 0};
    }

    private static void addDry(List<Transition> outcomes, int row, int column, int passenger, int destination,
                               int action) {
        int newRow = row;
        int newColumn = column;
        int newPassenger = passenger;
        int reward = -1;
        boolean terminated = false;
        if (action == 0) {
            newRow = Math.min(row + 1, MAX_ROW);
        } else if (action == 1) {
            newRow = Math.max(row - 1, 0);
        } else if (action == 2 && openToTheEast(row, column)) {
            newColumn = Math.min(column + 1, MAX_COLUMN);
        } else if (action == 3 && openToTheWest(row, column)) {
            newColumn = Math.max(column - 1, 0);
        } else if (action >= 4) {
            int[] outcome = pickupOrDropoff(action, row, column, passenger, destination);
            newPassenger = outcome[0];
            reward = outcome[1];
            terminated = outcome[2] == 1;
        }
        outcomes.add(new Transition(1.0, encode(newRow, newColumn, newPassenger, destination), reward, terminated));
    }

    private static void addRainy(List<Transition> outcomes, int row, int column, int passenger, int destination,
                                 int action, double intendedProbability, double lateralProbability) {
        int newRow = row;
        int newColumn = column;
        int newPassenger = passenger;
        int[] left = {row, column};
        int[] right = {row, column};
        int reward = -1;
        boolean terminated = false;
        boolean canMove = (action == 0 && row < MAX_ROW) || (action == 1 && row > 0)
                || (action == 2 && openToTheEast(row, column)) || (action == 3 && openToTheWest(row, column));
        if (canMove) {
            int[][] moves = RAINY_MOVES[action];
            newRow = clamp(row + moves[0][0], MAX_ROW);
            newColumn = clamp(column + moves[0][1], MAX_COLUMN);
            left = lateralPosition(row, column, moves[1]);
            right = lateralPosition(row, column, moves[2]);
        } else if (action >= 4) {
            int[] outcome = pickupOrDropoff(action, row, column, passenger, destination);
            newPassenger = outcome[0];
            reward = outcome[1];
            terminated = outcome[2] == 1;
        }
        int intended = encode(newRow, newColumn, newPassenger, destination);
        if (action <= 3) {
            outcomes.add(new Transition(intendedProbability, intended, -1, terminated));
            outcomes.add(new Transition(lateralProbability,
                    encode(left[0], left[1], newPassenger, destination), -1, terminated));
            outcomes.add(new Transition(lateralProbability,
                    encode(right[0], right[1], newPassenger, destination), -1, terminated));
        } else {
            outcomes.add(new Transition(1.0, intended, reward, terminated));
        }
    }

    /** Gymnasium's lateral slip: clamp to the grid, and stay put if a wall blocks an east/west slip. */
    private static int[] lateralPosition(int row, int column, int[] offset) {
        int newRow = clamp(row + offset[0], MAX_ROW);
        int newColumn = clamp(column + offset[1], MAX_COLUMN);
        if (offset[1] == 1 && MAP[1 + newRow].charAt(2 * newColumn) != ':') {
            return new int[] {row, column};
        }
        if (offset[1] == -1 && MAP[1 + newRow].charAt(2 * newColumn + 2) != ':') {
            return new int[] {row, column};
        }
        return new int[] {newRow, newColumn};
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }

    @Override
    public String id() {
        return "Taxi-v4";
    }

    @Override
    public Space observationSpace() {
        return new Space.Discrete(STATES);
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(ACTIONS);
    }

    @Override
    protected float[] resetEpisode() {
        state = CategoricalSampler.sample(initialStateDistribution, npRandom());
        // Gymnasium draws this only when the fickle passenger is enabled (short-circuit `and`).
        fickleStep = fickleOption && npRandom().random() < fickleProbability;
        return new float[] {state};
    }

    @Override
    public StepResult step(int action) {
        requireValidAction(action);
        Transition t = CategoricalSampler.sample(transitions.get(state).get(action), npRandom());
        int next = t.nextState();
        int[] before = decode(state);
        int[] after = decode(next);
        boolean moved = after[0] != before[0] || after[1] != before[1];
        if (fickleOption && fickleStep && before[2] == IN_TAXI && moved) {
            fickleStep = false;
            int[] otherDestinations = new int[LOCATIONS.length - 1];
            int k = 0;
            for (int d = 0; d < LOCATIONS.length; d++) {
                if (d != before[3]) {
                    otherDestinations[k++] = d;
                }
            }
            // Generator.choice over a list draws integers(0, len).
            int destination = otherDestinations[(int) npRandom().integers(0, otherDestinations.length)];
            next = encode(after[0], after[1], after[2], destination);
        }
        state = next;
        return new StepResult(new float[] {state}, t.reward(), t.terminated(), false);
    }

    @Override
    protected void writeDynamics(DataOutput out) throws IOException {
        out.writeInt(state);
        out.writeBoolean(fickleStep);
    }

    @Override
    protected void readDynamics(DataInput in) throws IOException {
        state = in.readInt();
        fickleStep = in.readBoolean();
    }
}
