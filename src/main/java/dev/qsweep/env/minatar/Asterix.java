package dev.qsweep.env.minatar;

import static dev.qsweep.env.minatar.Grid.LAST;

import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * MinAtar Asterix: the player moves in rows 1..8; enemies and gold cross the screen in those rows. Gold gives +1,
 * an enemy ends the episode. With ramping, spawning and movement speed up every 100 frames.
 * Channels: player, enemy, trail, gold.
 */
final class Asterix implements MinAtarGame {

    private static final int PLAYER = 0;
    private static final int ENEMY = 1;
    private static final int TRAIL = 2;
    private static final int GOLD = 3;
    private static final int RAMP_INTERVAL = 100;
    private static final int INITIAL_SPAWN_SPEED = 10;
    private static final int INITIAL_MOVE_INTERVAL = 5;
    private static final int SLOTS = 8;

    private final boolean ramping;
    /** One slot per row 1..8: null or {x, row, movesRight (0/1), isGold (0/1)}. */
    private final int[][] entities = new int[SLOTS][];
    private int playerX;
    private int playerY;
    private int spawnSpeed;
    private int spawnTimer;
    private int moveSpeed;
    private int moveTimer;
    private int rampTimer;
    private int rampIndex;
    private boolean terminal;

    Asterix(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    public int channels() {
        return 4;
    }

    @Override
    public int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, UP, RIGHT, DOWN};
    }

    @Override
    public void reset(RandomState random) {
        playerX = 5;
        playerY = 5;
        Arrays.fill(entities, null);
        spawnSpeed = INITIAL_SPAWN_SPEED;
        spawnTimer = spawnSpeed;
        moveSpeed = INITIAL_MOVE_INTERVAL;
        moveTimer = moveSpeed;
        rampTimer = RAMP_INTERVAL;
        rampIndex = 0;
        terminal = false;
    }

    @Override
    public int act(int action, RandomState random) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (spawnTimer == 0) {
            spawnEntity(random);
            spawnTimer = spawnSpeed;
        }
        switch (action) {
            case LEFT -> playerX = Math.max(0, playerX - 1);
            case RIGHT -> playerX = Math.min(LAST, playerX + 1);
            case UP -> playerY = Math.max(1, playerY - 1);
            case DOWN -> playerY = Math.min(8, playerY + 1);
            default -> {
            }
        }
        for (int i = 0; i < SLOTS; i++) {
            reward += collide(i);
        }
        if (moveTimer == 0) {
            moveTimer = moveSpeed;
            for (int i = 0; i < SLOTS; i++) {
                int[] entity = entities[i];
                if (entity != null) {
                    entity[0] += entity[2] == 1 ? 1 : -1;
                    if (entity[0] < 0 || entity[0] > LAST) {
                        entities[i] = null;
                    } else {
                        reward += collide(i);
                    }
                }
            }
        }
        spawnTimer -= 1;
        moveTimer -= 1;
        if (ramping && (spawnSpeed > 1 || moveSpeed > 1)) {
            if (rampTimer >= 0) {
                rampTimer -= 1;
            } else {
                if (moveSpeed > 1 && rampIndex % 2 == 1) {
                    moveSpeed -= 1;
                }
                if (spawnSpeed > 1) {
                    spawnSpeed -= 1;
                }
                rampIndex += 1;
                rampTimer = RAMP_INTERVAL;
            }
        }
        return reward;
    }

    /** Gold under the player is collected (+1); an enemy there ends the episode. */
    private int collide(int slot) {
        int[] entity = entities[slot];
        if (entity == null || !Grid.at(entity, playerX, playerY)) {
            return 0;
        }
        if (entity[3] == 1) {
            entities[slot] = null;
            return 1;
        }
        terminal = true;
        return 0;
    }

    /** {@code _spawn_entity}: direction and kind are drawn even when every row is taken. */
    private void spawnEntity(RandomState random) {
        boolean movesRight = random.randomSample() < 1.0 / 2;
        boolean gold = random.randomSample() < 1.0 / 3;
        int[] free = new int[SLOTS];
        int freeCount = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (entities[i] == null) {
                free[freeCount++] = i;
            }
        }
        if (freeCount == 0) {
            return;
        }
        int slot = free[(int) random.randint(freeCount)];
        entities[slot] = new int[] {movesRight ? 0 : LAST, slot + 1, Grid.bool(movesRight), Grid.bool(gold)};
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
        Grid.set(observation, c, playerY, playerX, PLAYER);
        for (int[] entity : entities) {
            if (entity != null) {
                Grid.set(observation, c, entity[1], entity[0], entity[3] == 1 ? GOLD : ENEMY);
                int backX = entity[2] == 1 ? entity[0] - 1 : entity[0] + 1;
                if (backX >= 0 && backX <= LAST) {
                    Grid.set(observation, c, entity[1], backX, TRAIL);
                }
            }
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (int[] entity : entities) {
            out.writeBoolean(entity != null);
            if (entity != null) {
                for (int value : entity) {
                    out.writeInt(value);
                }
            }
        }
        for (int value : new int[] {playerX, playerY, spawnSpeed, spawnTimer, moveSpeed, moveTimer, rampTimer,
                rampIndex}) {
            out.writeInt(value);
        }
        out.writeBoolean(terminal);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        for (int i = 0; i < SLOTS; i++) {
            if (in.readBoolean()) {
                entities[i] = new int[] {in.readInt(), in.readInt(), in.readInt(), in.readInt()};
            } else {
                entities[i] = null;
            }
        }
        playerX = in.readInt();
        playerY = in.readInt();
        spawnSpeed = in.readInt();
        spawnTimer = in.readInt();
        moveSpeed = in.readInt();
        moveTimer = in.readInt();
        rampTimer = in.readInt();
        rampIndex = in.readInt();
        terminal = in.readBoolean();
    }
}
