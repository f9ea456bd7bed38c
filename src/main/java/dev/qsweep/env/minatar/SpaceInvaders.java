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
 * MinAtar SpaceInvaders: a cannon on the bottom row shoots up at a block of aliens that moves sideways and steps
 * down at the walls; the alien nearest the cannon shoots every 10 frames. +1 per alien hit; an enemy bullet or an
 * alien reaching the cannon ends the episode. A cleared wave is replaced, faster with ramping. Uses no randomness.
 * Channels: cannon, alien, alien moving left, alien moving right, friendly bullet, enemy bullet.
 */
final class SpaceInvaders implements MinAtarGame {

    private static final int CANNON = 0;
    private static final int ALIEN = 1;
    private static final int ALIEN_LEFT = 2;
    private static final int ALIEN_RIGHT = 3;
    private static final int FRIENDLY_BULLET = 4;
    private static final int ENEMY_BULLET = 5;
    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_MOVE_INTERVAL = 12;
    private static final int ENEMY_SHOT_INTERVAL = 10;

    private final boolean ramping;
    private boolean[][] friendlyBullets = new boolean[SIZE][SIZE];
    private boolean[][] enemyBullets = new boolean[SIZE][SIZE];
    private boolean[][] aliens = new boolean[SIZE][SIZE];
    private int cannonX;
    private int alienDirection;
    private int enemyMoveInterval;
    private int alienMoveTimer;
    private int alienShotTimer;
    private int rampIndex;
    private int shotTimer;
    private boolean terminal;

    SpaceInvaders(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    public int channels() {
        return 6;
    }

    @Override
    public int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, RIGHT, FIRE};
    }

    @Override
    public void reset(RandomState random) {
        cannonX = 5;
        friendlyBullets = new boolean[SIZE][SIZE];
        enemyBullets = new boolean[SIZE][SIZE];
        aliens = new boolean[SIZE][SIZE];
        fillWave(aliens);
        alienDirection = -1;
        enemyMoveInterval = ENEMY_MOVE_INTERVAL;
        alienMoveTimer = enemyMoveInterval;
        alienShotTimer = ENEMY_SHOT_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        terminal = false;
    }

    /** {@code alien_map[0:4, 2:8] = 1}. */
    private static void fillWave(boolean[][] map) {
        for (int row = 0; row < 4; row++) {
            for (int column = 2; column < 8; column++) {
                map[row][column] = true;
            }
        }
    }

    @Override
    public int act(int action, RandomState random) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (action == FIRE && shotTimer == 0) {
            friendlyBullets[LAST][cannonX] = true;
            shotTimer = SHOT_COOL_DOWN;
        } else if (action == LEFT) {
            cannonX = Math.max(0, cannonX - 1);
        } else if (action == RIGHT) {
            cannonX = Math.min(LAST, cannonX + 1);
        }
        friendlyBullets = rollRows(friendlyBullets, -1);
        Arrays.fill(friendlyBullets[LAST], false);
        enemyBullets = rollRows(enemyBullets, 1);
        Arrays.fill(enemyBullets[0], false);
        if (enemyBullets[LAST][cannonX]) {
            terminal = true;
        }
        if (aliens[LAST][cannonX]) {
            terminal = true;
        }
        if (alienMoveTimer == 0) {
            alienMoveTimer = Math.min(Grid.count(aliens), enemyMoveInterval);
            if ((columnHasAlien(0) && alienDirection < 0) || (columnHasAlien(LAST) && alienDirection > 0)) {
                alienDirection = -alienDirection;
                if (rowHasAlien(LAST)) {
                    terminal = true;
                }
                aliens = rollRows(aliens, 1);
            } else {
                aliens = rollColumns(aliens, alienDirection);
            }
            if (aliens[LAST][cannonX]) {
                terminal = true;
            }
        }
        if (alienShotTimer == 0) {
            alienShotTimer = ENEMY_SHOT_INTERVAL;
            int[] shooter = nearestAlien(cannonX);
            enemyBullets[shooter[0]][shooter[1]] = true;
        }
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                if (aliens[row][column] && friendlyBullets[row][column]) {
                    reward += 1;
                    aliens[row][column] = false;
                    friendlyBullets[row][column] = false;
                }
            }
        }
        if (shotTimer > 0) {
            shotTimer -= 1;
        }
        alienMoveTimer -= 1;
        alienShotTimer -= 1;
        if (Grid.count(aliens) == 0) {
            if (enemyMoveInterval > 6 && ramping) {
                enemyMoveInterval -= 1;
                rampIndex += 1;
            }
            fillWave(aliens);
        }
        return reward;
    }

    /** {@code np.roll(map, shift, axis=0)}: row r moves to row r + shift, wrapping around. */
    static boolean[][] rollRows(boolean[][] map, int shift) {
        boolean[][] rolled = new boolean[SIZE][];
        for (int row = 0; row < SIZE; row++) {
            rolled[Math.floorMod(row + shift, SIZE)] = map[row];
        }
        return rolled;
    }

    /** {@code np.roll(map, shift, axis=1)}: column c moves to column c + shift, wrapping around. */
    static boolean[][] rollColumns(boolean[][] map, int shift) {
        boolean[][] rolled = new boolean[SIZE][SIZE];
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                rolled[row][Math.floorMod(column + shift, SIZE)] = map[row][column];
            }
        }
        return rolled;
    }

    private boolean columnHasAlien(int column) {
        for (boolean[] row : aliens) {
            if (row[column]) {
                return true;
            }
        }
        return false;
    }

    private boolean rowHasAlien(int row) {
        for (boolean cell : aliens[row]) {
            if (cell) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code _nearest_alien}: columns by distance from the cannon, the left one first on ties (a stable sort of
     * 0..9), and in the first column with aliens its lowest one.
     */
    private int[] nearestAlien(int position) {
        for (int distance = 0; distance < SIZE; distance++) {
            for (int column : new int[] {position - distance, position + distance}) {
                if (column >= 0 && column < SIZE && columnHasAlien(column)) {
                    for (int row = LAST; row >= 0; row--) {
                        if (aliens[row][column]) {
                            return new int[] {row, column};
                        }
                    }
                }
                if (distance == 0) {
                    break;
                }
            }
        }
        throw new IllegalStateException("no alien left to shoot (MinAtar would fail here too)");
    }

    @Override
    public boolean terminal() {
        return terminal;
    }

    @Override
    public OptionalInt difficultyRamp() {
        return OptionalInt.of(rampIndex);
    }

    @Override
    public void render(float[] observation) {
        int c = channels();
        Grid.set(observation, c, LAST, cannonX, CANNON);
        Grid.setChannel(observation, c, aliens, ALIEN);
        Grid.setChannel(observation, c, aliens, alienDirection < 0 ? ALIEN_LEFT : ALIEN_RIGHT);
        Grid.setChannel(observation, c, friendlyBullets, FRIENDLY_BULLET);
        Grid.setChannel(observation, c, enemyBullets, ENEMY_BULLET);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        Grid.writeMap(out, friendlyBullets);
        Grid.writeMap(out, enemyBullets);
        Grid.writeMap(out, aliens);
        for (int value : new int[] {cannonX, alienDirection, enemyMoveInterval, alienMoveTimer, alienShotTimer,
                rampIndex, shotTimer}) {
            out.writeInt(value);
        }
        out.writeBoolean(terminal);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        Grid.readMap(in, friendlyBullets);
        Grid.readMap(in, enemyBullets);
        Grid.readMap(in, aliens);
        cannonX = in.readInt();
        alienDirection = in.readInt();
        enemyMoveInterval = in.readInt();
        alienMoveTimer = in.readInt();
        alienShotTimer = in.readInt();
        rampIndex = in.readInt();
        shotTimer = in.readInt();
        terminal = in.readBoolean();
    }
}
