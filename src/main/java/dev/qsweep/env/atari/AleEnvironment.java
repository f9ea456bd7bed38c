package dev.qsweep.env.atari;

import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import dev.qsweep.env.wrappers.ArcadeEmulator;
import dev.qsweep.rng.NumpyGenerator;
import dev.qsweep.rng.SeedSequence;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.ALEState;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * An Atari 2600 game on the Arcade Learning Environment 0.7.3 (JavaCPP preset), with the semantics of ale-py 0.11's
 * {@code AtariEnv}: an agent step repeats the action {@code frameskip} times and sums the rewards; observations are
 * the RGB screen (210×160×3, HWC) or ALE's grayscale screen; an episode is truncated after
 * {@code max_num_frames_per_episode} emulator frames.
 *
 * <p>Seeding follows ale-py: {@code reset(seed)} splits {@code SeedSequence(seed)} into two words, seeds the
 * environment's generator ({@link #npRandom()}) with the first and ALE's {@code random_seed} with the second, and
 * reloads the ROM. One deliberate difference: sticky actions ({@code repeat_action_probability}) and frame skipping
 * run here in Java, drawing from a numpy-compatible generator seeded with ALE's seed word, instead of inside ALE
 * from its internal Mersenne Twister. The process is the same (per frame, keep the previous frame's action with
 * probability p), but the draws differ from ale-py's; with p = 0 (the v4 ids) nothing is drawn. Doing it here makes
 * the whole state — ALE's serialized system state including its RNG, our generators and the last applied action —
 * checkpointable, so a restored environment continues bit-identically (ALE keeps the last sticky action outside
 * its serializable state).
 */
public final class AleEnvironment implements ArcadeEmulator {

    /** ALE's action names by enum value; a game's action set maps indices to these. */
    static final List<String> ACTION_NAMES = List.of("NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT",
            "UPLEFT", "DOWNRIGHT", "DOWNLEFT", "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE",
            "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE");
    private static final int ALE_NOOP = 0;
    // ALE's screen for every supported ROM (NTSC).
    private static final int SCREEN_HEIGHT = 210;
    private static final int SCREEN_WIDTH = 160;
    private static final Space.Box RGB_SPACE = uint8Box(SCREEN_HEIGHT, SCREEN_WIDTH, 3);
    private static final Space.Box GRAYSCALE_SPACE = uint8Box(SCREEN_HEIGHT, SCREEN_WIDTH);

    /** How observations are produced, as ale-py's {@code obs_type}. */
    public enum ObsType { RGB, GRAYSCALE }

    /**
     * The settings of one environment, as ale-py's {@code AtariEnv} kwargs.
     *
     * @param mode       game mode, or -1 for the ROM's default
     * @param difficulty game difficulty, or -1 for the ROM's default
     * @param maxNumFramesPerEpisode frames after which an episode is truncated (0 = never)
     */
    public record Settings(String id, AtariGames.Game game, Path romPath, int frameskip,
                           double repeatActionProbability, boolean fullActionSpace, int mode, int difficulty,
                           ObsType obsType, int maxNumFramesPerEpisode) {
        public Settings {
            if (frameskip < 1) {
                throw new IllegalArgumentException(id + ": frameskip must be >= 1, got " + frameskip);
            }
            if (!(repeatActionProbability >= 0 && repeatActionProbability <= 1)) {
                throw new IllegalArgumentException(id + ": repeat_action_probability must be in [0, 1], got "
                        + repeatActionProbability);
            }
        }
    }

    private final Settings settings;
    private final ALEInterface ale = new ALEInterface();
    private final int[] actionSet;
    private final int height;
    private final int width;
    private final Space.Box observationSpace;
    private final Space.Discrete actionSpace;
    private final byte[] screen;
    // ALE writes screens into these direct buffers; a Java byte[] argument would cost JNI an extra copy each way.
    private final ByteBuffer grayscaleScreen = ByteBuffer.allocateDirect(SCREEN_HEIGHT * SCREEN_WIDTH);
    private final ByteBuffer rgbScreen = ByteBuffer.allocateDirect(SCREEN_HEIGHT * SCREEN_WIDTH * 3);

    private NumpyGenerator npRandom;
    private NumpyGenerator stickyRandom;
    private int lastAleAction = ALE_NOOP;

    public AleEnvironment(Settings settings) {
        this.settings = settings;
        seedGame(SeedSequenceWords.fromEntropy()); // as ale-py's constructor: seed_game() with OS entropy
        loadGame();
        IntPointer actions = settings.fullActionSpace() ? ale.getLegalActionSet() : ale.getMinimalActionSet();
        actionSet = new int[(int) actions.limit()];
        actions.get(actionSet);
        height = SCREEN_HEIGHT;
        width = SCREEN_WIDTH;
        observationSpace = screenSpace(settings.obsType());
        actionSpace = new Space.Discrete(actionSet.length);
        screen = new byte[observationSpace.flatSize()];
    }

    /** The observation space of an obs type; shared, since a 210×160×3 Box holds 1.6 MB of bounds. */
    public static Space.Box screenSpace(ObsType obsType) {
        return obsType == ObsType.RGB ? RGB_SPACE : GRAYSCALE_SPACE;
    }

    private static Space.Box uint8Box(int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] high = new double[size];
        Arrays.fill(high, 255);
        return new Space.Box(new double[size], high, shape, Space.DType.UINT8);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space.Discrete actionSpace() {
        return actionSpace;
    }

    @Override
    public List<String> actionMeanings() {
        List<String> meanings = new ArrayList<>(actionSet.length);
        for (int action : actionSet) {
            meanings.add(ACTION_NAMES.get(action));
        }
        return meanings;
    }

    /** The game modes this ROM offers (ALE's {@code getAvailableModes}). */
    public int[] availableModes() {
        return toArray(ale.getAvailableModes());
    }

    public int[] availableDifficulties() {
        return toArray(ale.getAvailableDifficulties());
    }

    @Override
    public float[] reset(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 (numpy's SeedSequence rejects negative seeds), got "
                    + seed);
        }
        seedGame(SeedSequenceWords.of(seed));
        loadGame();
        return reset();
    }

    @Override
    public float[] reset() {
        ale.reset_game();
        lastAleAction = ALE_NOOP; // ALE's soft reset also forgets the previous action
        return observation();
    }

    @Override
    public StepResult step(int action) {
        FrameStep step = stepWithoutObservation(action);
        return new StepResult(observation(), step.reward(), step.terminated(), step.truncated());
    }

    @Override
    public FrameStep stepWithoutObservation(int action) {
        if (action < 0 || action >= actionSet.length) {
            throw new IllegalArgumentException(id() + ": action " + action + " is outside the action space "
                    + actionSpace + "; use 0.." + (actionSet.length - 1));
        }
        int wanted = actionSet[action];
        double p = settings.repeatActionProbability();
        long reward = 0;
        for (int frame = 0; frame < settings.frameskip(); frame++) {
            if (p == 0 || stickyRandom.random() >= p) {
                lastAleAction = wanted;
            }
            reward += ale.act(lastAleAction);
        }
        boolean terminated = ale.game_over();
        int limit = settings.maxNumFramesPerEpisode();
        boolean truncated = !terminated && limit > 0 && ale.getEpisodeFrameNumber() >= limit;
        return new FrameStep(reward, terminated, truncated);
    }

    @Override
    public int lives() {
        return ale.lives();
    }

    @Override
    public NumpyGenerator npRandom() {
        return npRandom;
    }

    @Override
    public int screenHeight() {
        return height;
    }

    @Override
    public int screenWidth() {
        return width;
    }

    @Override
    public void screenGrayscale(byte[] into) {
        ale.getScreenGrayscale(grayscaleScreen);
        grayscaleScreen.get(0, into, 0, grayscaleScreen.capacity());
    }

    @Override
    public void screenRgb(byte[] into) {
        ale.getScreenRGB(rgbScreen);
        rgbScreen.get(0, into, 0, rgbScreen.capacity());
    }

    /** Frames emulated in this episode ({@code info["episode_frame_number"]}). */
    public int episodeFrameNumber() {
        return ale.getEpisodeFrameNumber();
    }

    private float[] observation() {
        if (settings.obsType() == ObsType.RGB) {
            screenRgb(screen);
        } else {
            screenGrayscale(screen);
        }
        float[] obs = new float[screen.length];
        for (int i = 0; i < screen.length; i++) {
            obs[i] = screen[i] & 0xFF;
        }
        return obs;
    }

    private void seedGame(SeedSequenceWords words) {
        npRandom = new NumpyGenerator(words.npSeed());
        stickyRandom = new NumpyGenerator(words.aleSeed() & 0xFFFFFFFFL);
        ale.setInt("random_seed", words.aleSeed());
    }

    private void loadGame() {
        ale.setFloat("repeat_action_probability", 0f); // sticky actions run in Java, see the class comment
        ale.setInt("frame_skip", 1);
        ale.loadROM(settings.romPath().toString());
        if (settings.mode() >= 0) {
            requireAvailable("mode", settings.mode(), toArray(ale.getAvailableModes()));
            ale.setMode(settings.mode());
        }
        if (settings.difficulty() >= 0) {
            requireAvailable("difficulty", settings.difficulty(), toArray(ale.getAvailableDifficulties()));
            ale.setDifficulty(settings.difficulty());
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeUTF(id());
        npRandom.writeState(out);
        stickyRandom.writeState(out);
        out.writeInt(lastAleAction);
        ALEState state = ale.cloneState(true); // true: with ALE's RNG, which the emulated console also draws from
        BytePointer serialized = state.serialize();
        byte[] bytes = new byte[(int) serialized.limit()];
        serialized.get(bytes);
        serialized.deallocate();
        state.deallocate();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        String savedId = in.readUTF();
        if (!savedId.equals(id())) {
            throw new IOException("state was written by " + savedId + ", cannot restore it into " + id());
        }
        npRandom.readState(in);
        stickyRandom.readState(in);
        lastAleAction = in.readInt();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try (BytePointer serialized = new BytePointer(bytes.length)) {
            serialized.put(bytes);
            ALEState state = new ALEState(serialized);
            ale.restoreState(state);
            state.deallocate();
        }
    }

    /** ALE would throw a bare RuntimeException; this names the valid values and the nearest one instead. */
    private void requireAvailable(String option, int value, int[] available) {
        if (Arrays.stream(available).anyMatch(v -> v == value)) {
            return;
        }
        int nearest = Arrays.stream(available).boxed()
                .min((a, b) -> Integer.compare(Math.abs(a - value), Math.abs(b - value))).orElse(0);
        throw new IllegalArgumentException(id() + ": " + option + "=" + value + " is not offered by this game; valid: "
                + Arrays.stream(available).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + " (nearest: " + nearest + "), or -1 for the game's default");
    }

    private static int[] toArray(IntPointer pointer) {
        int[] values = new int[(int) pointer.limit()];
        pointer.get(values);
        return values;
    }

    /** The two words ale-py's {@code seed_game} draws from {@code SeedSequence(seed).generate_state(2)}. */
    record SeedSequenceWords(long npSeed, int aleSeed) {
        static SeedSequenceWords of(long seed) {
            return from(new SeedSequence(seed));
        }

        static SeedSequenceWords fromEntropy() {
            // numpy's SeedSequence(None) takes 128 bits of OS entropy.
            return from(new SeedSequence(new BigInteger(128, new SecureRandom()), new long[0]));
        }

        private static SeedSequenceWords from(SeedSequence sequence) {
            int[] words = sequence.generateState32(2);
            return new SeedSequenceWords(words[0] & 0xFFFFFFFFL, words[1]); // ale-py: np.int32(ale_seed)
        }
    }
}
