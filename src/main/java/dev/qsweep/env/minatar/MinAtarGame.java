package dev.qsweep.env.minatar;

import dev.qsweep.rng.RandomState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The dynamics of one MinAtar game ({@code minatar.environments.<game>.Env}): a 10×10 grid with a few binary
 * channels. Actions are MinAtar's full set, see the constants. The generator is passed in rather than held, since
 * MinAtar shares one {@code RandomState} between its wrapper (sticky actions) and the game.
 */
sealed interface MinAtarGame permits Asterix, Breakout, Freeway, Seaquest, SpaceInvaders {

    int NOOP = 0;
    int LEFT = 1;
    int UP = 2;
    int RIGHT = 3;
    int DOWN = 4;
    int FIRE = 5;
    /** MinAtar's {@code action_map}, in action order. */
    int ACTION_COUNT = 6;

    int channels();

    /** {@code minimal_action_set()}: the full-set actions that matter in this game, in MinAtar's order. */
    int[] minimalActionSet();

    /** {@code reset()}: a new episode, drawing its randomness from {@code random}. */
    void reset(RandomState random);

    /** {@code act(a)}: advances one frame and returns the reward; does nothing once terminal. */
    int act(int action, RandomState random);

    boolean terminal();

    /** {@code difficulty_ramp()}; empty where MinAtar returns {@code None} (the game does not ramp). */
    OptionalInt difficultyRamp();

    /** {@code state()} into a zeroed flat array in {@code [row][column][channel]} order, 1 where set. */
    void render(float[] observation);

    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;
}
