package dev.qsweep.agent;

import java.util.List;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of the summed taken-action loss by DL4J's own backprop ({@code calculateGradients} through
 * {@link TakenActionLoss}) into the flat gradient view: the reference {@link FusedMlp} and {@link FusedCnn} are tested
 * against, and the training path on the CUDA backend and under {@code -Dqsweep.dl4jBackprop=true}. Skips {@code fit()} (DataSet, Solver, listeners, score
 * pass) and reuses the input, label and mask arrays between calls.
 *
 * <p>A head other than today's ({@link QNetworkHead}) has no DL4J loss: DL4J runs the forward pass, {@link HeadOutputs}
 * turns its raw outputs into the loss's gradient, and DL4J back-propagates that as an external error
 * ({@code backpropGradient}), the way DL4J documents it for reinforcement learning.
 */
final class Dl4jGradient {
    private final MultiLayerNetwork net;
    private final TakenActionLoss loss; // null for a head other than today's
    private final HeadOutputs headOutputs; // null for today's head
    private final Loss lossKind;
    private final int outputWidth;
    private INDArray headInput;
    private float[] rawOutputs = new float[0];
    private float[] seed = new float[0];
    private final INDArray gradients;
    private final int inputSize;
    private final int numActions;
    private TrainingBatch batch;

    private final HeadOutputs.RowLosses rowLossScratch = new HeadOutputs.RowLosses();

    Dl4jGradient(QNetworkSpec spec, MultiLayerNetwork net, INDArray gradients) {
        this.net = net;
        this.loss = spec.head().isPlain() ? takenActionLoss(net) : null;
        this.headOutputs = spec.head().isPlain() ? null : new HeadOutputs(spec.head(), spec.numActions());
        this.lossKind = spec.loss();
        this.outputWidth = spec.outputWidth();
        this.gradients = gradients;
        this.inputSize = spec.inputSize();
        this.numActions = spec.numActions();
    }

    static TakenActionLoss takenActionLoss(MultiLayerNetwork net) {
        return (TakenActionLoss) ((OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getLossFn();
    }

    /** Writes ∇θ Σ_i w_i·ℓ(Q(s_i,a_i) − y_i) (w_i = 1 when {@code weights} is null) into the gradient view; returns the batch means of the loss and of Q(s_i,a_i). */
    TrainStats sumLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] weights, int batchSize) {
        if (headOutputs != null) return headLossGradient(obsBatch, actions, targets, weights, batchSize, null);
        if (batch == null || batch.size() != batchSize) batch = new TrainingBatch(batchSize, inputSize, numActions);
        batch.fill(obsBatch, actions, targets);
        // Not in the label mask: DL4J multiplies the output by the mask too, so a mask of 2 would double Q itself.
        loss.useRowWeights(weights);
        Gradient gradient;
        try {
            gradient = net.calculateGradients(batch.input(), batch.labels(), null, batch.mask()).getFirst();
        } finally {
            loss.useRowWeights(null);
        }
        net.clearLayerMaskArrays(); // a leftover label mask would zero outputs in later output() calls
        if (gradient.gradient().data().address() != gradients.data().address()) {
            // FlatAdam reads the flattened gradient view; DL4J must have written into it.
            throw new IllegalStateException("DL4J returned a gradient outside the flattened gradient view");
        }
        return new TrainStats(loss.lastLossSum() / batchSize, loss.lastTakenQSum() / batchSize);
    }

    /**
     * Any head: writes ∇θ Σ_i w_i·loss_i (w_i = 1 when {@code weights} is null) into the gradient view ({@code targets} and {@code perSampleLoss} as in
     * {@link HeadOutputs#seed}); DL4J's forward pass, our seed, DL4J's backprop.
     */
    TrainStats headLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] weights, int rows,
                                float[] perSampleLoss) {
        if (headOutputs == null) throw new IllegalStateException("today's head trains through TakenActionLoss");
        if (headInput == null || headInput.size(0) != rows) headInput = TrainingBatch.detachedMatrix(rows, inputSize);
        TrainingBatch.put(headInput, obsBatch, rows * inputSize);
        net.setInput(headInput);
        List<INDArray> activations = net.feedForward(true, false); // keep each layer's input for the backward pass
        int size = rows * outputWidth;
        if (rawOutputs.length < size) {
            rawOutputs = new float[size];
            seed = new float[size];
        }
        NdFloats.read(activations.get(activations.size() - 1), rawOutputs);
        float[] rowLosses = weights == null ? perSampleLoss : rowLossScratch.of(perSampleLoss, rows);
        double[] sums = headOutputs.seed(rawOutputs, rows, actions, targets, lossKind, seed, rowLosses);
        if (weights != null) {
            sums[0] = HeadOutputs.weightRows(seed, rows, outputWidth, weights, rowLosses);
        }
        INDArray epsilon = Nd4j.create(java.util.Arrays.copyOf(seed, size), new long[] {rows, outputWidth}, 'c');
        // calculateGradients starts from a zeroed flat gradient; do the same, so no layer can see a stale one.
        gradients.assign(0);
        Pair<Gradient, INDArray> result = net.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        // Not net.clear(): it also drops the solver, and with it the updater whose Adam state FlatAdam updates and
        // the checkpoint stores (a resumed run then restarted Adam from zero).
        if (result.getFirst().gradient().data().address() != gradients.data().address()) {
            throw new IllegalStateException("DL4J returned a gradient outside the flattened gradient view");
        }
        return new TrainStats(sums[0] / rows, sums[1] / rows);
    }
}
