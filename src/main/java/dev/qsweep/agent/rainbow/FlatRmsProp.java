package dev.qsweep.agent.rainbow;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * RMSprop with PyTorch's semantics ({@code torch.optim.RMSprop}: {@code alpha}, {@code eps}, {@code momentum},
 * {@code centered}; no weight decay) over flat float buffers, like {@code dev.qsweep.agent.FlatAdam}. Per element,
 * with g the (scaled) gradient and every state starting at 0:
 * <pre>
 *   v ← α·v + (1−α)·g²
 *   centered:  ḡ ← α·ḡ + (1−α)·g;   d = √(v − ḡ²) + ε      else  d = √v + ε
 *   momentum μ > 0:  b ← μ·b + g/d;  θ ← θ − lr·b             else  θ ← θ − lr·(g/d)
 * </pre>
 * ε is added <em>outside</em> the square root, as torch does (TensorFlow's and DL4J's RMSprop add it inside); MinAtar's
 * published DQN (torch, centred, α = 0.95, ε = 0.01) relies on that. There is no bias correction. Arithmetic is in
 * float, one IEEE operation at a time in the order written (no fused multiply-add), so a numpy float32 transcription
 * of the formula gives the same bits. One difference from torch: a centred v − ḡ², which rounding can push a hair
 * below 0, is taken as 0 (torch would produce NaN there).
 *
 * <p>The state (v, ḡ when centred, b when μ > 0) is held here and written by {@link #writeState}. Not thread-safe.
 */
public final class FlatRmsProp {
    private static final int CHUNK = 4096;

    private final int size;
    private final float alpha;
    private final float epsilon;
    private final float momentum;
    private final boolean centered;
    private final float[] squareAverage;
    private final float[] gradientAverage; // empty unless centred
    private final float[] momentumBuffer;  // empty unless momentum > 0
    private final float[] gradientChunk = new float[CHUNK];
    private final float[] parameterChunk = new float[CHUNK];

    public FlatRmsProp(int size, double alpha, double epsilon, double momentum, boolean centered) {
        if (size < 0) throw new IllegalArgumentException("size must be ≥ 0, got " + size);
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("rmsprop alpha must be in [0, 1], got " + alpha);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("rmsprop eps must be ≥ 0, got " + epsilon);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        this.size = size;
        this.alpha = (float) alpha;
        this.epsilon = (float) epsilon;
        this.momentum = (float) momentum;
        this.centered = centered;
        this.squareAverage = new float[size];
        this.gradientAverage = new float[centered ? size : 0];
        this.momentumBuffer = new float[momentum > 0 ? size : 0];
    }

    public int size() {
        return size;
    }

    /**
     * One step over all {@link #size} parameters: the gradient is {@code gradientScale · gradients[gradientOffset + i]}
     * (e.g. 1/batch, or a clip factor); the gradient buffer is only read.
     */
    public void step(FloatBuffer parameters, int parameterOffset, FloatBuffer gradients, int gradientOffset,
                     float gradientScale, float learningRate) {
        float[] g = gradientChunk;
        float[] p = parameterChunk;
        float oneMinusAlpha = 1f - alpha;
        boolean withMomentum = momentum > 0;
        for (int start = 0; start < size; start += CHUNK) {
            int len = Math.min(CHUNK, size - start);
            gradients.get(gradientOffset + start, g, 0, len);
            parameters.get(parameterOffset + start, p, 0, len);
            for (int k = 0; k < len; k++) {
                int i = start + k;
                float gi = g[k] * gradientScale;
                float v = alpha * squareAverage[i] + oneMinusAlpha * (gi * gi);
                squareAverage[i] = v;
                float variance = v;
                if (centered) {
                    float mean = alpha * gradientAverage[i] + oneMinusAlpha * gi;
                    gradientAverage[i] = mean;
                    variance = Math.max(0f, v - mean * mean);
                }
                float denominator = (float) Math.sqrt(variance) + epsilon;
                if (withMomentum) {
                    float b = momentum * momentumBuffer[i] + gi / denominator;
                    momentumBuffer[i] = b;
                    p[k] = p[k] - learningRate * b;
                } else {
                    p[k] = p[k] - learningRate * (gi / denominator);
                }
            }
            parameters.put(parameterOffset + start, p, 0, len);
        }
    }

    /** The settings (checked on reading), then v, ḡ and b. */
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(size);
        out.writeFloat(alpha);
        out.writeFloat(epsilon);
        out.writeFloat(momentum);
        out.writeBoolean(centered);
        for (float v : squareAverage) out.writeFloat(v);
        for (float v : gradientAverage) out.writeFloat(v);
        for (float v : momentumBuffer) out.writeFloat(v);
    }

    public void readState(DataInput in) throws IOException {
        int savedSize = in.readInt();
        float savedAlpha = in.readFloat();
        float savedEpsilon = in.readFloat();
        float savedMomentum = in.readFloat();
        boolean savedCentered = in.readBoolean();
        if (savedSize != size || savedAlpha != alpha || savedEpsilon != epsilon || savedMomentum != momentum
                || savedCentered != centered) {
            throw new IOException(String.format("checkpoint RMSprop state is for %d parameters, alpha %s, eps %s, "
                            + "momentum %s, centered %s, but this run's is %d, %s, %s, %s, %s", savedSize, savedAlpha,
                    savedEpsilon, savedMomentum, savedCentered, size, alpha, epsilon, momentum, centered));
        }
        for (int i = 0; i < size; i++) squareAverage[i] = in.readFloat();
        for (int i = 0; i < gradientAverage.length; i++) gradientAverage[i] = in.readFloat();
        for (int i = 0; i < momentumBuffer.length; i++) momentumBuffer[i] = in.readFloat();
    }
}
