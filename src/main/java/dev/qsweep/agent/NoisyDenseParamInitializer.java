package dev.qsweep.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parameters of a {@link NoisyDense} layer, in this order in the flat view: μ_W ({@code W}, [nIn, nOut] in 'f'
 * order like DL4J's dense layers), μ_b ({@code b}, [1, nOut]), σ_W ({@code sW}, same layout as W), σ_b
 * ({@code sb}). μ and σ keep a dense layer's layout so the fast paths ({@link FusedMlp}, {@link JavaEvaluation})
 * find them where they find a dense layer's W and b.
 *
 * <p>Initialisation (Fortunato et al. 2018, §3.2, factorised noise): μ ~ U(±1/√fan-in) by the configuration's
 * weight init (DL4J's {@code UNIFORM}; {@link QNetworkBuilder} redraws μ from the run's seed with the same
 * distribution), μ_b likewise, σ_W = σ_b = σ0/√fan-in.
 */
final class NoisyDenseParamInitializer implements ParamInitializer {
    static final String WEIGHT_KEY = DefaultParamInitializer.WEIGHT_KEY;
    static final String BIAS_KEY = DefaultParamInitializer.BIAS_KEY;
    static final String WEIGHT_SIGMA_KEY = "sW";
    static final String BIAS_SIGMA_KEY = "sb";
    private static final NoisyDenseParamInitializer INSTANCE = new NoisyDenseParamInitializer();

    static NoisyDenseParamInitializer getInstance() {
        return INSTANCE;
    }

    private static NoisyDense noisy(Layer layer) {
        if (layer instanceof NoisyDense n) return n;
        throw new IllegalArgumentException("NoisyDenseParamInitializer needs a NoisyDense layer, got " + layer.getClass().getSimpleName());
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        NoisyDense n = noisy(layer);
        return 2 * (n.getNIn() * n.getNOut() + n.getNOut());
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, BIAS_KEY, WEIGHT_SIGMA_KEY, BIAS_SIGMA_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, WEIGHT_SIGMA_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY, BIAS_SIGMA_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || WEIGHT_SIGMA_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key) || BIAS_SIGMA_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        NoisyDense n = noisy(conf.getLayer());
        Map<String, INDArray> views = views(n, paramsView);
        if (initializeParams) {
            long in = n.getNIn();
            long out = n.getNOut();
            n.getWeightInitFn().init(in, out, new long[] {in, out}, 'f', views.get(WEIGHT_KEY));
            n.getWeightInitFn().init(in, out, new long[] {1, out}, 'f', views.get(BIAS_KEY));
            double sigma = initialSigma(n.getSigma0(), in);
            views.get(WEIGHT_SIGMA_KEY).assign(sigma);
            views.get(BIAS_SIGMA_KEY).assign(sigma);
        }
        return views;
    }

    /** σ0/√fan-in, in float as the parameters hold it (the formula of {@code rainbow.NoisyLinear.initialise}). */
    static float initialSigma(double sigma0, long fanIn) {
        return (float) (sigma0 / Math.sqrt(fanIn));
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(noisy(conf.getLayer()), gradientView);
    }

    /** Views of the four parameter blocks inside a flat [1, numParams] array (parameters or gradients). */
    private Map<String, INDArray> views(NoisyDense n, INDArray flat) {
        long in = n.getNIn();
        long out = n.getNOut();
        long weights = in * out;
        if (flat.length() != numParams(n)) {
            throw new IllegalStateException("NoisyDense " + in + "→" + out + " needs " + numParams(n) + " parameters, view has " + flat.length());
        }
        INDArray row = flat.reshape(1, flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(WEIGHT_KEY, row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(0, weights)).reshape('f', in, out));
        views.put(BIAS_KEY, row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(weights, weights + out)));
        long sigmaStart = weights + out;
        views.put(WEIGHT_SIGMA_KEY, row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(sigmaStart, sigmaStart + weights)).reshape('f', in, out));
        views.put(BIAS_SIGMA_KEY, row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(sigmaStart + weights, sigmaStart + weights + out)));
        return views;
    }
}
