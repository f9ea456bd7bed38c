package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.rng.NumpyGenerator;
import java.util.List;

/**
 * What Atari wrappers need from the emulator beneath them, as Gymnasium's and SB3's wrappers reach into
 * {@code env.unwrapped} ({@code ale.lives()}, {@code np_random}, {@code get_action_meanings()}, raw screens).
 * Implemented by the ALE environment; kept here so the wrappers do not depend on ALE itself.
 */
public interface ArcadeEmulator extends Environment {

    /** Lives left, as {@code ale.lives()}. */
    int lives();

    /** The environment's generator ({@code env.unwrapped.np_random}), which no-op resets draw from. */
    NumpyGenerator npRandom();

    /** Meaning of each action index, e.g. {@code NOOP}, {@code FIRE}. */
    List<String> actionMeanings();

    int screenHeight();

    int screenWidth();

    /** ALE's own grayscale screen, {@code height × width} bytes. */
    void screenGrayscale(byte[] into);

    /** The RGB screen, {@code height × width × 3} bytes (HWC). */
    void screenRgb(byte[] into);

    /** {@link #step} without building the observation, for wrappers that read screens themselves. */
    FrameStep stepWithoutObservation(int action);

    /** Result of {@link #stepWithoutObservation}. */
    record FrameStep(double reward, boolean terminated, boolean truncated) {
    }

    /** The innermost {@link ArcadeEmulator} under {@code env}, looking through wrappers. */
    static ArcadeEmulator find(Environment env, String wrapperName) {
        Environment current = env;
        while (true) {
            if (current instanceof ArcadeEmulator emulator) {
                return emulator;
            } else if (current instanceof EnvWrapper wrapper) {
                current = wrapper.inner();
            } else if (current instanceof TimeLimit limit) {
                current = limit.unwrapped();
            } else {
                throw new IllegalArgumentException(wrapperName + " needs an Atari (ALE) environment beneath it, got "
                        + env.id() + "; use it only with ALE/<Game>-v5 or <Game>NoFrameskip-v4 ids");
            }
        }
    }
}
