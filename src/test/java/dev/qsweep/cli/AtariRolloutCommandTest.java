package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.atari.AtariGolden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code env rollout --obs-format sha256} on an Atari id against ale-py's trace, and its usage errors. */
class AtariRolloutCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new EnvCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void sha256LinesEqualAlePys() {
        List<AtariGolden.TraceLine> trace = AtariGolden.trace("pong_atari_preprocessing").subList(0, 120);
        String actions = trace.subList(1, trace.size()).stream().map(l -> Integer.toString(l.action()))
                .collect(Collectors.joining(","));
        Run r = run("rollout", "PongNoFrameskip-v4", "--seed", "7", "--actions", actions, "--env-opt",
                "preprocess=atari", "--obs-format", "sha256");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(trace.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertTrue(lines[i].contains("\"obs_sha256\":\"" + trace.get(i).obsSha256() + "\""),
                    "line " + i + ": " + lines[i]);
            assertTrue(!lines[i].contains("\"obs\":"), "sha256 replaces the array");
        }
    }

    @Test
    void badFormatOrDiscreteObservationsExitWithUsage() {
        Run typo = run("rollout", "ALE/Pong-v5", "--seed", "0", "--actions", "0", "--obs-format", "sha265");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("use array or sha256") && typo.err().contains("Did you mean 'sha256'?"),
                typo.err());
        Run discrete = run("rollout", "FrozenLake-v1", "--seed", "0", "--actions", "0", "--obs-format", "sha256");
        assertEquals(2, discrete.exitCode());
        assertTrue(discrete.err().contains("needs image or vector (Box) observations"), discrete.err());
        Run missingRom = run("rollout", "ALE/Pong-v5", "--seed", "0", "--actions", "0", "--env-opt",
                "rom_dir=/nonexistent");
        assertEquals(2, missingRom.exitCode());
        assertTrue(missingRom.err().contains("pip install ale-py"), missingRom.err());
        assertEquals("", missingRom.out());
    }
}
