package dev.qsweep.agent;

import dev.qsweep.env.Space;

/**
 * Turns an environment's flat observation into the network's input: a Box passes through, a Discrete state becomes
 * a one-hot vector (a network cannot use a state index as a magnitude).
 */
public final class ObservationEncoder {
    private final int rawSize;
    private final int encodedSize;
    private final boolean oneHot;

    public ObservationEncoder(Space observationSpace) {
        this.rawSize = observationSpace.flatSize();
        this.oneHot = observationSpace instanceof Space.Discrete;
        this.encodedSize = observationSpace instanceof Space.Discrete discrete ? discrete.n() : rawSize;
    }

    public int rawSize() {
        return rawSize;
    }

    public int encodedSize() {
        return encodedSize;
    }

    /** Encodes {@code count} raw observations stored back to back in {@code raw} into {@code encoded}. */
    public void encode(float[] raw, int count, float[] encoded) {
        if (!oneHot) {
            System.arraycopy(raw, 0, encoded, 0, count * rawSize);
            return;
        }
        java.util.Arrays.fill(encoded, 0, count * encodedSize, 0f);
        for (int i = 0; i < count; i++) {
            encoded[i * encodedSize + (int) raw[i]] = 1f;
        }
    }

    /** Encodes one observation into a new array ({@code raw} itself for a Box). */
    public float[] encode(float[] raw) {
        if (!oneHot) {
            return raw;
        }
        float[] encoded = new float[encodedSize];
        encoded[(int) raw[0]] = 1f;
        return encoded;
    }
}
