package dev.qsweep.env.atari;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Atari games qsweep registers: ale-py 0.11.2's ROM list (without the four multiplayer-only ROMs ale-py skips),
 * each with its minimal action count, so ids and spaces can be listed without loading a ROM.
 * {@code AtariGamesTest} checks every count against ALE 0.7.3 with the real ROMs.
 */
public final class AtariGames {

    /**
     * One game.
     *
     * @param romId               ale-py's snake_case ROM id, also the ROM file name without {@code .bin}
     * @param minimalActionCount  size of ALE's minimal action set for this ROM
     * @param legacy              ale-py also registers the v0/v4 ids ({@code <Name>NoFrameskip-v4}) for it
     */
    public record Game(String romId, int minimalActionCount, boolean legacy) {

        /** ale-py's PascalCase name: {@code rom.title().replace("_", "")}, e.g. {@code space_invaders → SpaceInvaders}. */
        public String name() {
            StringBuilder out = new StringBuilder();
            boolean startOfWord = true;
            for (char c : romId.toCharArray()) {
                if (c == '_') {
                    startOfWord = true;
                } else if (Character.isLetter(c)) {
                    out.append(startOfWord ? Character.toUpperCase(c) : c);
                    startOfWord = false;
                } else {
                    out.append(c); // Python's title() starts a new word after a digit too
                    startOfWord = true;
                }
            }
            return out.toString();
        }

        public String romFileName() {
            return romId + ".bin";
        }
    }

    private static final Map<String, Game> BY_ROM_ID = new LinkedHashMap<>();

    static {
        for (Game game : List.of(
                new Game("adventure", 18, true),
                new Game("air_raid", 6, true),
                new Game("alien", 18, true),
                new Game("amidar", 10, true),
                new Game("assault", 7, true),
                new Game("asterix", 9, true),
                new Game("asteroids", 14, true),
                new Game("atlantis2", 4, false),
                new Game("atlantis", 4, true),
                new Game("backgammon", 3, false),
                new Game("bank_heist", 18, true),
                new Game("basic_math", 6, false),
                new Game("battle_zone", 18, true),
                new Game("beam_rider", 9, true),
                new Game("berzerk", 18, true),
                new Game("blackjack", 4, false),
                new Game("bowling", 6, true),
                new Game("boxing", 18, true),
                new Game("breakout", 4, true),
                new Game("carnival", 6, true),
                new Game("casino", 4, false),
                new Game("centipede", 18, true),
                new Game("chopper_command", 18, true),
                new Game("crazy_climber", 9, true),
                new Game("crossbow", 18, false),
                new Game("darkchambers", 18, false),
                new Game("defender", 18, true),
                new Game("demon_attack", 6, true),
                new Game("donkey_kong", 18, false),
                new Game("double_dunk", 18, true),
                new Game("earthworld", 18, false),
                new Game("elevator_action", 18, true),
                new Game("enduro", 9, true),
                new Game("entombed", 18, false),
                new Game("et", 18, false),
                new Game("fishing_derby", 18, true),
                new Game("flag_capture", 18, false),
                new Game("freeway", 3, true),
                new Game("frogger", 5, false),
                new Game("frostbite", 18, true),
                new Game("galaxian", 6, false),
                new Game("gopher", 8, true),
                new Game("gravitar", 18, true),
                new Game("hangman", 18, false),
                new Game("haunted_house", 18, false),
                new Game("hero", 18, true),
                new Game("human_cannonball", 18, false),
                new Game("ice_hockey", 18, true),
                new Game("jamesbond", 18, true),
                new Game("journey_escape", 16, true),
                new Game("kaboom", 4, false),
                new Game("kangaroo", 18, true),
                new Game("keystone_kapers", 14, false),
                new Game("king_kong", 6, false),
                new Game("klax", 18, false),
                new Game("koolaid", 9, false),
                new Game("krull", 18, true),
                new Game("kung_fu_master", 14, true),
                new Game("laser_gates", 18, false),
                new Game("lost_luggage", 9, false),
                new Game("mario_bros", 18, false),
                new Game("miniature_golf", 18, false),
                new Game("montezuma_revenge", 18, true),
                new Game("mr_do", 10, false),
                new Game("ms_pacman", 9, true),
                new Game("name_this_game", 6, true),
                new Game("othello", 10, false),
                new Game("pacman", 5, false),
                new Game("phoenix", 8, true),
                new Game("pitfall2", 18, false),
                new Game("pitfall", 18, true),
                new Game("pong", 6, true),
                new Game("pooyan", 6, true),
                new Game("private_eye", 18, true),
                new Game("qbert", 6, true),
                new Game("riverraid", 18, true),
                new Game("road_runner", 18, true),
                new Game("robotank", 18, true),
                new Game("seaquest", 18, true),
                new Game("sir_lancelot", 6, false),
                new Game("skiing", 3, true),
                new Game("solaris", 18, true),
                new Game("space_invaders", 6, true),
                new Game("space_war", 18, false),
                new Game("star_gunner", 18, true),
                new Game("superman", 18, false),
                new Game("surround", 5, false),
                new Game("tennis", 18, true),
                new Game("tetris", 5, false),
                new Game("tic_tac_toe_3d", 10, false),
                new Game("time_pilot", 10, true),
                new Game("trondead", 18, false),
                new Game("turmoil", 12, false),
                new Game("tutankham", 8, true),
                new Game("up_n_down", 6, true),
                new Game("venture", 18, true),
                new Game("video_checkers", 5, false),
                new Game("video_chess", 10, false),
                new Game("video_cube", 18, false),
                new Game("video_pinball", 9, true),
                new Game("wizard_of_wor", 10, true),
                new Game("word_zapper", 18, false),
                new Game("yars_revenge", 18, true),
                new Game("zaxxon", 18, true))) {
            BY_ROM_ID.put(game.romId(), game);
        }
    }

    private AtariGames() {
    }

    public static List<Game> all() {
        return List.copyOf(BY_ROM_ID.values());
    }

    public static Optional<Game> byRomId(String romId) {
        return Optional.ofNullable(BY_ROM_ID.get(romId));
    }

    static Map<String, Game> byRomIdMap() {
        return Collections.unmodifiableMap(BY_ROM_ID);
    }
}
