package dev.qsweep.agent;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.common.primitives.Pair;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J loss for a Q-network output layer: only the taken action's output is scored.
 *
 * <p>Labels are {@code [batch, numActions]} holding the TD target in the taken action's column; the
 * label mask is the one-hot of the taken action (any other column must be masked out). The score of
 * row i is ℓ(Q(s_i,a_i) − y_i) with ℓ from {@link Loss}; unlike DL4J's {@code LossMSE} there is no
 * division by the number of outputs. Following the {@link ILossFunction} contract the gradient is that
 * of the <em>sum</em> over rows — DL4J's updater divides by the minibatch size.
 *
 * <p>The arrays are tiny ([batch, numActions]) so the arithmetic is done in Java on the native buffers:
 * that costs no ND4J ops. As a by-product the last gradient call remembers the summed loss and taken-action
 * Q-values, so the trainer gets its statistics without a second forward pass. Requires an identity
 * output activation.
 */
public final class TakenActionLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @JsonProperty("kind") // DL4J's JSON mapper sees only annotated or bean-style properties
    private Loss kind;

    @JsonIgnore
    private transient double lastLossSum;
    @JsonIgnore
    private transient double lastTakenQSum;
    @JsonIgnore
    private transient int lastRows;
    /** Per-row loss weights for the next gradient call (prioritized replay); null: all ones. */
    @JsonIgnore
    private transient float[] rowWeights;

    /** For JSON deserialisation. */
    public TakenActionLoss() {
        this(Loss.MSE);
    }

    public TakenActionLoss(Loss kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Loss kind() {
        return kind;
    }

    /** Σ_i ℓ(Q(s_i,a_i) − y_i) of the last {@link #computeGradient} call. */
    double lastLossSum() {
        return lastLossSum;
    }

    /** Σ_i Q(s_i,a_i) of the last {@link #computeGradient} call. */
    double lastTakenQSum() {
        return lastTakenQSum;
    }

    int lastRows() {
        return lastRows;
    }

    /**
     * Weights row i's loss and gradient by {@code weights[i]} in the following {@link #computeGradient} calls
     * (null: unweighted). Kept apart from the label mask, which DL4J also applies to the output itself.
     */
    void useRowWeights(float[] weights) {
        this.rowWeights = weights;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        check(labels, preOutput, activationFn, mask);
        int rows = (int) preOutput.size(0);
        int columns = (int) preOutput.size(1);
        INDArray gradient = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        FloatBuffer q = NdFloats.buffer(preOutput);
        FloatBuffer y = NdFloats.buffer(labels);
        FloatBuffer m = NdFloats.buffer(mask);
        FloatBuffer g = NdFloats.buffer(gradient);
        double lossSum = 0;
        double takenQSum = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float weight = m.get(NdFloats.index(mask, r, c));
                float value = 0f;
                if (weight != 0f) {
                    float qValue = q.get(NdFloats.index(preOutput, r, c));
                    float error = qValue - y.get(NdFloats.index(labels, r, c));
                    if (rowWeights != null) {
                        weight *= rowWeights[r];
                    }
                    value = weight * (float) kind.derivative(error);
                    lossSum += weight * kind.value(error);
                    takenQSum += qValue; // a row weight scales the loss, not the Q statistic
                }
                g.put(NdFloats.index(gradient, r, c), value);
            }
        }
        lastLossSum = lossSum;
        lastTakenQSum = takenQSum;
        lastRows = rows;
        return gradient;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        check(labels, preOutput, activationFn, mask);
        int rows = (int) preOutput.size(0);
        float[] perRow = new float[rows];
        for (int r = 0; r < rows; r++) {
            perRow[r] = (float) rowLoss(labels, preOutput, mask, r);
        }
        return Nd4j.create(perRow, new long[] {rows, 1}, DataType.FLOAT);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        check(labels, preOutput, activationFn, mask);
        int rows = (int) preOutput.size(0);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += rowLoss(labels, preOutput, mask, r);
        }
        return average ? sum / rows : sum;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        INDArray gradient = computeGradient(labels, preOutput, activationFn, mask);
        return new Pair<>(average ? lastLossSum / lastRows : lastLossSum, gradient);
    }

    private double rowLoss(INDArray labels, INDArray preOutput, INDArray mask, int row) {
        double sum = 0;
        for (int c = 0; c < preOutput.size(1); c++) {
            float weight = mask.getFloat(row, c);
            if (weight != 0f) {
                float error = preOutput.getFloat(row, c) - labels.getFloat(row, c);
                sum += weight * kind.value(error);
            }
        }
        return sum;
    }

    private static void check(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!(activationFn instanceof ActivationIdentity)) {
            throw new IllegalStateException("TakenActionLoss needs an identity output activation, got " + activationFn);
        }
        if (mask == null) {
            throw new IllegalArgumentException("TakenActionLoss needs a per-output label mask (one-hot of the taken action)");
        }
        if (preOutput.rank() != 2 || !preOutput.equalShapes(labels) || !preOutput.equalShapes(mask)) {
            throw new IllegalArgumentException("labels " + labels.shapeInfoToString() + ", output " + preOutput.shapeInfoToString()
                    + " and mask " + mask.shapeInfoToString() + " must all be [batch, numActions]");
        }
    }

    @Override
    public String name() {
        return "TakenActionLoss(" + kind + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TakenActionLoss other && other.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }
}
