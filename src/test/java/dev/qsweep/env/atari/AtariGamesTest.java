package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The game table against ALE 0.7.3 and the real ROMs of ale-py's wheel. */
class AtariGamesTest {

    @Test
    void everyGameLoadsWithItsMinimalActionCount() {
        RomLocator locator = RomLocator.ofThisProcess();
        for (AtariGames.Game game : AtariGames.all()) {
            Path rom = locator.find(game, "");
            AleEnvironment env = new AleEnvironment(new AleEnvironment.Settings(game.name(), game, rom, 1, 0, false,
                    -1, -1, AleEnvironment.ObsType.RGB, 0));
            assertEquals(game.minimalActionCount(), env.actionSpace().n(), game.romId());
        }
        assertEquals(104, AtariGames.all().size());
        assertEquals(62, AtariGames.all().stream().filter(AtariGames.Game::legacy).count());
    }

    @Test
    void namesFollowAlePy() {
        assertEquals("SpaceInvaders", AtariGames.byRomId("space_invaders").orElseThrow().name());
        assertEquals("MontezumaRevenge", AtariGames.byRomId("montezuma_revenge").orElseThrow().name());
        assertEquals("TicTacToe3D", AtariGames.byRomId("tic_tac_toe_3d").orElseThrow().name());
        assertEquals("Pitfall2", AtariGames.byRomId("pitfall2").orElseThrow().name());
        assertTrue(AtariGames.byRomId("combat").isEmpty(), "multiplayer-only ROMs are not registered, as in ale-py");
        List<String> legacy = AtariGames.all().stream().filter(AtariGames.Game::legacy).map(AtariGames.Game::romId)
                .toList();
        assertTrue(legacy.contains("pong") && !legacy.contains("tetris"), legacy.toString());
    }
}
