package dev.qsweep.env.minatar;

import static dev.qsweep.env.minatar.Grid.LAST;

import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * MinAtar Seaquest: a submarine shoots enemy fish and subs (+1 each), rescues divers, and must surface before its
 * oxygen runs out; surfacing with six divers pays for the oxygen left. Surfacing with none, a collision or an
 * enemy bullet ends the episode. With ramping, every surfacing speeds enemies up.
 *
 * <p>Entities live in lists with Python's semantics, which matter here: they are updated in reverse order while
 * being removed from, and {@code list.remove(x)} drops the first element <em>equal</em> to x, which may be another
 * one. Channels: sub front, sub back, friendly bullet, trail, enemy bullet, enemy fish, enemy sub, oxygen gauge,
 * diver gauge, diver.
 */
final class Seaquest implements MinAtarGame {

    private static final int SUB_FRONT = 0;
    private static final int SUB_BACK = 1;
    private static final int FRIENDLY_BULLET = 2;
    private static final int TRAIL = 3;
    private static final int ENEMY_BULLET = 4;
    private static final int ENEMY_FISH = 5;
    private static final int ENEMY_SUB = 6;
    private static final int OXYGEN_GAUGE = 7;
    private static final int DIVER_GAUGE = 8;
    private static final int DIVER = 9;

    private static final int MAX_OXYGEN = 200;
    private static final int INITIAL_SPAWN_SPEED = 20;
    private static final int DIVER_SPAWN_SPEED = 30;
    private static final int INITIAL_MOVE_INTERVAL = 5;
    private static final int SHOT_COOL_DOWN = 5;
    private static final int ENEMY_SHOT_INTERVAL = 10;
    private static final int DIVER_MOVE_INTERVAL = 5;
    private static final int MAX_DIVERS = 6;

    private final boolean ramping;
    /** {x, y, movesRight}. */
    private List<int[]> friendlyBullets = new ArrayList<>();
    /** {x, y, movesRight}. */
    private List<int[]> enemyBullets = new ArrayList<>();
    /** {x, y, movesRight, moveTimer}. */
    private List<int[]> enemyFish = new ArrayList<>();
    /** {x, y, movesRight, moveTimer, shotTimer}. */
    private List<int[]> enemySubs = new ArrayList<>();
    /** {x, y, movesRight, moveTimer}. */
    private List<int[]> divers = new ArrayList<>();
    private int oxygen;
    /** Can become negative: MinAtar subtracts one after paying out six divers. */
    private int diverCount;
    private int subX;
    private int subY;
    private boolean subFacesRight;
    private int enemySpawnSpeed;
    private int enemySpawnTimer;
    private int diverSpawnTimer;
    private int moveSpeed;
    private int rampIndex;
    private int shotTimer;
    private boolean surfaced;
    private boolean terminal;

    Seaquest(boolean ramping) {
        this.ramping = ramping;
    }

    @Override
    public int channels() {
        return 10;
    }

    @Override
    public int[] minimalActionSet() {
        return new int[] {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
    }

    @Override
    public void reset(RandomState random) {
        oxygen = MAX_OXYGEN;
        diverCount = 0;
        subX = 5;
        subY = 0;
        subFacesRight = false;
        friendlyBullets = new ArrayList<>();
        enemyBullets = new ArrayList<>();
        enemyFish = new ArrayList<>();
        enemySubs = new ArrayList<>();
        divers = new ArrayList<>();
        enemySpawnSpeed = INITIAL_SPAWN_SPEED;
        enemySpawnTimer = enemySpawnSpeed;
        diverSpawnTimer = DIVER_SPAWN_SPEED;
        moveSpeed = INITIAL_MOVE_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        surfaced = true;
        terminal = false;
    }

    @Override
    public int act(int action, RandomState random) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (enemySpawnTimer == 0) {
            spawnEnemy(random);
            enemySpawnTimer = enemySpawnSpeed;
        }
        if (diverSpawnTimer == 0) {
            spawnDiver(random);
            diverSpawnTimer = DIVER_SPAWN_SPEED;
        }
        if (action == FIRE && shotTimer == 0) {
            friendlyBullets.add(new int[] {subX, subY, Grid.bool(subFacesRight)});
            shotTimer = SHOT_COOL_DOWN;
        } else if (action == LEFT) {
            subX = Math.max(0, subX - 1);
            subFacesRight = false;
        } else if (action == RIGHT) {
            subX = Math.min(LAST, subX + 1);
            subFacesRight = true;
        } else if (action == UP) {
            subY = Math.max(0, subY - 1);
        } else if (action == DOWN) {
            subY = Math.min(8, subY + 1);
        }
        reward += moveFriendlyBullets();
        moveDivers();
        reward += moveEnemySubs();
        moveEnemyBullets();
        reward += moveEnemyFish();
        if (enemySpawnTimer > 0) {
            enemySpawnTimer -= 1;
        }
        if (diverSpawnTimer > 0) {
            diverSpawnTimer -= 1;
        }
        if (shotTimer > 0) {
            shotTimer -= 1;
        }
        if (oxygen <= 0) {
            terminal = true;
        }
        if (subY > 0) {
            oxygen -= 1;
            surfaced = false;
        } else if (!surfaced) {
            if (diverCount == 0) {
                terminal = true;
            } else {
                reward += surface();
            }
        }
        return reward;
    }

    private static void step(int[] entity) {
        entity[0] += entity[2] == 1 ? 1 : -1;
    }

    private static boolean offScreen(int[] entity) {
        return entity[0] < 0 || entity[0] > LAST;
    }

    private boolean atSub(int[] entity) {
        return Grid.at(entity, subX, subY);
    }

    // The loops below walk their list backwards by index as Python's reversed() does: it stops early if
    // the list shrank below the next index.

    private int moveFriendlyBullets() {
        int reward = 0;
        for (int i = friendlyBullets.size() - 1; i >= 0 && i < friendlyBullets.size(); i--) {
            int[] bullet = friendlyBullets.get(i);
            step(bullet);
            if (offScreen(bullet)) {
                Grid.removeFirstEqual(friendlyBullets, bullet);
                continue;
            }
            boolean removed = false;
            for (int[] fish : enemyFish) {
                if (Grid.samePosition(bullet, fish)) {
                    Grid.removeFirstEqual(enemyFish, fish);
                    Grid.removeFirstEqual(friendlyBullets, bullet);
                    reward += 1;
                    removed = true;
                    break;
                }
            }
            if (!removed) {
                for (int[] sub : enemySubs) {
                    if (Grid.samePosition(bullet, sub)) {
                        Grid.removeFirstEqual(enemySubs, sub);
                        Grid.removeFirstEqual(friendlyBullets, bullet);
                        reward += 1;
                        break;
                    }
                }
            }
        }
        return reward;
    }

    private void moveDivers() {
        for (int i = divers.size() - 1; i >= 0 && i < divers.size(); i--) {
            int[] diver = divers.get(i);
            if (atSub(diver) && diverCount < MAX_DIVERS) {
                Grid.removeFirstEqual(divers, diver);
                diverCount += 1;
            } else if (diver[3] == 0) {
                diver[3] = DIVER_MOVE_INTERVAL;
                step(diver);
                if (offScreen(diver)) {
                    Grid.removeFirstEqual(divers, diver);
                } else if (atSub(diver) && diverCount < MAX_DIVERS) {
                    Grid.removeFirstEqual(divers, diver);
                    diverCount += 1;
                }
            } else {
                diver[3] -= 1;
            }
        }
    }

    private int moveEnemySubs() {
        int reward = 0;
        for (int i = enemySubs.size() - 1; i >= 0 && i < enemySubs.size(); i--) {
            int[] sub = enemySubs.get(i);
            if (atSub(sub)) {
                terminal = true;
            }
            if (sub[3] == 0) {
                sub[3] = moveSpeed;
                step(sub);
                if (offScreen(sub)) {
                    Grid.removeFirstEqual(enemySubs, sub);
                } else if (atSub(sub)) {
                    terminal = true;
                } else {
                    reward += shotBy(sub, enemySubs);
                }
            } else {
                sub[3] -= 1;
            }
            // A sub shoots even on the frame it is removed (from where it ended up, possibly off screen).
            if (sub[4] == 0) {
                sub[4] = ENEMY_SHOT_INTERVAL;
                enemyBullets.add(new int[] {sub[0], sub[1], sub[2]});
            } else {
                sub[4] -= 1;
            }
        }
        return reward;
    }

    /** An enemy that moved onto a friendly bullet: both go, +1. */
    private int shotBy(int[] enemy, List<int[]> enemies) {
        for (int[] bullet : friendlyBullets) {
            if (Grid.samePosition(enemy, bullet)) {
                Grid.removeFirstEqual(enemies, enemy);
                Grid.removeFirstEqual(friendlyBullets, bullet);
                return 1;
            }
        }
        return 0;
    }

    private void moveEnemyBullets() {
        for (int i = enemyBullets.size() - 1; i >= 0 && i < enemyBullets.size(); i--) {
            int[] bullet = enemyBullets.get(i);
            if (atSub(bullet)) {
                terminal = true;
            }
            step(bullet);
            if (offScreen(bullet)) {
                Grid.removeFirstEqual(enemyBullets, bullet);
            } else if (atSub(bullet)) {
                terminal = true;
            }
        }
    }

    private int moveEnemyFish() {
        int reward = 0;
        for (int i = enemyFish.size() - 1; i >= 0 && i < enemyFish.size(); i--) {
            int[] fish = enemyFish.get(i);
            if (atSub(fish)) {
                terminal = true;
            }
            if (fish[3] == 0) {
                fish[3] = moveSpeed;
                step(fish);
                if (offScreen(fish)) {
                    Grid.removeFirstEqual(enemyFish, fish);
                } else if (atSub(fish)) {
                    terminal = true;
                } else {
                    reward += shotBy(fish, enemyFish);
                }
            } else {
                fish[3] -= 1;
            }
        }
        return reward;
    }

    /** {@code _surface}: refills oxygen, pays out six divers, uses up one diver, and ramps the difficulty. */
    private int surface() {
        surfaced = true;
        int reward = 0;
        if (diverCount == MAX_DIVERS) {
            diverCount = 0;
            reward = Math.floorDiv(oxygen * 10, MAX_OXYGEN);
        }
        oxygen = MAX_OXYGEN;
        diverCount -= 1;
        if (ramping && (enemySpawnSpeed > 1 || moveSpeed > 2)) {
            if (moveSpeed > 2 && rampIndex % 2 == 1) {
                moveSpeed -= 1;
            }
            if (enemySpawnSpeed > 1) {
                enemySpawnSpeed -= 1;
            }
            rampIndex += 1;
        }
        return reward;
    }

    /** {@code _spawn_enemy}: all three draws happen even when the spawn is then skipped. */
    private void spawnEnemy(RandomState random) {
        boolean movesRight = random.randomSample() < 1.0 / 2;
        boolean isSub = random.randomSample() < 1.0 / 3;
        int x = movesRight ? 0 : LAST;
        int y = (int) random.randint(1, 9);
        int direction = Grid.bool(movesRight);
        // No spawn in a row where an enemy already moves the other way.
        for (List<int[]> enemies : List.of(enemySubs, enemyFish)) {
            for (int[] enemy : enemies) {
                if (enemy[1] == y && enemy[2] != direction) {
                    return;
                }
            }
        }
        if (isSub) {
            enemySubs.add(new int[] {x, y, direction, moveSpeed, ENEMY_SHOT_INTERVAL});
        } else {
            enemyFish.add(new int[] {x, y, direction, moveSpeed});
        }
    }

    private void spawnDiver(RandomState random) {
        boolean movesRight = random.randomSample() < 1.0 / 2;
        int y = (int) random.randint(1, 9);
        divers.add(new int[] {movesRight ? 0 : LAST, y, Grid.bool(movesRight), DIVER_MOVE_INTERVAL});
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
        Grid.set(observation, c, subY, subX, SUB_FRONT);
        Grid.set(observation, c, subY, subFacesRight ? subX - 1 : subX + 1, SUB_BACK);
        int oxygenCells = Math.floorDiv(Math.max(0, oxygen) * 10, MAX_OXYGEN);
        for (int column = 0; column < Math.min(oxygenCells, Grid.SIZE); column++) {
            Grid.set(observation, c, LAST, column, OXYGEN_GAUGE);
        }
        // state[9, 9 - diver_count:9]: empty when diver_count <= 0.
        for (int column = Math.max(0, LAST - diverCount); column < LAST; column++) {
            Grid.set(observation, c, LAST, column, DIVER_GAUGE);
        }
        for (int[] bullet : friendlyBullets) {
            Grid.set(observation, c, bullet[1], bullet[0], FRIENDLY_BULLET);
        }
        for (int[] bullet : enemyBullets) {
            Grid.set(observation, c, bullet[1], bullet[0], ENEMY_BULLET);
        }
        renderWithTrail(observation, enemyFish, ENEMY_FISH);
        renderWithTrail(observation, enemySubs, ENEMY_SUB);
        renderWithTrail(observation, divers, DIVER);
    }

    private void renderWithTrail(float[] observation, List<int[]> entities, int channel) {
        int c = channels();
        for (int[] entity : entities) {
            Grid.set(observation, c, entity[1], entity[0], channel);
            int backX = entity[2] == 1 ? entity[0] - 1 : entity[0] + 1;
            if (backX >= 0 && backX <= LAST) {
                Grid.set(observation, c, entity[1], backX, TRAIL);
            }
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        Grid.writeEntities(out, friendlyBullets, 3);
        Grid.writeEntities(out, enemyBullets, 3);
        Grid.writeEntities(out, enemyFish, 4);
        Grid.writeEntities(out, enemySubs, 5);
        Grid.writeEntities(out, divers, 4);
        for (int value : new int[] {oxygen, diverCount, subX, subY, enemySpawnSpeed, enemySpawnTimer,
                diverSpawnTimer, moveSpeed, rampIndex, shotTimer}) {
            out.writeInt(value);
        }
        out.writeBoolean(subFacesRight);
        out.writeBoolean(surfaced);
        out.writeBoolean(terminal);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        friendlyBullets = Grid.readEntities(in, 3);
        enemyBullets = Grid.readEntities(in, 3);
        enemyFish = Grid.readEntities(in, 4);
        enemySubs = Grid.readEntities(in, 5);
        divers = Grid.readEntities(in, 4);
        oxygen = in.readInt();
        diverCount = in.readInt();
        subX = in.readInt();
        subY = in.readInt();
        enemySpawnSpeed = in.readInt();
        enemySpawnTimer = in.readInt();
        diverSpawnTimer = in.readInt();
        moveSpeed = in.readInt();
        rampIndex = in.readInt();
        shotTimer = in.readInt();
        subFacesRight = in.readBoolean();
        surfaced = in.readBoolean();
        terminal = in.readBoolean();
    }
}
