package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.atari.AleEnvironment;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoopResetTest {

    @Test
    void takesAsManyNoopsAsTheEnvironmentsGeneratorDraws() {
        Set<Long> counts = new HashSet<>();
        for (long seed = 0; seed < 6; seed++) {
            // The count SB3 draws: env.unwrapped.np_random.integers(1, noop_max + 1) right after reset(seed).
            ArcadeEmulator reference = AtariWrapperFixtures.emulator("SeaquestNoFrameskip-v4");
            reference.reset(seed);
            long count = reference.npRandom().integers(1, 31);
            counts.add(count);
            ArcadeEmulator raw = AtariWrapperFixtures.emulator("SeaquestNoFrameskip-v4");
            float[] expected = raw.reset(seed);
            for (long i = 0; i < count; i++) {
                expected = raw.step(0).observation();
            }
            NoopReset wrapped = new NoopReset(AtariWrapperFixtures.emulator("SeaquestNoFrameskip-v4"), 30);
            assertArrayEquals(expected, wrapped.reset(seed), "seed " + seed + ", " + count + " no-ops");
            assertEquals(((AleEnvironment) raw).episodeFrameNumber(),
                    ((AleEnvironment) ArcadeEmulator.find(wrapped, "test")).episodeFrameNumber(), "seed " + seed);
        }
        assertTrue(counts.size() > 1, "different seeds should draw different counts: " + counts);
    }

    @Test
    void refusesEnvironmentsWithoutAnEmulator() {
        assertThrows(IllegalArgumentException.class, () -> new NoopReset(EnvRegistry.make("CartPole-v1", Map.of()), 30));
    }
}
