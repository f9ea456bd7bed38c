package dev.qsweep.env.minatar;

import java.util.function.Function;

/** The MinAtar games, by the names their Gymnasium ids use ({@code MinAtar/<title>-v0|v1}). */
public enum Game {
    ASTERIX("Asterix", Asterix::new),
    BREAKOUT("Breakout", ramping -> new Breakout()),
    FREEWAY("Freeway", ramping -> new Freeway()),
    SEAQUEST("Seaquest", Seaquest::new),
    SPACE_INVADERS("SpaceInvaders", SpaceInvaders::new);

    private final String title;
    private final Function<Boolean, MinAtarGame> factory;

    Game(String title, Function<Boolean, MinAtarGame> factory) {
        this.title = title;
        this.factory = factory;
    }

    /** The name in the Gymnasium id, e.g. {@code SpaceInvaders}. */
    public String title() {
        return title;
    }

    /** The Gymnasium id: {@code -v0} has all six actions, {@code -v1} the game's minimal action set. */
    public String id(boolean minimalActionSet) {
        return "MinAtar/" + title + (minimalActionSet ? "-v1" : "-v0");
    }

    MinAtarGame newDynamics(boolean difficultyRamping) {
        return factory.apply(difficultyRamping);
    }
}
