package dev.qsweep.env.minatar;

import static dev.qsweep.env.minatar.Grid.LAST;

import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * MinAtar Freeway: a chicken crosses eight lanes of cars from the bottom row to the top (+1, then back to the
 * bottom and the car speeds are redrawn); a car sends it back to the bottom. The chicken moves at most every 3
 * frames; the episode ends after 2500 frames (MinAtar's own limit, not a Gymnasium TimeLimit). Does not ramp.
 * Channels: chicken, car, and one trail channel per car speed (1..5 frames per move).
 */
final class Freeway implements MinAtarGame {

    private static final int CHICKEN = 0;
    private static final int CAR = 1;
    private static final int FIRST_SPEED_TRAIL = 2;
    private static final int PLAYER_SPEED = 3;
    private static final int TIME_LIMIT = 2500;
    private static final int CARS = 8;
    private static final int CHICKEN_COLUMN = 4;

    /** Per car: x, lane row, frames until its next move, signed speed (sign = direction). */
    private final int[][] cars = new int[CARS][4];
    private int chickenRow;
    private int moveTimer;
    private int terminateTimer;
    private boolean terminal;

    @Override
    public int channels() {
        return 7;
    }

    @Override
    public int[] minimalActionSet() {
        return new int[] {NOOP, UP, DOWN};
    }

    @Override
    public void reset(RandomState random) {
        randomizeCars(random, true);
        chickenRow = LAST;
        moveTimer = PLAYER_SPEED;
        terminateTimer = TIME_LIMIT;
        terminal = false;
    }

    /** {@code _randomize_cars}: speeds {@code randint(1, 6, 8)}, directions {@code sign(rand(8) - 0.5)}. */
    private void randomizeCars(RandomState random, boolean initialize) {
        long[] speeds = random.randint(1, 6, CARS);
        double[] directions = random.randomSample(CARS);
        for (int i = 0; i < CARS; i++) {
            int speed = (int) speeds[i] * (int) Math.signum(directions[i] - 0.5);
            if (initialize) {
                cars[i][0] = 0;
                cars[i][1] = i + 1;
            }
            cars[i][2] = Math.abs(speed);
            cars[i][3] = speed;
        }
    }

    @Override
    public int act(int action, RandomState random) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (action == UP && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            chickenRow = Math.max(0, chickenRow - 1);
        } else if (action == DOWN && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            chickenRow = Math.min(LAST, chickenRow + 1);
        }
        if (chickenRow == 0) {
            reward += 1;
            randomizeCars(random, false);
            chickenRow = LAST;
        }
        for (int[] car : cars) {
            if (hitsChicken(car)) {
                chickenRow = LAST;
            }
            if (car[2] == 0) {
                car[2] = Math.abs(car[3]);
                car[0] += car[3] > 0 ? 1 : -1;
                if (car[0] < 0) {
                    car[0] = LAST;
                } else if (car[0] > LAST) {
                    car[0] = 0;
                }
                if (hitsChicken(car)) {
                    chickenRow = LAST;
                }
            } else {
                car[2] -= 1;
            }
        }
        if (moveTimer > 0) {
            moveTimer -= 1;
        }
        terminateTimer -= 1;
        if (terminateTimer < 0) {
            terminal = true;
        }
        return reward;
    }

    private boolean hitsChicken(int[] car) {
        return car[0] == CHICKEN_COLUMN && car[1] == chickenRow;
    }

    @Override
    public boolean terminal() {
        return terminal;
    }

    @Override
    public OptionalInt difficultyRamp() {
        return OptionalInt.empty();
    }

    @Override
    public void render(float[] observation) {
        int c = channels();
        Grid.set(observation, c, chickenRow, CHICKEN_COLUMN, CHICKEN);
        int trail = -1;
        for (int[] car : cars) {
            Grid.set(observation, c, car[1], car[0], CAR);
            int backX = car[3] > 0 ? car[0] - 1 : car[0] + 1;
            if (backX < 0) {
                backX = LAST;
            } else if (backX > LAST) {
                backX = 0;
            }
            int speed = Math.abs(car[3]);
            // Speed 0 (a direction draw of exactly 0.5) keeps Python's previous `trail` value.
            if (speed >= 1 && speed <= 5) {
                trail = FIRST_SPEED_TRAIL + speed - 1;
            } else if (trail < 0) {
                throw new IllegalStateException("Freeway car with speed 0 first: MinAtar fails here too");
            }
            Grid.set(observation, c, car[1], backX, trail);
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (int[] car : cars) {
            for (int value : car) {
                out.writeInt(value);
            }
        }
        out.writeInt(chickenRow);
        out.writeInt(moveTimer);
        out.writeInt(terminateTimer);
        out.writeBoolean(terminal);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        for (int[] car : cars) {
            for (int i = 0; i < car.length; i++) {
                car[i] = in.readInt();
            }
        }
        chickenRow = in.readInt();
        moveTimer = in.readInt();
        terminateTimer = in.readInt();
        terminal = in.readBoolean();
    }
}
