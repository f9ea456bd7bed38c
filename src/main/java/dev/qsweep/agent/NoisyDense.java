package dev.qsweep.agent;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A factorised Gaussian noisy dense layer (Fortunato et al. 2018), as a DL4J layer configuration: DL4J owns μ and σ
 * as ordinary trainable parameters ({@link NoisyDenseParamInitializer}: {@code W}, {@code b} are μ_W, μ_b in the
 * places a {@code DenseLayer} keeps its W and b; {@code sW}, {@code sb} are σ_W, σ_b after them), serialises them
 * and their Adam state with the model, and {@link NoisyDenseLayer} computes with W = μ_W + σ_W ⊙ ε_W and
 * b = μ_b + σ_b ⊙ ε_b. The noise ε is not a parameter: the network's owner draws it ({@link NetworkNoise}) and it
 * is part of the agent's checkpoint, not of the model bytes.
 *
 * <p>Follows the precedent of {@link GemmConvolution}: a custom configuration that instantiates a custom layer and
 * round-trips through DL4J's JSON (the class name and {@code sigma0} are stored).
 */
public final class NoisyDense extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** σ0 of σ = σ0/√fan-in at initialisation (0.5 in the paper, for factorised noise). */
    @JsonProperty("sigma0")
    private double sigma0 = 0.5;

    /** For JSON deserialisation. */
    public NoisyDense() {
        super();
    }

    private NoisyDense(Builder builder) {
        super(builder);
        this.sigma0 = builder.sigma0;
    }

    public double getSigma0() {
        return sigma0;
    }

    public void setSigma0(double sigma0) {
        this.sigma0 = sigma0;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        NoisyDenseLayer layer = new NoisyDenseLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return NoisyDenseParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long parameters = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, NoisyDense.class, inputType, outputType)
                .standardMemory(parameters, parameters).workingMemory(nIn * nOut, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(0, 0).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoisyDense other && other.sigma0 == sigma0 && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(sigma0);
    }

    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private double sigma0 = 0.5;

        public Builder sigma0(double sigma0) {
            if (!(sigma0 > 0) || Double.isInfinite(sigma0)) {
                throw new IllegalArgumentException("sigma0 must be a positive finite number, got " + sigma0);
            }
            this.sigma0 = sigma0;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public NoisyDense build() {
            return new NoisyDense(this);
        }
    }
}
