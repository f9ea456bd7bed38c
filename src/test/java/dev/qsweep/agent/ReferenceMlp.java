package dev.qsweep.agent;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Independent double-precision reference for a ReLU MLP with identity output: forward pass and
 * hand-written backprop of mean_i ℓ(Q(s_i,a_i) − y_i). Weights are read element by element through
 * {@code INDArray.getDouble(i, j)}, so nothing here shares code with the production paths.
 *
 * <p>Next to every value it computes a <em>magnitude</em>: the same computation on absolute values
 * (with the TD error q − y replaced by |q| + |y|, which bounds both the error and, for Huber, the clipped
 * value). The classic floating-point bound for sums of products is |computed − exact| ≤ γ_N · magnitude
 * with γ_N = N·u/(1 − N·u), u = 2⁻²⁴ for float32 and N the longest chain of roundings through the
 * computation; tests use that as their tolerance.
 */
final class ReferenceMlp {
    static final double FLOAT_UNIT_ROUNDOFF = Math.scalb(1.0, -24);

    final int[] widths;
    final double[][][] w; // [layer][in][out]
    final double[][] b;   // [layer][out]

    ReferenceMlp(MultiLayerNetwork net, int[] widths) {
        this.widths = widths.clone();
        int layers = widths.length - 1;
        w = new double[layers][][];
        b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            INDArray weights = net.getLayer(l).getParam("W");
            INDArray bias = net.getLayer(l).getParam("b");
            w[l] = new double[widths[l]][widths[l + 1]];
            b[l] = new double[widths[l + 1]];
            for (int i = 0; i < widths[l]; i++) {
                for (int j = 0; j < widths[l + 1]; j++) w[l][i][j] = weights.getDouble(i, j);
            }
            for (int j = 0; j < widths[l + 1]; j++) b[l][j] = bias.getDouble(j);
        }
    }

    int layers() {
        return widths.length - 1;
    }

    /** Longest rounding chain of forward + backward + batch sum, a safe N for γ_N. */
    int roundingChainLength(int batchSize) {
        int sum = 0;
        for (int width : widths) sum += width;
        return 2 * sum + batchSize + 16;
    }

    /** activations[l] for l = 0 (input) … layers (output); magnitude = same on absolute values. */
    double[][] forward(double[] x, boolean magnitude) {
        double[][] a = new double[layers() + 1][];
        a[0] = x.clone();
        if (magnitude) for (int i = 0; i < x.length; i++) a[0][i] = Math.abs(x[i]);
        for (int l = 0; l < layers(); l++) {
            double[] z = new double[widths[l + 1]];
            for (int j = 0; j < z.length; j++) {
                double s = magnitude ? Math.abs(b[l][j]) : b[l][j];
                for (int i = 0; i < widths[l]; i++) s += a[l][i] * (magnitude ? Math.abs(w[l][i][j]) : w[l][i][j]);
                z[j] = (!magnitude && l < layers() - 1) ? Math.max(0.0, s) : s;
            }
            a[l + 1] = z;
        }
        return a;
    }

    double[] qValues(float[] obs) {
        double[][] a = forward(toDouble(obs, 0, widths[0]), false);
        return a[layers()];
    }

    double[] qMagnitudes(float[] obs) {
        return forward(toDouble(obs, 0, widths[0]), true)[layers()];
    }

    /** Gradient of the batch-mean loss (and its magnitude), laid out like {@link #w} and {@link #b}. */
    Gradients gradient(float[] obs, int[] actions, float[] targets, int batchSize, Loss loss) {
        Gradients g = new Gradients(this);
        Gradients m = new Gradients(this);
        int in = widths[0];
        for (int s = 0; s < batchSize; s++) {
            double[] x = toDouble(obs, s * in, in);
            double[][] a = forward(x, false);
            double[][] am = forward(x, true);
            double[] delta = new double[widths[layers()]];
            double[] deltaM = new double[delta.length];
            int action = actions[s];
            double error = a[layers()][action] - targets[s];
            delta[action] = loss.derivative(error) / batchSize;
            deltaM[action] = (loss == Loss.MSE ? 2.0 : 1.0) * (am[layers()][action] + Math.abs(targets[s])) / batchSize;
            for (int l = layers() - 1; l >= 0; l--) {
                for (int i = 0; i < widths[l]; i++) {
                    for (int j = 0; j < widths[l + 1]; j++) {
                        g.w[l][i][j] += a[l][i] * delta[j];
                        m.w[l][i][j] += am[l][i] * deltaM[j];
                    }
                }
                for (int j = 0; j < widths[l + 1]; j++) {
                    g.b[l][j] += delta[j];
                    m.b[l][j] += deltaM[j];
                }
                if (l == 0) break;
                double[] previous = new double[widths[l]];
                double[] previousM = new double[widths[l]];
                for (int i = 0; i < widths[l]; i++) {
                    if (a[l][i] <= 0) continue; // ReLU derivative (0 at the kink, as DL4J and torch)
                    for (int j = 0; j < widths[l + 1]; j++) {
                        previous[i] += w[l][i][j] * delta[j];
                        previousM[i] += Math.abs(w[l][i][j]) * deltaM[j];
                    }
                }
                delta = previous;
                deltaM = previousM;
            }
        }
        g.magnitude = m;
        return g;
    }

    static double[] toDouble(float[] values, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) out[i] = values[offset + i];
        return out;
    }

    static double gamma(int n) {
        double nu = n * FLOAT_UNIT_ROUNDOFF;
        return nu / (1 - nu);
    }

    static final class Gradients {
        final double[][][] w;
        final double[][] b;
        Gradients magnitude;

        Gradients(ReferenceMlp shape) {
            w = new double[shape.layers()][][];
            b = new double[shape.layers()][];
            for (int l = 0; l < shape.layers(); l++) {
                w[l] = new double[shape.widths[l]][shape.widths[l + 1]];
                b[l] = new double[shape.widths[l + 1]];
            }
        }

        double norm() {
            double sum = 0;
            for (double[][] layer : w) for (double[] row : layer) for (double v : row) sum += v * v;
            for (double[] layer : b) for (double v : layer) sum += v * v;
            return Math.sqrt(sum);
        }

        void scale(double factor) {
            for (double[][] layer : w) for (double[] row : layer) for (int j = 0; j < row.length; j++) row[j] *= factor;
            for (double[] layer : b) for (int j = 0; j < layer.length; j++) layer[j] *= factor;
        }
    }
}
