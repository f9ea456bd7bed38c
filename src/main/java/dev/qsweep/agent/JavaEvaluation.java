package dev.qsweep.agent;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Fast inference of one state at a time for small networks: the convolutions ({@link ConvForward}, absent for an
 * MLP) then the dense layers ({@link MlpForward}) in plain Java, on a float copy of the DL4J weights that is
 * refreshed lazily after they change. Tests prove it matches DL4J's {@code output()}.
 *
 * <p>Not thread-safe.
 */
final class JavaEvaluation {
    private final INDArray params;
    private final FloatBuffer parameterBuffer;
    private final ConvForward convForward;
    private final MlpForward forward;
    private final int convolutions;
    /** Each layer's W and b: views of the flat parameters, looked up once (DL4J's getParam is a map lookup). */
    private final INDArray[] layerWeights;
    private final INDArray[] layerBiases;
    private boolean stale = true;
    /** A noisy head's effective weights (null without); refreshed whenever the weights or the noise change. */
    private NoisyWeights noisy;
    private long noiseVersion;

    JavaEvaluation(QNetworkSpec spec, MultiLayerNetwork net) {
        this.params = net.params();
        this.parameterBuffer = NdFloats.buffer(params);
        QNetworkArchitecture architecture = spec.architecture();
        this.convolutions = architecture.convolutions().length;
        this.convForward = architecture.isConvolutional()
                ? new ConvForward(architecture.inputChannelsHeightWidth(), architecture.convolutions()) : null;
        this.forward = new MlpForward(spec.denseLayerWidths());
        this.layerWeights = new INDArray[net.getnLayers()];
        this.layerBiases = new INDArray[net.getnLayers()];
        for (int l = 0; l < layerWeights.length; l++) {
            layerWeights[l] = net.getLayer(l).getParam(DefaultParamInitializer.WEIGHT_KEY);
            layerBiases[l] = net.getLayer(l).getParam(DefaultParamInitializer.BIAS_KEY);
            if (layerWeights[l].data().address() != params.data().address()) {
                throw new IllegalStateException("layer " + l + " weights are not a view of the flat parameter buffer");
            }
        }
        for (int l = 0; l < convolutions; l++) {
            INDArray w = layerWeights[l];
            INDArray b = layerBiases[l];
            if (!Shape.hasDefaultStridesForShape(w) || w.ordering() != 'c' || b.elementWiseStride() != 1) {
                throw new IllegalStateException("convolution " + l + " parameters are not contiguous c-order views");
            }
        }
    }

    /** From now on the noisy layers compute with their effective weights W = μ + σ ⊙ ε of the current noise. */
    void useNoise(NoisyWeights noisyWeights) {
        this.noisy = noisyWeights;
        stale = true;
    }

    /** The weights changed: copy them again before the next evaluation. */
    void markStale() {
        stale = true;
    }

    /** Q-values of the state {@code input[inputOffset …]} into {@code out[outOffset …]}. */
    void qValues(float[] input, int inputOffset, float[] out, int outOffset) {
        refreshIfStale();
        if (convForward == null) {
            forward.forward(input, inputOffset, out, outOffset);
        } else {
            forward.forward(convForward.forward(input, inputOffset), 0, out, outOffset);
        }
    }

    private void refreshIfStale() {
        boolean noiseChanged = noisy != null && noisy.noise().version() != noiseVersion;
        if (!stale && !noiseChanged) return;
        if (noisy != null) {
            noisy.refresh(parameterBuffer);
            noiseVersion = noisy.noise().version();
        }
        for (int l = 0; l < layerWeights.length; l++) {
            INDArray w = layerWeights[l];
            INDArray b = layerBiases[l];
            int k = noisy == null ? -1 : noisy.indexOf(l);
            if (k >= 0) {
                // W ('f' order: row stride 1, column stride in) then b, one heap array
                forward.loadLayer(l - convolutions, java.nio.FloatBuffer.wrap(noisy.effective(k)), 0, 1, w.size(0),
                        noisy.biasOffset(k), 1);
            } else if (l < convolutions) {
                convForward.loadLayer(l, parameterBuffer, w.offset(), b.offset()); // contiguous: checked in the constructor
            } else {
                forward.loadLayer(l - convolutions, parameterBuffer, w.offset(), w.stride(0), w.stride(1), b.offset(),
                        b.stride(b.rank() - 1));
            }
        }
        stale = false;
    }
}
