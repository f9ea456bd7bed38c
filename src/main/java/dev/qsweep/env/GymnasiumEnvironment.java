package dev.qsweep.env;

import dev.qsweep.rng.NumpyGenerator;
import dev.qsweep.rng.Pcg64;
import dev.qsweep.rng.SeedSequence;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Base of the Gymnasium ports: owns the environment's generator ({@code Env.np_random}) with Gymnasium's seeding
 * rules, and frames the checkpoint format around the subclass's own state.
 */
public abstract class GymnasiumEnvironment implements Environment {

    private NumpyGenerator npRandom;

    /** Reseeds like {@code Env.reset(seed=seed)}: a fresh {@code Generator(PCG64(SeedSequence(seed)))}. */
    @Override
    public final float[] reset(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 (Gymnasium rejects negative seeds), got " + seed);
        }
        npRandom = new NumpyGenerator(seed);
        return resetEpisode();
    }

    @Override
    public final float[] reset() {
        return resetEpisode();
    }

    /** Draws the initial state of an episode from {@link #npRandom()} and returns the first observation. */
    protected abstract float[] resetEpisode();

    /** The generator; before any seeded reset, one seeded from OS entropy as Gymnasium does. */
    protected final NumpyGenerator npRandom() {
        if (npRandom == null) {
            // numpy's SeedSequence(None) takes 128 bits of OS entropy.
            BigInteger entropy = new BigInteger(128, new SecureRandom());
            npRandom = new NumpyGenerator(new Pcg64(new SeedSequence(entropy, new long[0])));
        }
        return npRandom;
    }

    protected final void requireValidAction(int action) {
        int n = actionSpace().n();
        if (action < 0 || action >= n) {
            throw new IllegalArgumentException(
                    id() + ": action " + action + " is outside the action space Discrete(" + n + "); use 0.." + (n - 1));
        }
    }

    @Override
    public final void writeState(DataOutput out) throws IOException {
        out.writeUTF(id());
        out.writeBoolean(npRandom != null);
        if (npRandom != null) {
            npRandom.writeState(out);
        }
        writeDynamics(out);
    }

    @Override
    public final void readState(DataInput in) throws IOException {
        String savedId = in.readUTF();
        if (!savedId.equals(id())) {
            throw new IOException("state was written by " + savedId + ", cannot restore it into " + id());
        }
        if (in.readBoolean()) {
            NumpyGenerator restored = new NumpyGenerator(0);
            restored.readState(in);
            npRandom = restored;
        } else {
            npRandom = null;
        }
        readDynamics(in);
    }

    /** Writes the episode state (everything except the generator). */
    protected abstract void writeDynamics(DataOutput out) throws IOException;

    protected abstract void readDynamics(DataInput in) throws IOException;

    /** Float32 cast of a float64 state vector, as {@code np.array(state, dtype=np.float32)}. */
    protected static float[] toFloat32(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    protected static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    protected static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
