package dev.qsweep.env.minatar;

import static dev.qsweep.env.minatar.Grid.LAST;
import static dev.qsweep.env.minatar.Grid.SIZE;

import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * MinAtar Breakout: a paddle on the bottom row, a ball moving diagonally, three rows of bricks (+1 each, refilled
 * when all are gone). The episode ends when the ball reaches the bottom row past the paddle. Does not ramp.
 * Channels: paddle, ball, trail, brick.
 */
final class Breakout implements MinAtarGame {

    private static final int PADDLE = 0;
    private static final int BALL = 1;
    private static final int TRAIL = 2;
    private static final int BRICK = 3;
    /** Ball directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left. */
    private static final int[] MIRROR_X = {1, 0, 3, 2};
    private static final int[] MIRROR_Y = {3, 2, 1, 0};
    private static final int[] REVERSE = {2, 3, 0, 1};

    private int ballX;
    private int ballY;
    private int ballDirection;
    private int paddleX;
    private final boolean[][] bricks = new boolean[SIZE][SIZE];
    private boolean strike;
    private int lastX;
    private int lastY;
    private boolean terminal;

    @Override
    public int channels() {
        return 4;
    }

    @Override
    public int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, RIGHT};
    }

    @Override
    public void reset(RandomState random) {
        ballY = 3;
        boolean startRight = random.randint(2) == 1;
        ballX = startRight ? 9 : 0;
        ballDirection = startRight ? 3 : 2;
        paddleX = 4;
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                bricks[row][column] = row >= 1 && row <= 3;
            }
        }
        strike = false;
        lastX = ballX;
        lastY = ballY;
        terminal = false;
    }

    @Override
    public int act(int action, RandomState random) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (action == LEFT) {
            paddleX = Math.max(0, paddleX - 1);
        } else if (action == RIGHT) {
            paddleX = Math.min(LAST, paddleX + 1);
        }
        lastX = ballX;
        lastY = ballY;
        int newX = ballDirection == 0 || ballDirection == 3 ? ballX - 1 : ballX + 1;
        int newY = ballDirection <= 1 ? ballY - 1 : ballY + 1;
        boolean strikeThisFrame = false;
        if (newX < 0 || newX > LAST) {
            newX = Math.max(0, Math.min(LAST, newX));
            ballDirection = MIRROR_X[ballDirection];
        }
        if (newY < 0) {
            newY = 0;
            ballDirection = MIRROR_Y[ballDirection];
        } else if (bricks[newY][newX]) {
            strikeThisFrame = true;
            // A ball that struck last frame passes into the brick (MinAtar's "strike" rule).
            if (!strike) {
                reward += 1;
                strike = true;
                bricks[newY][newX] = false;
                newY = lastY;
                ballDirection = MIRROR_Y[ballDirection];
            }
        } else if (newY == LAST) {
            if (Grid.count(bricks) == 0) {
                for (int row = 1; row <= 3; row++) {
                    Arrays.fill(bricks[row], true);
                }
            }
            if (ballX == paddleX) {
                ballDirection = MIRROR_Y[ballDirection];
                newY = lastY;
            } else if (newX == paddleX) {
                ballDirection = REVERSE[ballDirection];
                newY = lastY;
            } else {
                terminal = true;
            }
        }
        if (!strikeThisFrame) {
            strike = false;
        }
        ballX = newX;
        ballY = newY;
        return reward;
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
        Grid.set(observation, c, ballY, ballX, BALL);
        Grid.set(observation, c, LAST, paddleX, PADDLE);
        Grid.set(observation, c, lastY, lastX, TRAIL);
        Grid.setChannel(observation, c, bricks, BRICK);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (int value : new int[] {ballX, ballY, ballDirection, paddleX, lastX, lastY}) {
            out.writeInt(value);
        }
        out.writeBoolean(strike);
        out.writeBoolean(terminal);
        Grid.writeMap(out, bricks);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        ballX = in.readInt();
        ballY = in.readInt();
        ballDirection = in.readInt();
        paddleX = in.readInt();
        lastX = in.readInt();
        lastY = in.readInt();
        strike = in.readBoolean();
        terminal = in.readBoolean();
        Grid.readMap(in, bricks);
    }
}
