package dev.qsweep.agent.rainbow;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The current noise of one factorised noisy layer: f(ε_in) (p values) and f(ε_out) (q values), f as
 * {@link NoisyLinear#scale}. {@link #resample} draws p standard normals for the inputs, then q for the outputs, as
 * the common PyTorch implementations do ({@code epsilon_in} before {@code epsilon_out}). Checkpointable: the noise in
 * use is part of a run's state (the draws that made it are the generator's).
 */
public final class FactorisedNoise {
    private final float[] noiseIn;
    private final float[] noiseOut;

    public FactorisedNoise(int inputs, int outputs) {
        if (inputs <= 0 || outputs <= 0) throw new IllegalArgumentException("a noisy layer needs inputs and outputs > 0");
        this.noiseIn = new float[inputs];
        this.noiseOut = new float[outputs];
    }

    /** Fresh noise: p then q draws of {@code normals}. */
    public void resample(StandardNormals normals) {
        for (int i = 0; i < noiseIn.length; i++) noiseIn[i] = (float) NoisyLinear.scale(normals.next());
        for (int j = 0; j < noiseOut.length; j++) noiseOut[j] = (float) NoisyLinear.scale(normals.next());
    }

    /** f(ε_in), live (not a copy): pass it to {@link NoisyLinear#forward}. */
    public float[] noiseIn() {
        return noiseIn;
    }

    /** f(ε_out), live. */
    public float[] noiseOut() {
        return noiseOut;
    }

    public void writeState(DataOutput out) throws IOException {
        out.writeInt(noiseIn.length);
        out.writeInt(noiseOut.length);
        for (float v : noiseIn) out.writeFloat(v);
        for (float v : noiseOut) out.writeFloat(v);
    }

    public void readState(DataInput in) throws IOException {
        int inputs = in.readInt();
        int outputs = in.readInt();
        if (inputs != noiseIn.length || outputs != noiseOut.length) {
            throw new IOException("checkpoint noise is " + inputs + "×" + outputs + " but this layer's is "
                    + noiseIn.length + "×" + noiseOut.length);
        }
        for (int i = 0; i < inputs; i++) noiseIn[i] = in.readFloat();
        for (int j = 0; j < outputs; j++) noiseOut[j] = in.readFloat();
    }
}
