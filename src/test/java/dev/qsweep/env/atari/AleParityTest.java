package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import dev.qsweep.env.wrappers.ArcadeEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our ALE 0.7.3 rollouts against ale-py 0.11.2 + Gymnasium 1.4 (traces made by scripts/atari_golden_frames.py):
 * every observation's SHA-256, reward, flag and life count must agree. Deterministic settings only (no sticky
 * actions): our sticky-action draws come from a different generator by design (see AleEnvironment).
 */
class AleParityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "pong_noframeskip; PongNoFrameskip-v4; ; 0",
            "breakout_v5_nosticky; ALE/Breakout-v5; repeat_action_probability=0; 3",
            "pong_atari_preprocessing; PongNoFrameskip-v4; preprocess=atari; 7",
            "breakout_atari_preprocessing; BreakoutNoFrameskip-v4; preprocess=atari; 11"})
    void rolloutEqualsAlePy(String trace, String id, String option, long seed) {
        Map<String, String> options = option == null ? Map.of() : Map.of(option.split("=")[0], option.split("=")[1]);
        Environment env = EnvRegistry.make(id, options);
        ArcadeEmulator emulator = ArcadeEmulator.find(env, "test");
        List<AtariGolden.TraceLine> lines = AtariGolden.trace(trace);
        AtariGolden.TraceLine reset = lines.get(0);
        assertEquals(reset.obsSha256(), AtariGolden.sha256OfUint8(env.reset(seed)), "reset observation");
        assertEquals(reset.lives(), emulator.lives(), "lives after reset");
        double totalReward = 0;
        for (AtariGolden.TraceLine expected : lines.subList(1, lines.size())) {
            StepResult step = env.step(expected.action());
            String where = trace + " step " + expected.t();
            assertEquals(expected.obsSha256(), AtariGolden.sha256OfUint8(step.observation()), where);
            assertEquals(expected.reward(), step.reward(), where);
            assertEquals(expected.terminated(), step.terminated(), where);
            assertEquals(expected.truncated(), step.truncated(), where);
            assertEquals(expected.lives(), emulator.lives(), where);
            totalReward += Math.abs(step.reward());
        }
        assertTrue(lines.size() > 100, "trace too short to mean much: " + lines.size());
        if (trace.startsWith("pong")) {
            assertTrue(totalReward > 0, "a Pong trace should score points, so rewards are compared too");
        }
    }
}
