package dev.qsweep.agent.rainbow;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Standard normal draws from the project's seeded PCG64 stream, by the polar (Marsaglia) method exactly as numpy's
 * legacy {@code RandomState.standard_normal} ({@code legacy_gauss}): two uniforms in (−1, 1) until they fall inside
 * the unit circle, then two normals, the second kept for the next call. So
 * {@code np.random.RandomState(np.random.PCG64(seed)).standard_normal(k)} gives the same numbers from the same seed.
 *
 * <p>Why not {@code np.random.default_rng(seed).standard_normal()}: numpy's Generator uses a ziggurat with three
 * 256-entry constant tables; the polar method needs none and is as good for noise. The logarithm is
 * {@link StrictMath#log}, so a run's draws are the same on every JVM and CPU; glibc's {@code log} may differ from it
 * in the last bit, which the reference test allows (a few ulps).
 *
 * <p>The cached second normal is part of the state ({@link #writeState}).
 */
public final class StandardNormals {
    private final NumpyGenerator uniforms;
    private boolean hasCached;
    private double cached;

    public StandardNormals(NumpyGenerator uniforms) {
        this.uniforms = uniforms;
    }

    public StandardNormals(long seed) {
        this(new NumpyGenerator(seed));
    }

    public double next() {
        if (hasCached) {
            hasCached = false;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * uniforms.random() - 1.0;
            x2 = 2.0 * uniforms.random() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * StrictMath.log(r2) / r2);
        cached = f * x1;
        hasCached = true;
        return f * x2;
    }

    public void writeState(DataOutput out) throws IOException {
        uniforms.writeState(out);
        out.writeBoolean(hasCached);
        out.writeDouble(cached);
    }

    public void readState(DataInput in) throws IOException {
        uniforms.readState(in);
        hasCached = in.readBoolean();
        cached = in.readDouble();
    }
}
