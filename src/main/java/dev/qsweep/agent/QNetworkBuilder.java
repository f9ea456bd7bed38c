package dev.qsweep.agent;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Architecture → DL4J network: the layer configuration of a {@link QNetworkSpec} and PyTorch's default
 * initialisation drawn from our own seed, plus the counts (parameters, multiply-adds) derived from the
 * architecture alone.
 *
 * <p>Every architecture is a trunk (convolutions, then dense ReLU layers) followed by the output head, today one
 * dense identity layer scored by {@link TakenActionLoss}. A new head (dueling, distributional, noisy) replaces
 * {@link #outputHead} here and its counterpart in {@link FusedMlpGradient}.
 */
final class QNetworkBuilder {
    private QNetworkBuilder() {}

    /** A fresh initialised network; every parameter is drawn from {@code seed}, so equal seeds give equal nets. */
    static MultiLayerNetwork build(QNetworkSpec spec, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, seed));
        net.init();
        initialiseLikeTorch(net, seed);
        return net;
    }

    static MultiLayerConfiguration configuration(QNetworkSpec spec, long seed) {
        QNetworkArchitecture architecture = spec.architecture();
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(spec.learningRate(), 0.9, 0.999, spec.adamEpsilon()))
                .weightInit(WeightInit.UNIFORM) // U(±1/√fanIn); overwritten from our own RNG below
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        boolean first = true;
        for (QNetworkArchitecture.ConvLayer conv : architecture.convolutions()) {
            // The network's input needs no gradient, so the first convolution skips computing it.
            layers.layer(new GemmConvolution(conv.filters(), conv.kernel(), conv.stride(), !first));
            first = false;
        }
        int width = architecture.flattenedConvolutionOutput();
        for (int units : architecture.denseHiddenSizes()) {
            layers.layer(denseLayer(spec, width, units, Activation.RELU));
            width = units;
        }
        layers.layer(outputHead(spec, width));
        if (architecture.isConvolutional()) {
            // Flat c-order [batch, channels·height·width] rows in; DL4J reshapes them to NCHW without a copy.
            int[] chw = architecture.inputChannelsHeightWidth();
            layers.setInputType(InputType.convolutionalFlat(chw[1], chw[2], chw[0]));
        }
        return layers.build();
    }

    /**
     * The output head: trunk features ({@code featureWidth} per state) → one Q-value per action, taken-action loss.
     * Any other head is a dense identity layer of the head's raw outputs without a DL4J loss: {@link HeadOutputs}
     * computes the loss and its gradient, and DL4J back-propagates that gradient ({@link Dl4jGradient}).
     */
    private static org.deeplearning4j.nn.conf.layers.Layer outputHead(QNetworkSpec spec, int featureWidth) {
        if (!spec.head().isPlain()) {
            return denseLayer(spec, featureWidth, spec.outputWidth(), Activation.IDENTITY);
        }
        return new OutputLayer.Builder(new TakenActionLoss(spec.loss()))
                .nIn(featureWidth).nOut(spec.numActions()).activation(Activation.IDENTITY).build();
    }

    /**
     * A dense layer of the trunk or head: a {@link NoisyDense} layer when the head is noisy. Which layers are noisy
     * follows Hessel et al. (2018): every dense layer after the convolutions, so for an MLP every layer (as the
     * small-network noisy DQNs do; there is no separate "torso" to keep deterministic).
     */
    private static org.deeplearning4j.nn.conf.layers.Layer denseLayer(QNetworkSpec spec, int inputs, int outputs,
                                                                      Activation activation) {
        if (spec.head().noisy()) {
            return new NoisyDense.Builder().sigma0(spec.head().noisySigma0()).nIn(inputs).nOut(outputs)
                    .activation(activation).build();
        }
        return new DenseLayer.Builder().nIn(inputs).nOut(outputs).activation(activation).build();
    }

    /**
     * PyTorch's nn.Linear and nn.Conv2d default: weights and biases ~ U(±1/√fanIn), fanIn = inputs per output
     * unit (in·kH·kW for a convolution). For a noisy layer this draws μ, which is Fortunato et al.'s initialisation
     * of μ for factorised noise; σ keeps its constant σ0/√fanIn from {@link NoisyDenseParamInitializer}. Drawn from a SplittableRandom rather than ND4J's global RNG so the result
     * depends on the seed alone.
     */
    private static void initialiseLikeTorch(MultiLayerNetwork net, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < net.getnLayers(); l++) {
            Layer layer = net.getLayer(l);
            double bound = 1.0 / Math.sqrt(fanIn(layer));
            for (String key : new String[] {DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY}) {
                INDArray values = layer.getParam(key);
                float[] drawn = new float[(int) values.length()];
                for (int k = 0; k < drawn.length; k++) {
                    drawn[k] = (float) random.nextDouble(-bound, bound);
                }
                values.assign(Nd4j.create(drawn, values.shape(), values.ordering()));
            }
        }
    }

    /** Inputs per output unit: W is [nIn, nOut] for a dense layer and [nOut, nIn, kH, kW] for a convolution. */
    static long fanIn(Layer layer) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        return w.rank() == 4 ? w.length() / w.size(0) : w.size(0);
    }

    /** Multiply-adds of one state's forward pass, convolutions included. */
    static long multiplyAddsPerState(QNetworkSpec spec) {
        QNetworkArchitecture architecture = spec.architecture();
        long macs = 0;
        if (architecture.isConvolutional()) {
            int[] chw = architecture.inputChannelsHeightWidth();
            long channels = chw[0];
            int height = chw[1];
            int width = chw[2];
            for (QNetworkArchitecture.ConvLayer conv : architecture.convolutions()) {
                height = conv.outputSize(height);
                width = conv.outputSize(width);
                macs += (long) conv.filters() * channels * conv.kernel() * conv.kernel() * height * width;
                channels = conv.filters();
            }
        }
        int[] widths = spec.denseLayerWidths();
        for (int l = 0; l < widths.length - 1; l++) macs += (long) widths[l] * widths[l + 1];
        return macs;
    }

    static long expectedParameterCount(QNetworkSpec spec) {
        QNetworkArchitecture architecture = spec.architecture();
        long count = 0;
        if (architecture.isConvolutional()) {
            long channels = architecture.inputChannelsHeightWidth()[0];
            for (QNetworkArchitecture.ConvLayer conv : architecture.convolutions()) {
                count += conv.filters() * channels * conv.kernel() * conv.kernel() + conv.filters();
                channels = conv.filters();
            }
        }
        long width = architecture.flattenedConvolutionOutput();
        long dense = 0;
        for (int units : architecture.denseHiddenSizes()) {
            dense += width * units + units;
            width = units;
        }
        dense += width * spec.outputWidth() + spec.outputWidth();
        return count + (spec.head().noisy() ? 2 * dense : dense); // a noisy layer holds μ and σ
    }
}
