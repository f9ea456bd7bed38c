package dev.qsweep.env.wrappers;

import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Gymnasium's {@code AtariPreprocessing} (grayscale, unscaled), step for step: no-op reset (1..{@code noopMax}
 * no-ops drawn from the environment's generator), {@code frameSkip} frames per step with the maximum of ALE's
 * grayscale screens of the last two frames, optional terminal on life loss, and an INTER_AREA resize to
 * {@code screenSize}². It reads screens from the emulator directly (no per-frame observation), as Gymnasium does
 * with {@code ale.getScreenGrayscale}; quirks kept: on an early episode end the frame buffers are not refreshed,
 * and after a reset the second buffer is zero.
 */
public final class AtariPreprocessing extends EnvWrapper {

    private final ArcadeEmulator emulator;
    private final int noopMax;
    private final int frameSkip;
    private final int screenSize;
    private final boolean terminalOnLifeLoss;
    private final OpenCvImages.AreaResize resize;
    private final Space.Box observationSpace;
    private final byte[][] buffers; // [0]: last frame (pooled in place), [1]: the frame before
    private final byte[] small;
    private int lives;
    private boolean gameOver;

    public AtariPreprocessing(ArcadeEmulator emulator, int noopMax, int frameSkip, int screenSize,
                              boolean terminalOnLifeLoss) {
        super(emulator);
        if (noopMax < 0 || frameSkip < 1 || screenSize < 1) {
            throw new IllegalArgumentException("atari_preprocessing needs noop_max >= 0, frame_skip >= 1 and"
                    + " screen_size >= 1, got " + noopMax + ", " + frameSkip + ", " + screenSize);
        }
        if (noopMax > 0 && !emulator.actionMeanings().get(0).equals("NOOP")) {
            throw new IllegalArgumentException("atari_preprocessing with no-ops needs action 0 to be NOOP; "
                    + emulator.id() + " has " + emulator.actionMeanings().get(0));
        }
        this.emulator = emulator;
        this.noopMax = noopMax;
        this.frameSkip = frameSkip;
        this.screenSize = screenSize;
        this.terminalOnLifeLoss = terminalOnLifeLoss;
        int height = emulator.screenHeight();
        int width = emulator.screenWidth();
        this.resize = new OpenCvImages.AreaResize(height, width, screenSize, screenSize);
        this.buffers = new byte[2][height * width];
        this.small = new byte[screenSize * screenSize];
        this.observationSpace = uint8Box(screenSize, screenSize);
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    /** Whether the last step ended the game (or, with terminal on life loss, a life). */
    public boolean gameOver() {
        return gameOver;
    }

    @Override
    public StepResult step(int action) {
        double totalReward = 0;
        boolean terminated = false;
        boolean truncated = false;
        for (int t = 0; t < frameSkip; t++) {
            ArcadeEmulator.FrameStep step = emulator.stepWithoutObservation(action);
            totalReward += step.reward();
            terminated = step.terminated();
            truncated = step.truncated();
            gameOver = terminated;
            if (terminalOnLifeLoss) {
                int newLives = emulator.lives();
                terminated = terminated || newLives < lives;
                gameOver = terminated;
                lives = newLives;
            }
            if (terminated || truncated) {
                break;
            }
            if (t == frameSkip - 2) {
                emulator.screenGrayscale(buffers[1]);
            } else if (t == frameSkip - 1) {
                emulator.screenGrayscale(buffers[0]);
            }
        }
        return new StepResult(observation(), totalReward, terminated, truncated);
    }

    @Override
    public float[] reset(long seed) {
        emulator.reset(seed);
        return afterReset(seed);
    }

    @Override
    public float[] reset() {
        emulator.reset();
        return afterReset(-1);
    }

    private float[] afterReset(long seed) {
        long noops = noopMax > 0 ? emulator.npRandom().integers(1, noopMax + 1L) : 0;
        for (long i = 0; i < noops; i++) {
            ArcadeEmulator.FrameStep step = emulator.stepWithoutObservation(0);
            if (step.terminated() || step.truncated()) {
                if (seed >= 0) {
                    emulator.reset(seed);
                } else {
                    emulator.reset();
                }
            }
        }
        lives = emulator.lives();
        emulator.screenGrayscale(buffers[0]);
        Arrays.fill(buffers[1], (byte) 0);
        return observation();
    }

    private float[] observation() {
        if (frameSkip > 1) {
            byte[] last = buffers[0];
            byte[] before = buffers[1];
            for (int i = 0; i < last.length; i++) {
                if ((before[i] & 0xFF) > (last[i] & 0xFF)) {
                    last[i] = before[i]; // in place, as np.maximum(..., out=obs_buffer[0])
                }
            }
        }
        resize.apply(buffers[0], small);
        float[] out = new float[small.length];
        for (int i = 0; i < small.length; i++) {
            out[i] = small[i] & 0xFF;
        }
        return out;
    }

    @Override
    protected void writeOwnState(DataOutput out) throws IOException {
        out.writeInt(lives);
        out.writeBoolean(gameOver);
        writeBytes(out, buffers[0]);
        writeBytes(out, buffers[1]);
    }

    @Override
    protected void readOwnState(DataInput in) throws IOException {
        lives = in.readInt();
        gameOver = in.readBoolean();
        readBytesInto(in, buffers[0]);
        readBytesInto(in, buffers[1]);
    }
}
