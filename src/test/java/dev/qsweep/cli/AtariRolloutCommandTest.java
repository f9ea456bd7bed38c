package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.atari.AtariGolden;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code env rollout --obs-format sha256} on an Atari id against ale-py's trace, and its usage errors. */
class AtariRolloutCommandTest {


    @Test
    void sha256LinesEqualAlePys() {
        List<AtariGolden.TraceLine> trace = AtariGolden.trace("pong_atari_preprocessing").subList(0, 120);
        String actions = trace.subList(1, trace.size()).stream().map(l -> Integer.toString(l.action()))
                .collect(Collectors.joining(","));
        Cli.Outcome r = Cli.env("rollout", "PongNoFrameskip-v4", "--seed", "7", "--actions", actions, "--env-opt",
                "preprocess=atari", "--obs-format", "sha256");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals(trace.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertTrue(lines[i].contains("\"obs_sha256\":\"" + trace.get(i).obsSha256() + "\""),
                    "line " + i + ": " + lines[i]);
            assertTrue(!lines[i].contains("\"obs\":"), "sha256 replaces the array");
        }
    }

    @Test
    void badFormatOrDiscreteObservationsExitWithUsage() {
        Cli.Outcome typo = Cli.env("rollout", "ALE/Pong-v5", "--seed", "0", "--actions", "0", "--obs-format", "sha265");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.stderr().contains("use array or sha256") && typo.stderr().contains("Did you mean 'sha256'?"),
                typo.stderr());
        Cli.Outcome discrete = Cli.env("rollout", "FrozenLake-v1", "--seed", "0", "--actions", "0", "--obs-format", "sha256");
        assertEquals(2, discrete.exitCode());
        assertTrue(discrete.stderr().contains("needs image or vector (Box) observations"), discrete.stderr());
        Cli.Outcome missingRom = Cli.env("rollout", "ALE/Pong-v5", "--seed", "0", "--actions", "0", "--env-opt",
                "rom_dir=/nonexistent");
        assertEquals(2, missingRom.exitCode());
        assertTrue(missingRom.stderr().contains("pip install ale-py"), missingRom.stderr());
        assertEquals("", missingRom.stdout());
    }
}
