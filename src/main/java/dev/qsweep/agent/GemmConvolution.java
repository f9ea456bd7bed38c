package dev.qsweep.agent;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link ConvolutionLayer} configuration (same parameters, initialiser, input types, serialisation) with a
 * faster implementation, {@link GemmConvolutionLayer}: a valid, NCHW, ReLU convolution computed as one im2col and
 * one BLAS gemm per pass. DL4J 1.0.0-M2.1's own layer spends ~80 % of a Nature-CNN training step copying its im2col
 * buffer into a permuted view element by element (see docs/benchmarks/cnn.md); this layer is proven equal to it by
 * {@code GemmConvolutionLayerTest}.
 *
 * <p>{@code inputGradient=false} is for the first layer: the network's input needs no gradient, so the layer skips
 * that gemm and col2im and hands back a NaN-filled gradient (use {@code true} wherever the gradient is used).
 */
public final class GemmConvolution extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("inputGradient")
    private boolean inputGradient = true;

    /** For JSON deserialisation. */
    public GemmConvolution() {
        super();
    }

    public GemmConvolution(int filters, int kernel, int stride, boolean inputGradient) {
        super(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU));
        this.inputGradient = inputGradient;
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        GemmConvolutionLayer layer = new GemmConvolutionLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        ParamInitializer initializer = initializer();
        Map<String, INDArray> params = initializer.init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GemmConvolution other && other.inputGradient == inputGradient && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }
}
