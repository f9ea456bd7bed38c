package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Base of the wrappers: forwards everything to the inner environment; subclasses override what they change. */
public abstract class EnvWrapper implements Environment {

    private final Environment inner;

    protected EnvWrapper(Environment inner) {
        this.inner = inner;
    }

    public final Environment inner() {
        return inner;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public long maxSeed() {
        return inner.maxSeed();
    }

    @Override
    public Space observationSpace() {
        return inner.observationSpace();
    }

    @Override
    public Space.Discrete actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public float[] reset(long seed) {
        return inner.reset(seed);
    }

    @Override
    public float[] reset() {
        return inner.reset();
    }

    @Override
    public StepResult step(int action) {
        return inner.step(action);
    }

    /** Writes this wrapper's own state, then the inner environment's. */
    @Override
    public final void writeState(DataOutput out) throws IOException {
        writeOwnState(out);
        inner.writeState(out);
    }

    @Override
    public final void readState(DataInput in) throws IOException {
        readOwnState(in);
        inner.readState(in);
    }

    /** This wrapper's counters and buffers; nothing by default. */
    protected void writeOwnState(DataOutput out) throws IOException {
    }

    protected void readOwnState(DataInput in) throws IOException {
    }

    /** A uint8 Box of the given shape, bounds 0..255. */
    protected static Space.Box uint8Box(int... shape) {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        double[] low = new double[size];
        double[] high = new double[size];
        java.util.Arrays.fill(high, 255);
        return new Space.Box(low, high, shape, Space.DType.UINT8);
    }

    protected static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    protected static void readBytesInto(DataInput in, byte[] into) throws IOException {
        int length = in.readInt();
        if (length != into.length) {
            throw new IOException("saved buffer has " + length + " bytes, this wrapper holds " + into.length
                    + "; restore into an environment made with the same id and options");
        }
        in.readFully(into);
    }
}
