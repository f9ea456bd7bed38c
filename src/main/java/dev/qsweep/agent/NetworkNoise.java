package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.FactorisedNoise;
import dev.qsweep.agent.rainbow.StandardNormals;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The noise ε of a network's {@link NoisyDense} layers: one {@link FactorisedNoise} per noisy layer, in layer order,
 * and whether forward passes use it ({@link #resample}) or the mean weights μ ({@link #useMeanWeights}, greedy
 * evaluation). Not a DL4J parameter: the network's owner draws it, every fast path ({@link FusedMlp},
 * {@link JavaEvaluation}) and DL4J's own layer ({@link NoisyDenseLayer}) read it, and the agent checkpoints it.
 *
 * <p>{@link #version} changes whenever the noise does, so a cache of the effective weights knows when to refresh.
 */
final class NetworkNoise {
    private final FactorisedNoise[] layers;
    private boolean active;
    private long version;

    /** @param inputs, outputs fan-in and fan-out of each noisy layer, in layer order */
    NetworkNoise(int[] inputs, int[] outputs) {
        if (inputs.length != outputs.length || inputs.length == 0) {
            throw new IllegalArgumentException("a noisy network needs at least one noisy layer, with inputs and outputs each");
        }
        layers = new FactorisedNoise[inputs.length];
        for (int k = 0; k < layers.length; k++) layers[k] = new FactorisedNoise(inputs[k], outputs[k]);
    }

    int layerCount() {
        return layers.length;
    }

    FactorisedNoise layer(int k) {
        return layers[k];
    }

    /** Fresh noise for every layer, first to last (each its inputs' then its outputs' draws), and use it. */
    void resample(StandardNormals normals) {
        for (FactorisedNoise layer : layers) layer.resample(normals);
        active = true;
        version++;
    }

    /** ε = 0 from now until the next {@link #resample}: the forward passes use μ alone. */
    void useMeanWeights() {
        if (active) version++;
        active = false;
    }

    boolean active() {
        return active;
    }

    long version() {
        return version;
    }

    void writeState(DataOutput out) throws IOException {
        out.writeInt(layers.length);
        out.writeBoolean(active);
        for (FactorisedNoise layer : layers) layer.writeState(out);
    }

    void readState(DataInput in) throws IOException {
        int count = in.readInt();
        if (count != layers.length) {
            throw new IOException("checkpoint holds noise of " + count + " noisy layers, this network has " + layers.length);
        }
        active = in.readBoolean();
        for (FactorisedNoise layer : layers) layer.readState(in);
        version++;
    }
}
