package dev.qsweep.env.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import dev.qsweep.env.wrappers.TimeLimit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MinAtarEnvironmentTest {

    /** Channels and minimal action sets as minatar 1.0.15 defines them (state_shape, minimal_action_set). */
    @Test
    void registersV0WithAllActionsAndV1WithTheMinimalSet() {
        Map<String, int[]> minimal = Map.of("Asterix", new int[] {0, 1, 2, 3, 4}, "Breakout", new int[] {0, 1, 3},
                "Freeway", new int[] {0, 2, 4}, "Seaquest", new int[] {0, 1, 2, 3, 4, 5},
                "SpaceInvaders", new int[] {0, 1, 3, 5});
        Map<String, Integer> channels = Map.of("Asterix", 4, "Breakout", 4, "Freeway", 7, "Seaquest", 10,
                "SpaceInvaders", 6);
        for (Game game : Game.values()) {
            for (boolean v1 : new boolean[] {false, true}) {
                String id = "MinAtar/" + game.title() + (v1 ? "-v1" : "-v0");
                EnvDescriptor d = EnvRegistry.describe(id);
                int[] actions = v1 ? minimal.get(game.title()) : new int[] {0, 1, 2, 3, 4, 5};
                assertEquals(new Space.Discrete(actions.length), d.actionSpace(), id);
                assertEquals("Box([10, 10, " + channels.get(game.title()) + "], uint8)",
                        d.observationSpace().toString(), id);
                assertEquals(EnvRegistry.NO_TIME_LIMIT, d.maxEpisodeSteps(), id);
                assertEquals(List.of("sticky_action_prob", "difficulty_ramping", EnvRegistry.MAX_EPISODE_STEPS),
                        d.options().stream().map(o -> o.name()).toList());
                Environment env = EnvRegistry.make(id);
                assertArrayEquals(actions, ((MinAtarEnvironment) env).actionSet(), id);
                assertEquals(0.1, ((MinAtarEnvironment) env).stickyActionProbability());
                assertTrue(((MinAtarEnvironment) env).difficultyRamping());
            }
        }
    }

    @Test
    void maxEpisodeStepsOptionAddsATimeLimit() {
        Environment env = EnvRegistry.make("MinAtar/Freeway-v1", Map.of("max_episode_steps", "2"));
        assertTrue(env instanceof TimeLimit);
        env.reset(0);
        assertFalse(env.step(0).truncated());
        assertTrue(env.step(0).truncated());
    }

    @Test
    void seedsOutsideNumpysRangeAreRejectedWithTheRangeAndASuggestion() {
        Environment env = EnvRegistry.make("MinAtar/Breakout-v1");
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class, () -> env.reset(1L << 32));
        assertEquals("MinAtar/Breakout-v1: reset seed 4294967296 is outside [0, 2^32 - 1] = [0, 4294967295]: MinAtar "
                + "seeds numpy's legacy RandomState, which takes 32-bit seeds only; use a seed in that range, e.g. 0",
                tooLarge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.reset(-1));
        assertEquals(400, env.reset(4294967295L).length);
    }

    @Test
    void badOptionsAndActionsAreExplained() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("MinAtar/Seaquest-v0", Map.of("sticky_action_probability", "0")));
        assertTrue(unknown.getMessage().contains("(did you mean 'sticky_action_prob'?)"), unknown.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("MinAtar/Seaquest-v0", Map.of("sticky_action_prob", "1.5")));
        assertEquals("MinAtar/Seaquest-v0: option sticky_action_prob=1.5 is invalid; expected number in [0, 1]",
                outOfRange.getMessage());
        IllegalArgumentException unknownId = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("MinAtar/SpaceInvader-v1"));
        assertTrue(unknownId.getMessage().contains("(did you mean 'MinAtar/SpaceInvaders-v1'?)"),
                unknownId.getMessage());
        Environment env = EnvRegistry.make("MinAtar/Breakout-v1");
        assertThrows(IllegalStateException.class, () -> env.step(0), "step before reset");
        env.reset(0);
        IllegalArgumentException action = assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertEquals("MinAtar/Breakout-v1: action 3 is outside the action space Discrete(3); use 0..2",
                action.getMessage());
    }

    /** Sticky probability 1 replays the first played action forever: no-op, which starts MinAtar's last_action. */
    @Test
    void stickyProbabilityOneAlwaysRepeatsTheInitialNoop() {
        MinAtarEnvironment env = (MinAtarEnvironment) EnvRegistry.make("MinAtar/Breakout-v0",
                Map.of("sticky_action_prob", "1"));
        env.reset(5);
        for (int i = 0; i < 5; i++) {
            env.step(3);
            assertEquals(0, env.lastPlayedAction());
        }
    }

    @Test
    void sameSeedSameEpisodeAndAfterTheEndNothingMoves() {
        Environment a = EnvRegistry.make("MinAtar/Asterix-v1");
        Environment b = EnvRegistry.make("MinAtar/Asterix-v1");
        assertArrayEquals(a.reset(11), b.reset(11));
        StepResult last = null;
        for (int t = 0; t < 5000 && (last == null || !last.terminated()); t++) {
            last = a.step(t % 5);
            assertArrayEquals(last.observation(), b.step(t % 5).observation());
        }
        assertTrue(last.terminated(), "Asterix with a fixed action cycle ends");
        StepResult after = a.step(1);
        assertTrue(after.terminated());
        assertEquals(0.0, after.reward());
        assertArrayEquals(last.observation(), after.observation());
    }

    /**
     * A checkpoint written mid-episode restores into a fresh environment that continues identically, through
     * episode ends and seed-less resets, for every game and both option variants.
     */
    @ParameterizedTest
    @EnumSource(Game.class)
    void checkpointContinuesBitIdentically(Game game) throws IOException {
        for (Map<String, String> options : List.of(Map.<String, String>of(),
                Map.of("sticky_action_prob", "0", "difficulty_ramping", "false"))) {
            String id = game.id(false);
            Environment original = EnvRegistry.make(id, options);
            SplittableRandom actions = new SplittableRandom(game.ordinal());
            original.reset(3);
            for (int t = 0; t < 300; t++) {
                if (original.step(actions.nextInt(6)).terminated()) {
                    original.reset();
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.writeState(new DataOutputStream(bytes));
            Environment restored = EnvRegistry.make(id, options);
            restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            List<String> expected = continueFor(original, new SplittableRandom(99));
            List<String> actual = continueFor(restored, new SplittableRandom(99));
            assertEquals(expected, actual, id + " " + options);
            assertTrue(expected.stream().anyMatch(s -> s.startsWith("reset")), id + ": continuation crosses a reset");
        }
    }

    /** 3000 steps with resets after each end, as text (observation, reward, flag) for a readable diff. */
    private static List<String> continueFor(Environment env, SplittableRandom actions) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < 3000; t++) {
            StepResult r = env.step(actions.nextInt(6));
            out.add(Arrays.toString(r.observation()) + " " + r.reward() + " " + r.terminated());
            if (r.terminated()) {
                out.add("reset " + Arrays.toString(env.reset()));
            }
        }
        return out;
    }

    @Test
    void checkpointOfOtherOptionsIsRefused() throws IOException {
        Environment source = EnvRegistry.make("MinAtar/Seaquest-v1");
        source.reset(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        source.writeState(new DataOutputStream(bytes));
        Environment other = EnvRegistry.make("MinAtar/Seaquest-v1", Map.of("sticky_action_prob", "0"));
        IOException e = assertThrows(IOException.class,
                () -> other.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(e.getMessage().contains("make the environment with the same id and options"), e.getMessage());
    }

    @Test
    void numpyRollMovesRowsAndColumnsWithWraparound() {
        boolean[][] map = new boolean[10][10];
        map[9][0] = true;
        map[0][9] = true;
        boolean[][] down = SpaceInvaders.rollRows(map, 1);
        assertTrue(down[0][0] && down[1][9]);
        assertEquals(2, Grid.count(down));
        boolean[][] left = SpaceInvaders.rollColumns(map, -1);
        assertTrue(left[9][9] && left[0][8]);
        assertEquals(2, Grid.count(left));
    }

    @Test
    void pythonListRemoveDropsTheFirstEqualElement() {
        int[] first = {1, 2, 1};
        int[] second = {1, 2, 1};
        List<int[]> list = new ArrayList<>(List.of(first, new int[] {5, 5, 0}, second));
        Grid.removeFirstEqual(list, second);
        assertEquals(2, list.size());
        assertTrue(list.get(1) == second, "the equal element that came first went, not the one passed");
    }
}
