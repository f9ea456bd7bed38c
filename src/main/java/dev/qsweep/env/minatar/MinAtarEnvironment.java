package dev.qsweep.env.minatar;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import dev.qsweep.rng.Mt19937;
import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * A MinAtar game behind MinAtar's Gymnasium wrapper ({@code minatar.gym.BaseEnv} over {@code minatar.Environment}).
 * What it reproduces:
 * <ul>
 *   <li>{@code reset(seed)} makes a fresh {@code RandomState(seed)} shared by the sticky-action draw and the game;
 *       {@code reset()} keeps drawing from it.</li>
 *   <li>every step first draws {@code rand()} for sticky actions, even with probability 0; on a hit the previous
 *       played action repeats. The previous action survives resets, as in MinAtar (it starts as no-op).</li>
 *   <li>steps after the end return reward 0 and {@code terminated} again, without moving.</li>
 *   <li>no time limit (MinAtar registers none; Freeway ends itself after 2500 frames).</li>
 * </ul>
 * Observations are MinAtar's boolean {@code state()} as 0/1, flat in {@code [row][column][channel]} order.
 */
public final class MinAtarEnvironment implements Environment {

    private final Game game;
    private final boolean minimalActionSet;
    private final double stickyActionProbability;
    private final boolean difficultyRamping;
    private final MinAtarGame dynamics;
    private final int[] actionSet;
    private final Space.Box observationSpace;
    private RandomState random;
    private int lastAction;
    private boolean started;

    public MinAtarEnvironment(Game game, boolean minimalActionSet, double stickyActionProbability,
                              boolean difficultyRamping) {
        if (!(stickyActionProbability >= 0 && stickyActionProbability <= 1)) {
            throw new IllegalArgumentException(game.id(minimalActionSet) + ": sticky_action_prob must be in [0, 1], got "
                    + stickyActionProbability);
        }
        this.game = game;
        this.minimalActionSet = minimalActionSet;
        this.stickyActionProbability = stickyActionProbability;
        this.difficultyRamping = difficultyRamping;
        this.dynamics = game.newDynamics(difficultyRamping);
        int[] all = new int[MinAtarGame.ACTION_COUNT];
        Arrays.setAll(all, i -> i);
        this.actionSet = minimalActionSet ? dynamics.minimalActionSet() : all;
        int size = Grid.SIZE * Grid.SIZE * dynamics.channels();
        double[] high = new double[size];
        Arrays.fill(high, 1.0);
        this.observationSpace = new Space.Box(new double[size], high,
                new int[] {Grid.SIZE, Grid.SIZE, dynamics.channels()}, Space.DType.UINT8);
    }

    @Override
    public String id() {
        return game.id(minimalActionSet);
    }

    public Game game() {
        return game;
    }

    public double stickyActionProbability() {
        return stickyActionProbability;
    }

    public boolean difficultyRamping() {
        return difficultyRamping;
    }

    /** The full-set action (0..5) this wrapper's actions stand for, in order. */
    public int[] actionSet() {
        return actionSet.clone();
    }

    /** The full-set action actually played last (after sticky actions); 0 before any step. */
    public int lastPlayedAction() {
        return lastAction;
    }

    /** The game's {@code difficulty_ramp()}; empty for Breakout and Freeway, which do not ramp. */
    public OptionalInt difficultyRamp() {
        return dynamics.difficultyRamp();
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(actionSet.length);
    }

    @Override
    public long maxSeed() {
        return RandomState.MAX_SEED;
    }

    @Override
    public float[] reset(long seed) {
        if (seed < 0 || seed > RandomState.MAX_SEED) {
            throw new IllegalArgumentException(id() + ": reset seed " + seed + " is outside [0, 2^32 - 1] = [0, "
                    + RandomState.MAX_SEED + "]: MinAtar seeds numpy's legacy RandomState, which takes 32-bit seeds"
                    + " only; use a seed in that range, e.g. " + Math.floorMod(seed, RandomState.MAX_SEED + 1));
        }
        random = new RandomState(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        if (random == null) {
            random = RandomState.fromEntropy(); // MinAtar's unseeded RandomState()
        }
        dynamics.reset(random);
        started = true;
        return observation();
    }

    @Override
    public StepResult step(int action) {
        if (action < 0 || action >= actionSet.length) {
            throw new IllegalArgumentException(id() + ": action " + action + " is outside the action space Discrete("
                    + actionSet.length + "); use 0.." + (actionSet.length - 1));
        }
        if (!started) {
            throw new IllegalStateException(id() + ": step() before reset(); call reset(seed) first");
        }
        int played = actionSet[action];
        if (random.randomSample() < stickyActionProbability) {
            played = lastAction;
        }
        lastAction = played;
        int reward = dynamics.act(played, random);
        return new StepResult(observation(), reward, dynamics.terminal(), false);
    }

    private float[] observation() {
        float[] observation = new float[observationSpace.flatSize()];
        dynamics.render(observation);
        return observation;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeUTF(id());
        out.writeDouble(stickyActionProbability);
        out.writeBoolean(difficultyRamping);
        out.writeBoolean(started);
        out.writeBoolean(random != null);
        if (random != null) {
            random.writeState(out);
        }
        out.writeInt(lastAction);
        dynamics.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        String savedId = in.readUTF();
        double savedSticky = in.readDouble();
        boolean savedRamping = in.readBoolean();
        if (!savedId.equals(id()) || savedSticky != stickyActionProbability || savedRamping != difficultyRamping) {
            throw new IOException("state was written by " + savedId + " (sticky_action_prob=" + savedSticky
                    + ", difficulty_ramping=" + savedRamping + "), cannot restore it into " + id()
                    + " (sticky_action_prob=" + stickyActionProbability + ", difficulty_ramping=" + difficultyRamping
                    + "); make the environment with the same id and options");
        }
        started = in.readBoolean();
        if (in.readBoolean()) {
            random = new RandomState(Mt19937.fromState(Mt19937.State.read(in)));
        } else {
            random = null;
        }
        lastAction = in.readInt();
        dynamics.readState(in);
    }
}
