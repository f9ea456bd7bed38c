package dev.qsweep.agent;

import java.util.Objects;

/**
 * Architecture and optimiser settings of a Q-network: the {@link QNetworkArchitecture}'s layers, identity output
 * with one unit per action, Adam (β1 0.9, β2 0.999).
 *
 * @param maxGradNorm global L2 clip of the mean-loss gradient, like {@code clip_grad_norm_}; ≤ 0 disables it
 * @param adamEpsilon Adam's ε (DL4J adds it to √v before bias correction of v, see {@link QNetwork})
 * @param head        the output head (dueling, distributional); {@link QNetworkHead#EXPECTED_VALUES} is today's
 */
public record QNetworkSpec(QNetworkArchitecture architecture, int numActions, double learningRate,
                           Loss loss, double maxGradNorm, double adamEpsilon, QNetworkHead head) {

    public QNetworkSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (numActions <= 0) throw new IllegalArgumentException("numActions must be > 0, got " + numActions);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        if (Double.isNaN(maxGradNorm)) throw new IllegalArgumentException("maxGradNorm must not be NaN (use <= 0 to disable clipping)");
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("adamEpsilon must be > 0, got " + adamEpsilon);
        Objects.requireNonNull(head, "head");
    }

    /** With today's head: one expected Q-value per action. */
    public QNetworkSpec(QNetworkArchitecture architecture, int numActions, double learningRate,
                        Loss loss, double maxGradNorm, double adamEpsilon) {
        this(architecture, numActions, learningRate, loss, maxGradNorm, adamEpsilon, QNetworkHead.EXPECTED_VALUES);
    }

    /** Columns of the last layer: one per action, or the head's raw outputs ({@link QNetworkHead#outputWidth}). */
    public int outputWidth() {
        return head.outputWidth(numActions);
    }

    /** An MLP {@code inputSize → hiddenSizes… → numActions}. */
    public QNetworkSpec(int inputSize, int[] hiddenSizes, int numActions, double learningRate,
                        Loss loss, double maxGradNorm, double adamEpsilon) {
        this(new QNetworkArchitecture.Mlp(inputSize, hiddenSizes), numActions, learningRate, loss, maxGradNorm, adamEpsilon);
    }

    /** CleanRL's CartPole network: 4-120-84-2, lr 2.5e-4, MSE, no clipping, ε 1e-8. */
    public static QNetworkSpec cleanRlCartPole() {
        return new QNetworkSpec(4, new int[] {120, 84}, 2, 2.5e-4, Loss.MSE, 0.0, 1e-8);
    }

    /** Floats of one network input. */
    public int inputSize() {
        return architecture.inputSize();
    }

    public boolean isMlp() {
        return architecture instanceof QNetworkArchitecture.Mlp;
    }

    /** Hidden widths of an MLP. */
    public int[] hiddenSizes() {
        return mlp().hiddenSizes();
    }

    /** Layer widths of an MLP including input and output: {@code [inputSize, hidden…, outputWidth]}. */
    public int[] layerWidths() {
        mlp(); // fails for a CNN
        return denseLayerWidths();
    }

    /** Widths of the dense layers: their input (the flattened convolution output, or an MLP's input), hidden sizes, head outputs. */
    int[] denseLayerWidths() {
        int[] hidden = architecture.denseHiddenSizes();
        int[] widths = new int[hidden.length + 2];
        widths[0] = architecture.flattenedConvolutionOutput();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = outputWidth();
        return widths;
    }

    public boolean clipsGradients() {
        return maxGradNorm > 0;
    }

    /** Same layers and shapes, so parameters can be copied between the two nets. */
    public boolean sameArchitectureAs(QNetworkSpec other) {
        return architecture.equals(other.architecture) && numActions == other.numActions && head.equals(other.head);
    }

    private QNetworkArchitecture.Mlp mlp() {
        if (architecture instanceof QNetworkArchitecture.Mlp mlp) return mlp;
        throw new IllegalStateException("not an MLP: " + architecture);
    }
}
