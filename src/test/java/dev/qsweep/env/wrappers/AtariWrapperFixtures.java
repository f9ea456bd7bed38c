package dev.qsweep.env.wrappers;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import java.util.Map;

/** Real ALE environments for the wrapper tests: an unwrapped one and a twin to compare against. */
final class AtariWrapperFixtures {

    private AtariWrapperFixtures() {
    }

    /** The bare emulator of {@code id} (deterministic ids: no sticky actions). */
    static ArcadeEmulator emulator(String id) {
        return ArcadeEmulator.find(EnvRegistry.make(id, Map.of()), "test");
    }

    static Environment withOptions(String id, Map<String, String> options) {
        return EnvRegistry.make(id, options);
    }
}
