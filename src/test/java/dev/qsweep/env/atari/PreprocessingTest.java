package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.wrappers.TimeLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preprocess spec: parsing, named chains, errors and the spaces the chains give. */
class PreprocessingTest {

    @Test
    void parsesElementsWithDefaultsAndArguments() {
        assertEquals("[noop_reset:30, max_and_skip:2, episodic_life, clip_reward, gray_resize:84, frame_stack:4]",
                Preprocessing.parse(" noop_reset, max_and_skip:2,episodic_life , clip_reward,gray_resize,frame_stack")
                        .toString());
        assertEquals("[atari_preprocessing:4, frame_stack:4]", Preprocessing.parse("atari").toString());
        assertEquals(List.of(), Preprocessing.parse("none"));
        assertEquals(List.of(), Preprocessing.parse(""));
    }

    @Test
    void errorsNameTheProblemAndTheFix() {
        assertMessage("max_and_skp:4", "did you mean 'max_and_skip'?");
        assertMessage("frame_stack:four", "needs an integer (frames stacked), e.g. frame_stack:4");
        assertMessage("frame_stack:0", "must be in [1, 1000]");
        assertMessage("clip_reward:1", "takes no argument; write 'clip_reward'");
        assertMessage("clip_reward,atari_preprocessing", "atari_preprocessing must be the first element");
        assertMessage("atar", "did you mean 'atari'?");
    }

    private static void assertMessage(String spec, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void chainsGiveStackedGrayFrames() {
        for (String chain : List.of("atari", "sb3", "noop_reset,max_and_skip,gray_resize:84,frame_stack:4")) {
            Environment env = EnvRegistry.make("BreakoutNoFrameskip-v4", Map.of("preprocess", chain));
            assertEquals("Box([4, 84, 84], uint8)", env.observationSpace().toString(), chain);
            float[] obs = env.reset(3);
            assertEquals(4 * 84 * 84, obs.length, chain);
            assertEquals(4 * 84 * 84, env.step(1).observation().length, chain);
            assertTrue(env instanceof TimeLimit, chain);
        }
    }

    @Test
    void frameSkippingTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("ALE/Pong-v5", Map.of("preprocess", "atari")));
        assertTrue(e.getMessage().contains("already skips 4 frames") && e.getMessage().contains("frameskip=1"),
                e.getMessage());
        // With frameskip=1 the v5 id is fine (sticky actions stay on).
        Environment env = EnvRegistry.make("ALE/Pong-v5", Map.of("preprocess", "atari", "frameskip", "1"));
        assertEquals(4 * 84 * 84, env.reset(0).length);
    }

    @Test
    void fireResetOnAGameWithoutFireIsRefusedButSb3SkipsIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.make("FreewayNoFrameskip-v4", Map.of("preprocess", "fire_reset")));
        assertTrue(e.getMessage().contains("needs action 1 to be FIRE"), e.getMessage());
        Environment env = EnvRegistry.make("FreewayNoFrameskip-v4", Map.of("preprocess", "sb3"));
        assertEquals(4 * 84 * 84, env.reset(0).length);
    }
}
