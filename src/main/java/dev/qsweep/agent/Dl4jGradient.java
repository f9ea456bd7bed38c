package dev.qsweep.agent;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of the summed taken-action loss by DL4J's own backprop ({@code calculateGradients} through
 * {@link TakenActionLoss}) into the flat gradient view: the reference {@link FusedMlp} is tested against, and the
 * training path of the CNNs until they have a fused one. Skips {@code fit()} (DataSet, Solver, listeners, score
 * pass) and reuses the input, label and mask arrays between calls.
 */
final class Dl4jGradient {
    private final MultiLayerNetwork net;
    private final TakenActionLoss loss;
    private final INDArray gradients;
    private final int inputSize;
    private final int numActions;
    private TrainingBatch batch;

    Dl4jGradient(QNetworkSpec spec, MultiLayerNetwork net, INDArray gradients) {
        this.net = net;
        this.loss = takenActionLoss(net);
        this.gradients = gradients;
        this.inputSize = spec.inputSize();
        this.numActions = spec.numActions();
    }

    static TakenActionLoss takenActionLoss(MultiLayerNetwork net) {
        return (TakenActionLoss) ((OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getLossFn();
    }

    /** Writes ∇θ Σ_i w_i·ℓ(Q(s_i,a_i) − y_i) (w_i = 1 when {@code weights} is null) into the gradient view; returns the batch means of the loss and of Q(s_i,a_i). */
    TrainStats sumLossGradient(float[] obsBatch, int[] actions, float[] targets, float[] weights, int batchSize) {
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
}
