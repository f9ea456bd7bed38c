package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvDescriptor;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import dev.qsweep.env.wrappers.ArcadeEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ids, options, seeding and checkpoints of the ALE environments, on real ROMs. */
class AleEnvironmentTest {

    @Test
    void registersAlePyIdsWithTheirDefaults() {
        for (String game : List.of("Pong", "Breakout", "SpaceInvaders", "Seaquest", "BeamRider", "Qbert", "Enduro",
                "Asterix", "Freeway", "MsPacman")) {
            EnvDescriptor v5 = EnvRegistry.describe("ALE/" + game + "-v5");
            EnvDescriptor v4 = EnvRegistry.describe(game + "NoFrameskip-v4");
            assertEquals("4", option(v5, "frameskip"), game);
            assertEquals("0.25", option(v5, "repeat_action_probability"), game);
            assertEquals("1", option(v4, "frameskip"), game);
            assertEquals("0.0", option(v4, "repeat_action_probability"), game);
            assertEquals("108000", option(v5, "max_num_frames_per_episode"), game);
            assertEquals("Box([210, 160, 3], uint8)", v5.observationSpace().toString());
        }
        assertEquals(new Space.Discrete(6), EnvRegistry.describe("ALE/Pong-v5").actionSpace());
        assertEquals(new Space.Discrete(4), EnvRegistry.describe("BreakoutNoFrameskip-v4").actionSpace());
    }

    private static String option(EnvDescriptor d, String name) {
        return d.options().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().defaultValue();
    }

    @Test
    void unknownGameSuggestsTheNearestId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pongg-v5"));
        assertTrue(e.getMessage().contains("did you mean 'ALE/Pong-v5'"), e.getMessage());
        assertTrue(e.getMessage().contains("ALE/<Game>-v5 for 104 games"), e.getMessage());
        IllegalArgumentException v4 = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("SpaceInvaderNoFrameskip-v4"));
        assertTrue(v4.getMessage().contains("did you mean 'SpaceInvadersNoFrameskip-v4'"), v4.getMessage());
    }

    @Test
    void badOptionsAreRejectedWithTheValidChoice() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("frame_skip", "2")));
        assertTrue(typo.getMessage().contains("did you mean 'frameskip'"), typo.getMessage());
        IllegalArgumentException ram = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("obs_type", "ram")));
        assertTrue(ram.getMessage().contains("rgb|grayscale"), ram.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("mode", "2")));
        assertTrue(mode.getMessage().contains("valid: 0, 1") && mode.getMessage().contains("nearest: 1"),
                mode.getMessage());
        IllegalArgumentException sticky = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("repeat_action_probability", "1.5")));
        assertTrue(sticky.getMessage().contains("[0, 1]"), sticky.getMessage());
    }

    @Test
    void missingRomInRomDirSaysWhereItLookedAndHowToFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("rom_dir", "/nonexistent/roms")));
        assertTrue(e.getMessage().contains("/nonexistent/roms/pong.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("pip install ale-py"), e.getMessage());
    }

    @Test
    void optionsChangeSpacesAndDynamics() {
        Environment gray = EnvRegistry.make("ALE/Pong-v5", Map.of("obs_type", "grayscale"));
        assertEquals("Box([210, 160], uint8)", gray.observationSpace().toString());
        assertEquals(210 * 160, gray.reset(0).length);
        Environment full = EnvRegistry.make("PongNoFrameskip-v4", Map.of("full_action_space", "true"));
        assertEquals(new Space.Discrete(18), full.actionSpace());
        assertEquals("UPLEFTFIRE", ArcadeEmulator.find(full, "test").actionMeanings().get(15));
        // frameskip=4 on the v4 id makes one step cover the frames of four v4 steps with the same action.
        Environment skip4 = EnvRegistry.make("PongNoFrameskip-v4", Map.of("frameskip", "4"));
        Environment skip1 = EnvRegistry.make("PongNoFrameskip-v4");
        skip4.reset(5);
        skip1.reset(5);
        for (int t = 0; t < 50; t++) {
            int action = t % 6;
            StepResult four = skip4.step(action);
            StepResult one = null;
            for (int f = 0; f < 4; f++) {
                one = skip1.step(action);
            }
            assertArrayEquals(one.observation(), four.observation(), "step " + t);
        }
        assertEquals(200, ((AleEnvironment) ArcadeEmulator.find(skip4, "t")).episodeFrameNumber());
    }

    @Test
    void truncatesAfterMaxNumFramesPerEpisode() {
        Environment env = EnvRegistry.make("ALE/Pong-v5", Map.of("max_num_frames_per_episode", "40"));
        env.reset(1);
        List<Boolean> truncated = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            StepResult step = env.step(0);
            truncated.add(step.truncated());
            if (step.done()) {
                break;
            }
        }
        assertEquals(List.of(false, false, false, false, false, false, false, false, false, true), truncated);
    }

    @Test
    void sameSeedSameFramesAndStickyActionsDependOnTheSeed() {
        int[] actions = new SplittableRandom(3).ints(300, 0, 6).toArray();
        List<float[]> first = rollout("ALE/Pong-v5", 11, actions);
        List<float[]> again = rollout("ALE/Pong-v5", 11, actions);
        List<float[]> other = rollout("ALE/Pong-v5", 12, actions);
        for (int t = 0; t < first.size(); t++) {
            assertArrayEquals(first.get(t), again.get(t), "seed 11, step " + t);
        }
        boolean differs = false;
        for (int t = 0; t < first.size() && !differs; t++) {
            differs = !java.util.Arrays.equals(first.get(t), other.get(t));
        }
        assertTrue(differs, "sticky actions with another seed should change some frame within 300 steps");
    }

    private static List<float[]> rollout(String id, long seed, int[] actions) {
        Environment env = EnvRegistry.make(id);
        List<float[]> frames = new ArrayList<>();
        frames.add(env.reset(seed));
        for (int action : actions) {
            StepResult step = env.step(action);
            frames.add(step.observation());
            if (step.done()) {
                frames.add(env.reset());
            }
        }
        return frames;
    }

    /** A checkpoint taken mid-episode continues bit-identically in a fresh environment, wrappers included. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
            "ALE/Breakout-v5; ",
            "ALE/Seaquest-v5; preprocess=none",
            "PongNoFrameskip-v4; preprocess=atari",
            "BreakoutNoFrameskip-v4; preprocess=sb3",
            "SpaceInvadersNoFrameskip-v4; preprocess=noop_reset:10,max_and_skip:3,gray_resize:84,frame_stack:2"})
    void checkpointContinuesBitIdentically(String id, String option) throws IOException {
        Map<String, String> options = option == null ? Map.of() : Map.of(option.split("=")[0], option.split("=")[1]);
        Environment original = EnvRegistry.make(id, options);
        SplittableRandom random = new SplittableRandom(7);
        int n = original.actionSpace().n();
        original.reset(21);
        for (int t = 0; t < 150; t++) {
            if (original.step(random.nextInt(n)).done()) {
                original.reset();
            }
        }
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(saved));
        Environment restored = EnvRegistry.make(id, options);
        restored.reset(999); // a different state, which readState must replace entirely
        restored.readState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        int differentFrames = 0;
        float[] previous = null;
        for (int t = 0; t < 300; t++) {
            int action = random.nextInt(n);
            StepResult a = original.step(action);
            StepResult b = restored.step(action);
            assertArrayEquals(a.observation(), b.observation(), id + " step " + t);
            assertEquals(a.reward(), b.reward(), id + " step " + t);
            assertEquals(a.terminated(), b.terminated(), id + " step " + t);
            assertEquals(a.truncated(), b.truncated(), id + " step " + t);
            if (previous != null && !java.util.Arrays.equals(previous, a.observation())) {
                differentFrames++;
            }
            previous = a.observation();
            if (a.done()) {
                assertArrayEquals(original.reset(), restored.reset(), id + " reset after step " + t);
            }
        }
        assertTrue(differentFrames > 50, "the game should move, else equal frames prove little: " + differentFrames);
    }

    @Test
    void restoringAnotherIdsStateFails() throws IOException {
        Environment pong = EnvRegistry.make("ALE/Pong-v5");
        pong.reset(0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        pong.writeState(new DataOutputStream(saved));
        Environment breakout = EnvRegistry.make("ALE/Breakout-v5");
        IOException e = assertThrows(IOException.class,
                () -> breakout.readState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray()))));
        assertTrue(e.getMessage().contains("ALE/Pong-v5"), e.getMessage());
    }

    @Test
    void seedWordsFollowAlePy() {
        // ale-py: SeedSequence(0).generate_state(2) == [2968811710, 3677149159]; ALE gets np.int32 of the second.
        AleEnvironment.SeedSequenceWords words = AleEnvironment.SeedSequenceWords.of(0);
        assertEquals(2968811710L, words.npSeed());
        assertEquals((int) 3677149159L, words.aleSeed());
        assertNotEquals(words, AleEnvironment.SeedSequenceWords.of(1));
        assertFalse(words.npSeed() < 0);
    }
}
