package dev.qsweep.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A Q-network (an MLP or a CNN, see {@link QNetworkArchitecture}) on a DL4J {@link MultiLayerNetwork}, trained one
 * Adam step at a time.
 *
 * <p>DL4J's backprop computes the gradient (through {@link TakenActionLoss}); {@link FlatAdam} applies DL4J's Adam
 * arithmetic to it in one Java pass, on DL4J's own updater state. What this class adds is speed and DQN semantics:
 * <ul>
 *   <li>training skips {@code fit()} (DataSet, Solver, listeners, score pass) and reuses the input,
 *       label and mask arrays between calls;</li>
 *   <li>the gradient is that of the batch-mean loss, optionally clipped by its global L2 norm over all
 *       parameters like {@code torch.nn.utils.clip_grad_norm_} (DL4J's own clipping is per layer);</li>
 *   <li>evaluation of small nets runs in plain Java ({@link ConvForward}, {@link MlpForward}) on a float copy of
 *       the weights, refreshed lazily after the weights change. Tests prove it matches {@code output()}.</li>
 * </ul>
 * DL4J's Adam differs from torch's in where ε goes: DL4J divides by {@code √v + ε} with v not
 * bias-corrected, torch by {@code √v̂ + ε}; with ε = 1e-8 the difference is negligible.
 *
 * <p>Not thread-safe; use one instance per thread.
 */
public final class QNetwork {
    private static final int FORMAT_MAGIC = 0x514E4554; // "QNET"
    private static final int FORMAT_VERSION = 2; // 2 added the architecture; 1 (MLP only) is still read
    private static final double CLIP_EPSILON = 1e-6; // torch's clip_grad_norm_: max / (norm + 1e-6)
    /** Measured crossover: Java ≈ 2.3 G multiply-adds/s; DL4J ≈ 250 µs + 10 G/s (one core, QNetworkBench). */
    static final long DL4J_BATCH_MIN_MACS = 800_000;
    private static final String EVALUATION_WORKSPACE_ID = "qsweep-qnetwork-evaluation";
    private static final WorkspaceConfiguration EVALUATION_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private QNetworkSpec spec;
    private final MultiLayerNetwork net;
    private final TakenActionLoss loss;
    private final INDArray params;
    private final INDArray gradients;
    /** DL4J's Adam state, {@code [m of every parameter, v of every parameter]}; {@link FlatAdam} updates it in place. */
    private final INDArray adamState;
    private final FlatAdam adam = new FlatAdam();
    /** Plain-Java evaluation for small nets: the convolutions (null for an MLP or a large CNN), then the dense layers. */
    private final ConvForward convForward;
    private final MlpForward forward;
    private final float[] actionScratch;
    private boolean forwardStale = true;
    /** Reused inputs of DL4J evaluations by batch size: a CNN's online net alternates between 1 (acting) and B (Double DQN). */
    private final java.util.Map<Integer, INDArray> evaluationInputs = new java.util.HashMap<>();
    private final long multiplyAddsPerRow;
    private TrainingBatch trainingBatch;

    static {
        Nd4jRuntime.preferFastNativeAllocation();
    }

    private QNetwork(QNetworkSpec spec, MultiLayerNetwork net) {
        this.spec = spec;
        this.net = net;
        this.loss = (TakenActionLoss) ((OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getLossFn();
        net.getUpdater(); // creates the gradient view and the Adam state now, not inside the first train call
        this.params = net.params();
        this.gradients = net.getFlattenedGradients().reshape(params.shape()); // a view: same memory, params' shape
        if (gradients.data().address() != net.getFlattenedGradients().data().address()) {
            throw new IllegalStateException("flattened gradient reshape copied instead of viewing");
        }
        this.adamState = net.getUpdater().getStateViewArray();
        checkFlatAdamLayout();
        this.actionScratch = new float[spec.numActions()];
        long macs = multiplyAddsPerState(spec);
        // A state whose forward pass alone is past the crossover never gains from Java: evaluate it with DL4J only.
        boolean javaEvaluation = macs < DL4J_BATCH_MIN_MACS;
        QNetworkArchitecture architecture = spec.architecture();
        this.convForward = javaEvaluation && architecture.isConvolutional()
                ? new ConvForward(architecture.inputChannelsHeightWidth(), architecture.convolutions()) : null;
        this.forward = javaEvaluation ? new MlpForward(spec.denseLayerWidths()) : null;
        for (int l = 0; convForward != null && l < architecture.convolutions().length; l++) {
            INDArray w = net.getLayer(l).getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = net.getLayer(l).getParam(DefaultParamInitializer.BIAS_KEY);
            if (!Shape.hasDefaultStridesForShape(w) || w.ordering() != 'c' || b.elementWiseStride() != 1) {
                throw new IllegalStateException("convolution " + l + " parameters are not contiguous c-order views");
            }
        }
        this.multiplyAddsPerRow = macs;
    }

    /** PBT: later updates step with {@code learningRate}; parameters and Adam moments stay as they are. */
    public void useLearningRate(double learningRate) {
        spec = new QNetworkSpec(spec.architecture(), spec.numActions(), learningRate, spec.loss(), spec.maxGradNorm(),
                spec.adamEpsilon());
    }

    /** A fresh network; every parameter is drawn from {@code seed}, so equal seeds give equal nets. */
    public static QNetwork create(QNetworkSpec spec, long seed) {
        Objects.requireNonNull(spec, "spec");
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, seed));
        net.init();
        initialiseLikeTorch(net, seed);
        return new QNetwork(spec, net);
    }

    private static MultiLayerConfiguration configuration(QNetworkSpec spec, long seed) {
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
            layers.layer(new DenseLayer.Builder().nIn(width).nOut(units).activation(Activation.RELU).build());
            width = units;
        }
        layers.layer(new OutputLayer.Builder(new TakenActionLoss(spec.loss()))
                .nIn(width).nOut(spec.numActions()).activation(Activation.IDENTITY).build());
        if (architecture.isConvolutional()) {
            // Flat c-order [batch, channels·height·width] rows in; DL4J reshapes them to NCHW without a copy.
            int[] chw = architecture.inputChannelsHeightWidth();
            layers.setInputType(InputType.convolutionalFlat(chw[1], chw[2], chw[0]));
        }
        return layers.build();
    }

    /**
     * PyTorch's nn.Linear and nn.Conv2d default: weights and biases ~ U(±1/√fanIn), fanIn = inputs per output
     * unit (in·kH·kW for a convolution). Drawn from a SplittableRandom rather than ND4J's global RNG so the result
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

    public QNetworkSpec spec() {
        return spec;
    }

    /** Q-values of one state: {@code out[a] = Q(obs, a)}. */
    public void qValues(float[] obs, float[] out) {
        checkLength("obs", obs, spec.inputSize());
        checkLength("out", out, spec.numActions());
        if (forward == null) {
            qValuesBatch(obs, 1, out);
            return;
        }
        refreshForwardIfStale();
        forwardInJava(obs, 0, out, 0);
    }

    /** argmax_a Q(obs, a); ties go to the lowest index, like {@code torch.argmax}. */
    public int greedyAction(float[] obs) {
        qValues(obs, actionScratch);
        int best = 0;
        for (int a = 1; a < actionScratch.length; a++) {
            if (actionScratch[a] > actionScratch[best]) best = a;
        }
        return best;
    }

    /**
     * Q-values of {@code batchSize} states, row-major {@code [batch][input] → [batch][action]}. Small
     * work goes through the Java path; from {@link #DL4J_BATCH_MIN_MACS} multiply-adds on (every batch of a Nature CNN), DL4J's
     * {@code output()} on a reused input array is faster (its ~250 µs of per-call overhead is then paid
     * back by BLAS gemm running ~4× faster than the Java loops).
     */
    public void qValuesBatch(float[] obsBatch, int batchSize, float[] out) {
        checkBatchSize(batchSize);
        checkLength("obsBatch", obsBatch, batchSize * spec.inputSize());
        checkLength("out", out, batchSize * spec.numActions());
        if (forward == null || (long) batchSize * multiplyAddsPerRow >= DL4J_BATCH_MIN_MACS) {
            INDArray evaluationInput = evaluationInputs.computeIfAbsent(batchSize,
                    rows -> TrainingBatch.detachedMatrix(rows, spec.inputSize()));
            TrainingBatch.put(evaluationInput, obsBatch, batchSize * spec.inputSize());
            try (MemoryWorkspace scratch = Nd4j.getWorkspaceManager().getAndActivateWorkspace(EVALUATION_WORKSPACE, EVALUATION_WORKSPACE_ID)) {
                NdFloats.read(net.output(evaluationInput, false, null, null, scratch), out);
            }
            return;
        }
        refreshForwardIfStale();
        int in = spec.inputSize();
        int actions = spec.numActions();
        for (int r = 0; r < batchSize; r++) {
            forwardInJava(obsBatch, r * in, out, r * actions);
        }
    }

    /**
     * One Adam step on mean_i ℓ(Q(s_i,a_i) − y_i); only the taken action's output gets gradient.
     *
     * @param obsBatch row-major {@code [batchSize][inputSize]}
     * @param actions  taken actions, {@code [batchSize]}
     * @param targets  TD targets y_i, {@code [batchSize]}
     * @return loss and mean Q(s_i,a_i) of the batch before the step
     */
    public TrainStats train(float[] obsBatch, int[] actions, float[] targets, int batchSize) {
        checkBatchSize(batchSize);
        checkLength("obsBatch", obsBatch, batchSize * spec.inputSize());
        if (actions == null || actions.length != batchSize) throw new IllegalArgumentException("actions must have length " + batchSize);
        checkLength("targets", targets, batchSize);
        TrainingBatch batch = trainingBatch(batchSize);
        batch.fill(obsBatch, actions, targets);

        Gradient gradient = net.calculateGradients(batch.input(), batch.labels(), null, batch.mask()).getFirst();
        net.clearLayerMaskArrays(); // a leftover label mask would zero outputs in later output() calls
        if (gradient.gradient().data().address() != gradients.data().address()) {
            // FlatAdam reads the flattened gradient view; DL4J must have written into it.
            throw new IllegalStateException("DL4J returned a gradient outside the flattened gradient view");
        }
        double clipScale = spec.clipsGradients() ? globalNormClipScale(batchSize) : 1.0;
        int iteration = net.getIterationCount();
        // One fused pass: the mean-loss gradient (DL4J's is the sum's), clipped, then Adam and θ −= update.
        adam.step(NdFloats.buffer(params), Math.toIntExact(params.offset()), NdFloats.buffer(gradients),
                Math.toIntExact(gradients.offset()), NdFloats.buffer(adamState), Math.toIntExact(adamState.offset()),
                Math.toIntExact(params.length()), (float) (clipScale / batchSize),
                FlatAdam.stepSize(spec.learningRate(), spec.adamEpsilon(), iteration), (float) spec.adamEpsilon());
        net.setIterationCount(iteration + 1);
        forwardStale = true;
        return new TrainStats(loss.lastLossSum() / batchSize, loss.lastTakenQSum() / batchSize);
    }

    /**
     * The factor that clips the mean-loss gradient g/B to L2 norm {@code maxGradNorm} as torch does
     * (max/(‖g/B‖ + 1e-6) when that is below 1, else 1). DL4J's gradient here is the sum-loss gradient g.
     */
    private double globalNormClipScale(int batchSize) {
        double meanGradientNorm = gradients.norm2Number().doubleValue() / batchSize;
        double scale = spec.maxGradNorm() / (meanGradientNorm + CLIP_EPSILON);
        return Math.min(scale, 1.0);
    }

    /** {@link FlatAdam} needs one Adam block over all parameters, in the flat parameter order, in contiguous buffers. */
    private void checkFlatAdamLayout() {
        long n = params.length();
        if (adamState == null || adamState.length() != 2 * n || ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks().size() != 1) {
            throw new IllegalStateException("expected one Adam block holding [m, v] of all " + n + " parameters");
        }
        for (INDArray flat : new INDArray[] {params, gradients, adamState}) {
            if (flat.elementWiseStride() != 1 || flat.ordering() != 'c') {
                throw new IllegalStateException("flat parameter, gradient and Adam arrays must be contiguous");
            }
        }
    }

    /** Hard target update: this ← other's weights (not its optimiser state). */
    public void copyParametersFrom(QNetwork other) {
        checkSameArchitecture(other);
        params.assign(other.params);
        forwardStale = true;
    }

    /** Polyak update θ ← τ·θ_online + (1−τ)·θ, in float32 like torch's {@code τ*p_o + (1-τ)*p}. */
    public void softUpdateFrom(QNetwork online, double tau) {
        checkSameArchitecture(online);
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in [0, 1], got " + tau);
        float onlineWeight = (float) tau;
        float ownWeight = (float) (1.0 - tau);
        FloatBuffer own = NdFloats.buffer(params);
        FloatBuffer theirs = NdFloats.buffer(online.params);
        long ownOffset = params.offset();
        long theirOffset = online.params.offset();
        long n = params.length();
        for (long k = 0; k < n; k++) {
            int i = (int) (ownOffset + k);
            float mixed = onlineWeight * theirs.get((int) (theirOffset + k)) + ownWeight * own.get(i);
            own.put(i, mixed);
        }
        forwardStale = true;
    }

    /** Writes spec, weights and Adam state; does not close {@code out}. */
    public void write(OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, model, true);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(FORMAT_MAGIC);
        data.writeInt(FORMAT_VERSION);
        writeSpec(data, spec);
        data.writeInt(model.size());
        model.writeTo(data);
        data.flush();
    }

    /** Reads what {@link #write} wrote, consuming exactly those bytes; training then continues bit-identically. */
    public static QNetwork read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readInt();
        if (magic != FORMAT_MAGIC) throw new IOException("not a QNetwork stream (bad magic " + Integer.toHexString(magic) + ")");
        int version = data.readInt();
        if (version != FORMAT_VERSION && version != 1) {
            throw new IOException("unsupported QNetwork format version " + version + ", expected 1 or " + FORMAT_VERSION);
        }
        QNetworkSpec spec = readSpec(data, version);
        byte[] model = new byte[data.readInt()];
        data.readFully(model);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), true);
        QNetwork restored = new QNetwork(spec, net);
        if (net.numParams() != expectedParameterCount(spec) || restored.loss.kind() != spec.loss()) {
            throw new IOException("stored network does not match its stored spec " + spec);
        }
        return restored;
    }

    /**
     * The underlying DL4J network. If you change its parameters through it, call
     * {@link #parametersChanged()} afterwards so the fast evaluation path sees the change.
     */
    public MultiLayerNetwork dl4jNetwork() {
        return net;
    }

    /** Tells the fast evaluation path that the weights were changed behind its back. */
    public void parametersChanged() {
        forwardStale = true;
    }

    private void forwardInJava(float[] input, int inputOffset, float[] out, int outOffset) {
        if (convForward == null) {
            forward.forward(input, inputOffset, out, outOffset);
        } else {
            forward.forward(convForward.forward(input, inputOffset), 0, out, outOffset);
        }
    }

    private void refreshForwardIfStale() {
        if (!forwardStale || forward == null) return;
        FloatBuffer source = NdFloats.buffer(params);
        int convolutions = convForward == null ? 0 : spec.architecture().convolutions().length;
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = net.getLayer(l).getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = net.getLayer(l).getParam(DefaultParamInitializer.BIAS_KEY);
            if (w.data().address() != params.data().address()) {
                throw new IllegalStateException("layer " + l + " weights are not a view of the flat parameter buffer");
            }
            if (l < convolutions) {
                convForward.loadLayer(l, source, w.offset(), b.offset()); // contiguous: checked in the constructor
            } else {
                forward.loadLayer(l - convolutions, source, w.offset(), w.stride(0), w.stride(1), b.offset(), b.stride(b.rank() - 1));
            }
        }
        forwardStale = false;
    }

    private TrainingBatch trainingBatch(int batchSize) {
        if (trainingBatch == null || trainingBatch.size() != batchSize) {
            trainingBatch = new TrainingBatch(batchSize, spec.inputSize(), spec.numActions());
        }
        return trainingBatch;
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
        for (int units : architecture.denseHiddenSizes()) {
            count += width * units + units;
            width = units;
        }
        return count + width * spec.numActions() + spec.numActions();
    }

    private void checkSameArchitecture(QNetwork other) {
        Objects.requireNonNull(other, "other");
        if (!spec.sameArchitectureAs(other.spec)) {
            throw new IllegalArgumentException("architectures differ: " + spec + " vs " + other.spec);
        }
    }

    private void checkBatchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    }

    private static void checkLength(String name, float[] array, int expected) {
        if (array == null || array.length < expected) {
            throw new IllegalArgumentException(name + " must have at least " + expected + " elements, got "
                    + (array == null ? "null" : array.length));
        }
    }

    private static void writeSpec(DataOutputStream data, QNetworkSpec spec) throws IOException {
        QNetworkArchitecture architecture = spec.architecture();
        data.writeUTF(architecture.settingName());
        if (architecture instanceof QNetworkArchitecture.Mlp mlp) {
            data.writeInt(mlp.inputSize());
            int[] hidden = mlp.hiddenSizes();
            data.writeInt(hidden.length);
            for (int h : hidden) data.writeInt(h);
        } else {
            // In the architecture's own component order.
            int[] dims = architecture instanceof QNetworkArchitecture.NatureCnn n
                    ? new int[] {n.frames(), n.height(), n.width()}
                    : minAtarDims((QNetworkArchitecture.MinAtarCnn) architecture);
            for (int d : dims) data.writeInt(d);
        }
        data.writeInt(spec.numActions());
        data.writeDouble(spec.learningRate());
        data.writeUTF(spec.loss().name());
        data.writeDouble(spec.maxGradNorm());
        data.writeDouble(spec.adamEpsilon());
    }

    private static int[] minAtarDims(QNetworkArchitecture.MinAtarCnn m) {
        return new int[] {m.height(), m.width(), m.channels()};
    }

    private static QNetworkSpec readSpec(DataInputStream data, int version) throws IOException {
        String kind = version == 1 ? "mlp" : data.readUTF();
        QNetworkArchitecture architecture;
        try {
            architecture = switch (kind) {
                case "mlp" -> {
                    int inputSize = data.readInt();
                    int[] hidden = new int[data.readInt()];
                    for (int i = 0; i < hidden.length; i++) hidden[i] = data.readInt();
                    yield new QNetworkArchitecture.Mlp(inputSize, hidden);
                }
                case "nature_cnn" -> new QNetworkArchitecture.NatureCnn(data.readInt(), data.readInt(), data.readInt());
                case "minatar_cnn" -> new QNetworkArchitecture.MinAtarCnn(data.readInt(), data.readInt(), data.readInt());
                default -> throw new IOException("unknown network architecture '" + kind + "' in QNetwork stream");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid network architecture in QNetwork stream: " + e.getMessage(), e);
        }
        int numActions = data.readInt();
        double learningRate = data.readDouble();
        Loss loss = Loss.valueOf(data.readUTF());
        double maxGradNorm = data.readDouble();
        double adamEpsilon = data.readDouble();
        return new QNetworkSpec(architecture, numActions, learningRate, loss, maxGradNorm, adamEpsilon);
    }
}
