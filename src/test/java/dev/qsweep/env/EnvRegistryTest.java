package dev.qsweep.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.wrappers.TimeLimit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvRegistryTest {

    @Test
    void listsEveryEnvironmentWithGymnasiumTimeLimits() {
        Map<String, Integer> expected = new java.util.HashMap<>(Map.of("CartPole-v1", 500, "MountainCar-v0", 200,
                "Acrobot-v1", 500, "FrozenLake-v1", 100, "FrozenLake8x8-v1", 200, "Taxi-v4", 200));
        for (String game : List.of("Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders")) {
            expected.put("MinAtar/" + game + "-v0", EnvRegistry.NO_TIME_LIMIT); // MinAtar registers no limit
            expected.put("MinAtar/" + game + "-v1", EnvRegistry.NO_TIME_LIMIT);
        }
        expected.put("qsweep/RandomImages-v0", 1000); // synthetic, for checkpoint tests and benchmarks
        // Atari ids (dev.qsweep.env.atari) have their own tests: AleEnvironmentTest.
        List<EnvDescriptor> all = EnvRegistry.list().stream().filter(d -> !isAtari(d)).toList();
        assertEquals(expected.size(), all.size());
        for (EnvDescriptor d : all) {
            assertEquals(expected.get(d.id()), d.maxEpisodeSteps(), d.id());
            Environment env = EnvRegistry.make(d.id());
            assertTrue(d.maxEpisodeSteps() == EnvRegistry.NO_TIME_LIMIT ? !(env instanceof TimeLimit)
                    : env instanceof TimeLimit limit && limit.maxEpisodeSteps() == d.maxEpisodeSteps(), d.id());
            assertEquals(d.actionSpace(), env.actionSpace());
        }
        assertEquals("Box([4], float32)", EnvRegistry.describe("CartPole-v1").observationSpace().toString());
        assertEquals(new Space.Discrete(500), EnvRegistry.describe("Taxi-v4").observationSpace());
    }

    @Test
    void acceptsTaxiV3AsAnAliasOfV4() {
        Environment env = EnvRegistry.make("Taxi-v3", Map.of("is_rainy", "true"));
        assertEquals("Taxi-v4", env.id());
        assertArrayEquals(EnvRegistry.make("Taxi-v4").reset(5), env.reset(5));
    }

    @Test
    void unknownIdNamesItListsValidIdsAndSuggestsTheNearest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("CartPol-v1", Map.of()));
        assertEquals("unknown environment id 'CartPol-v1' (did you mean 'CartPole-v1'?); valid ids: CartPole-v1, "
                + "MountainCar-v0, Acrobot-v1, FrozenLake-v1, FrozenLake8x8-v1, Taxi-v4, MinAtar/Asterix-v0, "
                + "MinAtar/Asterix-v1, MinAtar/Breakout-v0, MinAtar/Breakout-v1, MinAtar/Freeway-v0, MinAtar/Freeway-v1, "
                + "MinAtar/Seaquest-v0, MinAtar/Seaquest-v1, MinAtar/SpaceInvaders-v0, MinAtar/SpaceInvaders-v1, "
                + "qsweep/RandomImages-v0, "
                + "ALE/<Game>-v5 for 104 games and <Game>NoFrameskip-v4 for 62 of them (Game as in ale-py, e.g. Pong, "
                + "Breakout, SpaceInvaders; see 'env list') (aliases: Taxi-v3)",
                e.getMessage());
    }

    @Test
    void unknownOrInvalidOptionIsExplained() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("FrozenLake-v1", Map.of("is_slipery", "false")));
        assertEquals("FrozenLake-v1 has no option 'is_slipery' (did you mean 'is_slippery'?); valid options: "
                + "map_name, is_slippery, success_rate, max_episode_steps", unknown.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("FrozenLake-v1", Map.of("map_name", "16x16")));
        assertEquals("FrozenLake-v1: option map_name=16x16 is invalid; expected 4x4|8x8", invalid.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("Taxi-v4", Map.of("rainy_probability", "1.5")));
    }

    @Test
    void maxEpisodeStepsOptionTruncates() {
        Environment env = EnvRegistry.make("MountainCar-v0", Map.of("max_episode_steps", "3"));
        env.reset(0);
        assertTrue(!env.step(1).truncated() && !env.step(1).truncated());
        assertTrue(env.step(1).truncated());
    }


    @Test
    void rejectsActionsOutsideTheSpace() {
        Environment env = EnvRegistry.make("CartPole-v1");
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(2));
        assertEquals("CartPole-v1: action 2 is outside the action space Discrete(2); use 0..1", e.getMessage());
    }

    /** A checkpoint taken mid-episode resumes bit-identically, including the TimeLimit count and the generator. */
    @Test
    void checkpointResumesBitIdenticallyThroughTimeLimit() throws IOException {
        for (EnvDescriptor d : EnvRegistry.list().stream().filter(d -> !isAtari(d)).toList()) {
            Map<String, String> options = d.id().equals("Taxi-v4")
                    ? Map.of("is_rainy", "true", "fickle_passenger", "true") : Map.of();
            Environment original = EnvRegistry.make(d.id(), options);
            int actions = d.actionSpace().n();
            original.reset(7);
            for (int t = 0; t < 37; t++) {
                if (original.step(t % actions).done()) {
                    original.reset();
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.writeState(new DataOutputStream(bytes));
            Environment restored = EnvRegistry.make(d.id(), options);
            restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int t = 0; t < 700; t++) {
                int action = (t * 7 + 3) % actions;
                StepResult a = original.step(action);
                StepResult b = restored.step(action);
                assertArrayEquals(a.observation(), b.observation(), d.id() + " step " + t);
                assertEquals(a.reward(), b.reward());
                assertEquals(a.terminated(), b.terminated());
                assertEquals(a.truncated(), b.truncated(), d.id() + " step " + t);
                if (a.done()) {
                    assertArrayEquals(original.reset(), restored.reset());
                }
            }
        }
    }

    @Test
    void readStateRejectsAnotherEnvironmentsCheckpoint() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Environment cartPole = EnvRegistry.make("CartPole-v1");
        cartPole.reset(1);
        cartPole.writeState(new DataOutputStream(bytes));
        Environment acrobot = EnvRegistry.make("Acrobot-v1");
        assertThrows(IOException.class,
                () -> acrobot.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void cartPoleKeepsSteppingAfterTermination() {
        Environment env = EnvRegistry.make("CartPole-v1");
        env.reset(3);
        StepResult last;
        do {
            last = env.step(1);
        } while (!last.terminated());
        assertEquals(1.0, last.reward());
        assertEquals(0.0, env.step(1).reward());
    }

    private static boolean isAtari(EnvDescriptor d) {
        return d.id().startsWith("ALE/") || d.id().endsWith("NoFrameskip-v4");
    }
}
