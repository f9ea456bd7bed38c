package dev.qsweep.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Q-network (an MLP or a CNN, see {@link QNetworkArchitecture}) on a DL4J {@link MultiLayerNetwork}, trained one
 * Adam step at a time. DL4J defines the network, owns its parameters and Adam state, initialises and serialises it,
 * and is the reference for the gradient; the work is split by concern:
 * <ul>
 *   <li>{@link QNetworkBuilder}: architecture → DL4J configuration, PyTorch-like initialisation;</li>
 *   <li>{@link FusedMlp} (MLPs), {@link FusedCnn} (CNNs) or {@link Dl4jGradient} (DL4J's backprop: the reference,
 *       the CUDA backend): the gradient of the summed loss, written into DL4J's flat gradient view; tests prove the
 *       fused ones equal to DL4J's;</li>
 *   <li>this class: global-norm clipping like {@code torch.nn.utils.clip_grad_norm_} (DL4J's own clipping is per
 *       layer) and the step by {@link FlatAdam}, DL4J's Adam arithmetic on DL4J's own updater state;</li>
 *   <li>{@link JavaEvaluation} (one state of a small net), {@link FusedMlp} (MLP batches) and {@link FusedCnn}
 *       (CNN batches, and one state of a Nature CNN): fast inference;</li>
 *   <li>{@link QNetworkFormat}: the byte format.</li>
 * </ul>
 * DL4J's Adam differs from torch's in where ε goes: DL4J divides by {@code √v + ε} with v not
 * bias-corrected, torch by {@code √v̂ + ε}; with ε = 1e-8 the difference is negligible.
 *
 * <p>Not thread-safe; use one instance per thread.
 */
public final class QNetwork {
    private static final double CLIP_EPSILON = 1e-6; // torch's clip_grad_norm_: max / (norm + 1e-6)
    /** Measured crossover: Java ≈ 2.3 G multiply-adds/s; DL4J ≈ 250 µs + 10 G/s (one core, QNetworkBench). */
    static final long DL4J_BATCH_MIN_MACS = 800_000;
    /** Benchmark switch: train MLPs through DL4J's backprop instead of {@link FusedMlp}. */
    static final String DL4J_BACKPROP_PROPERTY = "qsweep.dl4jBackprop";
    private static final String EVALUATION_WORKSPACE_ID = "qsweep-qnetwork-evaluation";
    private static final WorkspaceConfiguration EVALUATION_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();

    private QNetworkSpec spec;
    private final MultiLayerNetwork net;
    private final INDArray params;
    private final INDArray gradients;
    /** DL4J's Adam state, {@code [m of every parameter, v of every parameter]}; {@link FlatAdam} updates it in place. */
    private final INDArray adamState;
    private final FloatBuffer parameterBuffer;
    private final FloatBuffer gradientBuffer;
    private final FloatBuffer adamStateBuffer;
    private final FlatAdam adam = new FlatAdam();
    /** When set, RMSprop steps instead of Adam; its state is the caller's (the agent checkpoints it). */
    private dev.qsweep.agent.rainbow.FlatRmsProp rmsProp;
    /** The fused MLP path (null for a CNN); otherwise DL4J's backprop computes the gradient. */
    private final FusedMlp fusedMlp;
    /** The fused CNN path (null for an MLP, the CUDA backend or {@code -Dqsweep.dl4jBackprop=true}). */
    private final FusedCnn fusedCnn;
    private final Dl4jGradient dl4jGradient;
    /** Plain-Java evaluation of one state for small nets (null for a large CNN). */
    private final JavaEvaluation javaEvaluation;
    private final float[] actionScratch;
    /** Reused inputs of DL4J evaluations by batch size: a CNN's online net alternates between 1 (acting) and B (Double DQN). */
    private final java.util.Map<Integer, INDArray> evaluationInputs = new java.util.HashMap<>();
    private final long multiplyAddsPerRow;
    /** A head other than today's: raw last-layer outputs → Q-values and logits; null for today's head. */
    private final HeadOutputs headOutputs;
    private float[] rawScratch;
    /** The noise of a noisy head's layers (null without): drawn by the owner, read by every forward path. */
    private final NetworkNoise noise;

    static {
        Nd4jRuntime.preferFastNativeAllocation();
    }

    private QNetwork(QNetworkSpec spec, MultiLayerNetwork net) {
        this.spec = spec;
        this.net = net;
        net.getUpdater(); // creates the gradient view and the Adam state now, not inside the first train call
        this.params = net.params();
        this.gradients = net.getFlattenedGradients().reshape(params.shape()); // a view: same memory, params' shape
        if (gradients.data().address() != net.getFlattenedGradients().data().address()) {
            throw new IllegalStateException("flattened gradient reshape copied instead of viewing");
        }
        this.adamState = net.getUpdater().getStateViewArray();
        checkFlatAdamLayout();
        this.parameterBuffer = NdFloats.buffer(params);
        this.gradientBuffer = NdFloats.buffer(gradients);
        this.adamStateBuffer = NdFloats.buffer(adamState);
        this.actionScratch = new float[spec.numActions()];
        this.multiplyAddsPerRow = QNetworkBuilder.multiplyAddsPerState(spec);
        this.noise = spec.head().noisy() ? attachNoise(net) : null;
        // A state whose forward pass alone is past the crossover never gains from Java: evaluate it with DL4J only.
        this.javaEvaluation = multiplyAddsPerRow < DL4J_BATCH_MIN_MACS ? new JavaEvaluation(spec, net) : null;
        this.fusedMlp = usesFusedMlp(spec) ? new FusedMlp(spec, net, params, gradients) : null;
        this.fusedCnn = usesFusedCnn(spec) ? new FusedCnn(spec, net, params, gradients) : null;
        this.dl4jGradient = new Dl4jGradient(spec, net, gradients);
        this.headOutputs = spec.head().isPlain() ? null : new HeadOutputs(spec.head(), spec.numActions());
        this.rawScratch = new float[spec.outputWidth()];
        if (noise != null) {
            if (javaEvaluation != null) javaEvaluation.useNoise(new NoisyWeights(net, noise));
            if (fusedMlp != null) fusedMlp.useNoise(new NoisyWeights(net, noise));
            if (fusedCnn != null) fusedCnn.useNoise(net, noise);
        }
    }

    /** One {@link NetworkNoise} for the net's {@link NoisyDenseLayer}s, attached to each of them in layer order. */
    static NetworkNoise attachNoise(MultiLayerNetwork net) {
        java.util.List<NoisyDenseLayer> layers = new java.util.ArrayList<>();
        for (int l = 0; l < net.getnLayers(); l++) {
            if (net.getLayer(l) instanceof NoisyDenseLayer layer) layers.add(layer);
        }
        int[] inputs = new int[layers.size()];
        int[] outputs = new int[layers.size()];
        for (int k = 0; k < inputs.length; k++) {
            NoisyDense conf = (NoisyDense) layers.get(k).conf().getLayer();
            inputs[k] = Math.toIntExact(conf.getNIn());
            outputs[k] = Math.toIntExact(conf.getNOut());
        }
        NetworkNoise noise = new NetworkNoise(inputs, outputs);
        for (int k = 0; k < inputs.length; k++) layers.get(k).attach(noise, k);
        return noise;
    }

    /** Whether the head's layers are noisy ({@link QNetworkHead#noisy}). */
    public boolean isNoisy() {
        return noise != null;
    }

    /**
     * Fresh factorised noise for every noisy layer from {@code normals} (first layer to last, each its inputs' then
     * its outputs' draws); every forward pass and training step uses it until the next call or
     * {@link #useMeanWeights}. Only for a noisy network.
     */
    public void resampleNoise(dev.qsweep.agent.rainbow.StandardNormals normals) {
        requireNoisy().resample(normals);
    }

    /** ε = 0 until the next {@link #resampleNoise}: forward passes use the mean weights μ (greedy evaluation). */
    public void useMeanWeights() {
        requireNoisy().useMeanWeights();
    }

    /** The noise in use (for checkpoints); read back with {@link #readNoise}. */
    void writeNoise(java.io.DataOutput out) throws IOException {
        requireNoisy().writeState(out);
    }

    void readNoise(java.io.DataInput in) throws IOException {
        requireNoisy().readState(in);
    }

    private NetworkNoise requireNoisy() {
        if (noise == null) throw new IllegalStateException("this network has no noisy layers: " + spec.head());
        return noise;
    }

    /**
     * MLPs train through {@link FusedMlp} on the CPU backend (it calls OpenBLAS on host memory); CNNs, the CUDA backend
     * and {@code -Dqsweep.dl4jBackprop=true} (the "before" of the benchmarks) use DL4J's backprop.
     */
    static boolean usesFusedMlp(QNetworkSpec spec) {
        return spec.isMlp() && !Boolean.getBoolean(DL4J_BACKPROP_PROPERTY)
                && Nd4jRuntime.loadedBackend() == Nd4jRuntime.Backend.CPU;
    }

    /** CNNs train through {@link FusedCnn} under the same conditions as {@link #usesFusedMlp}. */
    static boolean usesFusedCnn(QNetworkSpec spec) {
        return spec.architecture().isConvolutional() && !Boolean.getBoolean(DL4J_BACKPROP_PROPERTY)
                && Nd4jRuntime.loadedBackend() == Nd4jRuntime.Backend.CPU;
    }

    /** PBT: later updates step with {@code learningRate}; parameters and Adam moments stay as they are. */
    public void useLearningRate(double learningRate) {
        spec = new QNetworkSpec(spec.architecture(), spec.numActions(), learningRate, spec.loss(), spec.maxGradNorm(),
                spec.adamEpsilon(), spec.head());
    }

    /** A fresh network; every parameter is drawn from {@code seed}, so equal seeds give equal nets. */
    public static QNetwork create(QNetworkSpec spec, long seed) {
        Objects.requireNonNull(spec, "spec");
        return new QNetwork(spec, QNetworkBuilder.build(spec, seed));
    }

    public QNetworkSpec spec() {
        return spec;
    }

    /** Q-values of one state: {@code out[a] = Q(obs, a)}. */
    public void qValues(float[] obs, float[] out) {
        checkLength("obs", obs, spec.inputSize());
        checkLength("out", out, spec.numActions());
        if (javaEvaluation == null) {
            qValuesBatch(obs, 1, out);
            return;
        }
        if (headOutputs == null) {
            javaEvaluation.qValues(obs, 0, out, 0);
            return;
        }
        javaEvaluation.qValues(obs, 0, rawScratch, 0);
        headOutputs.qValues(rawScratch, 1, out);
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
     * Q-values of {@code batchSize} states, row-major {@code [batch][input] → [batch][action]}. An MLP batch goes
     * through {@link FusedMlp} (one sgemm per layer), a CNN batch through {@link FusedCnn} (one sgemm per layer).
     * Without a fused path ({@code -Dqsweep.dl4jBackprop=true}, CUDA) small CNN work goes through the Java path; from
     * {@link #DL4J_BATCH_MIN_MACS} multiply-adds on (every batch of a Nature CNN), DL4J's {@code output()} on a
     * reused input array is faster (its ~250 µs of per-call overhead is then paid back by BLAS gemm running ~4×
     * faster than the Java loops).
     */
    public void qValuesBatch(float[] obsBatch, int batchSize, float[] out) {
        checkBatchSize(batchSize);
        checkLength("obsBatch", obsBatch, batchSize * spec.inputSize());
        checkLength("out", out, batchSize * spec.numActions());
        if (headOutputs == null) {
            outputsBatch(obsBatch, batchSize, out);
            return;
        }
        headOutputs.qValues(rawOutputsBatch(obsBatch, batchSize), batchSize, out);
    }

    /**
     * The head's logits {@code [batch][actions][atoms]} of {@code batchSize} states (after the dueling aggregation):
     * what a distributional target is made of. With one atom these are the Q-values.
     */
    public void logitsBatch(float[] obsBatch, int batchSize, float[] out) {
        checkBatchSize(batchSize);
        checkLength("obsBatch", obsBatch, batchSize * spec.inputSize());
        checkLength("out", out, batchSize * spec.numActions() * spec.head().numAtoms());
        if (headOutputs == null) {
            outputsBatch(obsBatch, batchSize, out);
            return;
        }
        headOutputs.logits(rawOutputsBatch(obsBatch, batchSize), batchSize, out);
    }

    private float[] rawOutputsBatch(float[] obsBatch, int batchSize) {
        int size = batchSize * spec.outputWidth();
        if (rawScratch.length < size) rawScratch = new float[size];
        outputsBatch(obsBatch, batchSize, rawScratch);
        return rawScratch;
    }

    /** The last layer's outputs {@code [batch][outputWidth]}: Q-values for today's head. */
    private void outputsBatch(float[] obsBatch, int batchSize, float[] out) {
        if (fusedMlp != null && batchSize > 1) {
            fusedMlp.qValues(obsBatch, batchSize, out);
            return;
        }
        // A CNN batch, or one state of a CNN too large for JavaEvaluation (the Nature CNN's acting).
        if (fusedCnn != null && (batchSize > 1 || javaEvaluation == null)) {
            fusedCnn.qValues(obsBatch, batchSize, out);
            return;
        }
        if (javaEvaluation == null || (long) batchSize * multiplyAddsPerRow >= DL4J_BATCH_MIN_MACS) {
            INDArray evaluationInput = evaluationInputs.computeIfAbsent(batchSize,
                    rows -> TrainingBatch.detachedMatrix(rows, spec.inputSize()));
            TrainingBatch.put(evaluationInput, obsBatch, batchSize * spec.inputSize());
            try (MemoryWorkspace scratch = Nd4j.getWorkspaceManager().getAndActivateWorkspace(EVALUATION_WORKSPACE, EVALUATION_WORKSPACE_ID)) {
                NdFloats.read(net.output(evaluationInput, false, null, null, scratch), out);
            }
            return;
        }
        int in = spec.inputSize();
        int width = spec.outputWidth();
        for (int r = 0; r < batchSize; r++) {
            javaEvaluation.qValues(obsBatch, r * in, out, r * width);
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
        return train(obsBatch, actions, targets, null, batchSize, null);
    }

    /**
     * As {@link #train(float[], int[], float[], int)} on mean_i w_i·ℓ(Q(s_i,a_i) − y_i): prioritized replay's
     * importance-sampling weights scale each row's loss and gradient. {@code weights} null means all ones.
     */
    public TrainStats train(float[] obsBatch, int[] actions, float[] targets, float[] weights, int batchSize) {
        return train(obsBatch, actions, targets, weights, batchSize, null);
    }

    /**
     * One optimizer step on the (importance-weighted) mean of the head's loss: ℓ(Q(s_i,a_i) − y_i) with one atom
     * ({@code targets [batchSize]}), the cross-entropy against the projected target distribution with several
     * ({@code targets [batchSize][atoms]}). {@code weights} null means all ones. Each sample's unweighted loss goes
     * into {@code perSampleLoss} when it is not null (prioritized replay's priorities).
     */
    public TrainStats train(float[] obsBatch, int[] actions, float[] targets, float[] weights, int batchSize,
                            float[] perSampleLoss) {
        checkBatchSize(batchSize);
        checkLength("obsBatch", obsBatch, batchSize * spec.inputSize());
        if (actions == null || actions.length != batchSize) throw new IllegalArgumentException("actions must have length " + batchSize);
        checkLength("targets", targets, batchSize * spec.head().numAtoms());
        if (weights != null) checkLength("weights", weights, batchSize);
        if (perSampleLoss != null) checkLength("perSampleLoss", perSampleLoss, batchSize);
        TrainStats stats;
        if (fusedMlp != null) {
            stats = fusedMlp.sumLossGradient(obsBatch, actions, targets, weights, batchSize, perSampleLoss);
        } else if (fusedCnn != null) {
            stats = fusedCnn.sumLossGradient(obsBatch, actions, targets, weights, batchSize, perSampleLoss);
        } else if (headOutputs != null) {
            stats = dl4jGradient.headLossGradient(obsBatch, actions, targets, weights, batchSize, perSampleLoss);
        } else {
            if (perSampleLoss != null) throw new UnsupportedOperationException("per-sample losses of today's head need a fused path");
            stats = dl4jGradient.sumLossGradient(obsBatch, actions, targets, weights, batchSize);
        }
        double clipScale = spec.clipsGradients() ? globalNormClipScale(batchSize) : 1.0;
        int iteration = net.getIterationCount();
        if (rmsProp != null) {
            rmsProp.step(parameterBuffer, Math.toIntExact(params.offset()), gradientBuffer,
                    Math.toIntExact(gradients.offset()), (float) (clipScale / batchSize), (float) spec.learningRate());
            net.setIterationCount(iteration + 1);
            parametersChanged();
            return stats;
        }
        // One fused pass: the mean-loss gradient (DL4J's is the sum's), clipped, then Adam and θ −= update.
        adam.step(parameterBuffer, Math.toIntExact(params.offset()), gradientBuffer,
                Math.toIntExact(gradients.offset()), adamStateBuffer, Math.toIntExact(adamState.offset()),
                Math.toIntExact(params.length()), (float) (clipScale / batchSize),
                FlatAdam.stepSize(spec.learningRate(), spec.adamEpsilon(), iteration), (float) spec.adamEpsilon());
        net.setIterationCount(iteration + 1);
        parametersChanged();
        return stats;
    }

    /**
     * The factor that clips the mean-loss gradient g/B to L2 norm {@code maxGradNorm} as torch does
     * (max/(‖g/B‖ + 1e-6) when that is below 1, else 1). The gradient view holds the sum-loss gradient g.
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

    /**
     * Steps with {@code rmsProp} (sized to this network's parameters) instead of Adam from now on; DL4J's Adam state
     * is then left unused. The state is not part of {@link #write}: the owner checkpoints it.
     */
    public void useRmsProp(dev.qsweep.agent.rainbow.FlatRmsProp rmsProp) {
        if (rmsProp.size() != params.length()) {
            throw new IllegalArgumentException("RMSprop state of " + rmsProp.size() + " parameters for a network of "
                    + params.length());
        }
        this.rmsProp = rmsProp;
    }

    public long parameterCount() {
        return params.length();
    }

    /** Hard target update: this ← other's weights (not its optimiser state). */
    public void copyParametersFrom(QNetwork other) {
        checkSameArchitecture(other);
        params.assign(other.params);
        parametersChanged();
    }

    /** Polyak update θ ← τ·θ_online + (1−τ)·θ, in float32 like torch's {@code τ*p_o + (1-τ)*p}. */
    public void softUpdateFrom(QNetwork online, double tau) {
        checkSameArchitecture(online);
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in [0, 1], got " + tau);
        float onlineWeight = (float) tau;
        float ownWeight = (float) (1.0 - tau);
        FloatBuffer own = parameterBuffer;
        FloatBuffer theirs = online.parameterBuffer;
        long ownOffset = params.offset();
        long theirOffset = online.params.offset();
        long n = params.length();
        for (long k = 0; k < n; k++) {
            int i = (int) (ownOffset + k);
            float mixed = onlineWeight * theirs.get((int) (theirOffset + k)) + ownWeight * own.get(i);
            own.put(i, mixed);
        }
        parametersChanged();
    }

    /** Writes spec, weights and Adam state; does not close {@code out}. */
    public void write(OutputStream out) throws IOException {
        QNetworkFormat.write(spec, net, out);
    }

    /** Reads what {@link #write} wrote, consuming exactly those bytes; training then continues bit-identically. */
    public static QNetwork read(InputStream in) throws IOException {
        QNetworkFormat.Stored stored = QNetworkFormat.read(in);
        if (stored.spec().head().isPlain() && Dl4jGradient.takenActionLoss(stored.net()).kind() != stored.spec().loss()) {
            throw new IOException("stored network does not match its stored spec " + stored.spec());
        }
        return new QNetwork(stored.spec(), stored.net());
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
        if (javaEvaluation != null) javaEvaluation.markStale();
        if (fusedMlp != null) fusedMlp.parametersChanged();
        if (fusedCnn != null) fusedCnn.parametersChanged();
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
}
