package dev.qsweep.bench;

import dev.qsweep.agent.Loss;
import dev.qsweep.agent.Nd4jRuntime;
import dev.qsweep.agent.QNetwork;
import dev.qsweep.agent.QNetworkArchitecture;
import dev.qsweep.agent.QNetworkSpec;
import dev.qsweep.agent.TakenActionLoss;
import dev.qsweep.agent.TdTargets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Per-call cost of the Nature DQN CNN (4×84×84, 6 actions) in DL4J, the side-by-side counterpart of
 * {@code scripts/bench_nature_cnn.py}. Prints one JSON line per case with median wall and thread-CPU milliseconds.
 *
 * <p>Cases (arguments; default {@code qnetwork}):
 * <ul>
 *   <li>{@code qnetwork}: {@link QNetwork} as the agent uses it: {@code train} (one Adam step), {@code update}
 *       (target-net forward of the next states, TD targets, then train) and {@code act} (greedy action of one state);</li>
 *   <li>{@code naive}: DL4J the obvious way: {@code fit(DataSet)} with its MSE loss on all outputs, default settings;</li>
 *   <li>{@code raw-nchw}, {@code raw-nhwc}, {@code raw-nchw-noworkspace}: calculateGradients + updater on variants of
 *       the network's data format and training workspace mode (the choices {@link QNetwork} made).</li>
 * </ul>
 * Run pinned to one core: {@code OMP_NUM_THREADS=1 taskset -c 0 java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp …
 * dev.qsweep.bench.ConvQNetworkBench qnetwork naive}. DL4J's oneDNN layer helpers are off by default in 1.0.0-M2.1;
 * add {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false} to measure with them.
 */
public final class ConvQNetworkBench {
    private static final int BATCH = 32;
    private static final int ACTIONS = 6;
    private static final int FRAMES = 4;
    private static final int SIDE = 84;
    private static final int INPUT = FRAMES * SIDE * SIDE;

    private ConvQNetworkBench() {}

    public static void main(String[] args) {
        Nd4jRuntime.configureForSmallNetworks(1);
        int iterations = Integer.getInteger("bench.iterations", 40);
        List<String> cases = args.length == 0 ? List.of("qnetwork") : List.of(args);
        Inputs in = new Inputs(new SplittableRandom(2));
        for (String name : cases) {
            switch (name) {
                case "qnetwork" -> benchQNetwork(in, iterations);
                case "naive" -> benchNaive(in, iterations);
                case "raw-nchw" -> benchRaw(name, in, CNN2DFormat.NCHW, WorkspaceMode.ENABLED, iterations);
                case "raw-nhwc" -> benchRaw(name, in, CNN2DFormat.NHWC, WorkspaceMode.ENABLED, iterations);
                case "raw-nchw-noworkspace" -> benchRaw(name, in, CNN2DFormat.NCHW, WorkspaceMode.NONE, iterations);
                case "gemm" -> benchGemm(iterations);
                case "adam" -> benchAdam(iterations);
                case "raw-nchw-helper" -> benchRaw(name, in, CNN2DFormat.NCHW, WorkspaceMode.ENABLED, iterations);
                default -> throw new IllegalArgumentException("unknown case " + name);
            }
        }
    }

    /** Random uint8 frames scaled by 1/255, actions and TD targets, fixed by a seed. */
    private record Inputs(float[] obs, float[] nextObs, float[] obsNhwc, int[] actions, float[] rewards, float[] targets) {
        Inputs(SplittableRandom random) {
            this(new float[BATCH * INPUT], new float[BATCH * INPUT], new float[BATCH * INPUT], new int[BATCH],
                    new float[BATCH], new float[BATCH]);
            for (int k = 0; k < obs.length; k++) {
                obs[k] = random.nextInt(256) / 255f;
                nextObs[k] = random.nextInt(256) / 255f;
            }
            for (int b = 0; b < BATCH; b++) {
                actions[b] = random.nextInt(ACTIONS);
                rewards[b] = (float) random.nextDouble();
                targets[b] = (float) random.nextDouble(0, 2);
                for (int c = 0; c < FRAMES; c++) {
                    for (int p = 0; p < SIDE * SIDE; p++) {
                        obsNhwc[b * INPUT + p * FRAMES + c] = obs[b * INPUT + c * SIDE * SIDE + p];
                    }
                }
            }
        }
    }

    private static QNetworkSpec natureSpec() {
        return new QNetworkSpec(new QNetworkArchitecture.NatureCnn(FRAMES, SIDE, SIDE), ACTIONS, 1e-4, Loss.HUBER, 10.0, 1e-8);
    }

    private static void benchQNetwork(Inputs in, int iterations) {
        QNetwork online = QNetwork.create(natureSpec(), 1);
        QNetwork target = QNetwork.create(natureSpec(), 1);
        float[] nextQ = new float[BATCH * ACTIONS];
        float[] tdTargets = new float[BATCH];
        float[] single = Arrays.copyOf(in.obs, INPUT);
        Timing train = median(() -> online.train(in.obs, in.actions, in.targets, BATCH), iterations);
        Timing update = median(() -> {
            target.qValuesBatch(in.nextObs, BATCH, nextQ);
            for (int b = 0; b < BATCH; b++) {
                tdTargets[b] = TdTargets.dqn(in.rewards[b], false, 0.99, nextQ, b * ACTIONS, ACTIONS);
            }
            online.train(in.obs, in.actions, tdTargets, BATCH);
        }, iterations);
        Timing act = median(() -> online.greedyAction(single), iterations * 10);
        print("qnetwork", train, update, act);
        if (Boolean.getBoolean("bench.forward")) {
            Timing forward = median(() -> target.qValuesBatch(in.nextObs, BATCH, nextQ), iterations);
            System.out.println("{\"case\": \"qnetwork-forward-batch\", \"forward\": " + forward.json() + "}");
        }
    }

    private static void benchNaive(Inputs in, int iterations) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-4)).list();
        addNatureLayers(layers, CNN2DFormat.NCHW);
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(ACTIONS).activation(Activation.IDENTITY).build());
        layers.setInputType(InputType.convolutional(SIDE, SIDE, FRAMES));
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        float[] labels = new float[BATCH * ACTIONS];
        for (int b = 0; b < BATCH; b++) labels[b * ACTIONS + in.actions[b]] = in.targets[b];
        Timing fit = median(() -> net.fit(new DataSet(Nd4j.create(in.obs, new long[] {BATCH, FRAMES, SIDE, SIDE}, 'c'),
                Nd4j.create(labels, new long[] {BATCH, ACTIONS}, 'c'))), iterations);
        float[] single = Arrays.copyOf(in.obs, INPUT);
        Timing act = median(() -> net.output(Nd4j.create(single, new long[] {1, FRAMES, SIDE, SIDE}, 'c')).argMax(1), iterations * 10);
        print("naive", fit, null, act);
    }

    /** calculateGradients + Adam updater, as QNetwork.train does, on a net built with the given format and workspaces. */
    private static void benchRaw(String name, Inputs in, CNN2DFormat format, WorkspaceMode workspaces, int iterations) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-4))
                .trainingWorkspaceMode(workspaces).inferenceWorkspaceMode(workspaces).list();
        addNatureLayers(layers, format);
        layers.layer(new OutputLayer.Builder(new TakenActionLoss(Loss.HUBER)).nOut(ACTIONS).activation(Activation.IDENTITY).build());
        layers.setInputType(InputType.convolutional(SIDE, SIDE, FRAMES, format));
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        if (name.endsWith("-helper")) injectHelpers(net);
        net.getUpdater();
        long[] shape = format == CNN2DFormat.NCHW ? new long[] {BATCH, FRAMES, SIDE, SIDE} : new long[] {BATCH, SIDE, SIDE, FRAMES};
        INDArray input = Nd4j.create(format == CNN2DFormat.NCHW ? in.obs : in.obsNhwc, shape, 'c');
        float[] labelRows = new float[BATCH * ACTIONS];
        float[] maskRows = new float[BATCH * ACTIONS];
        for (int b = 0; b < BATCH; b++) {
            labelRows[b * ACTIONS + in.actions[b]] = in.targets[b];
            maskRows[b * ACTIONS + in.actions[b]] = 1f;
        }
        INDArray labels = Nd4j.create(labelRows, new long[] {BATCH, ACTIONS}, 'c');
        INDArray mask = Nd4j.create(maskRows, new long[] {BATCH, ACTIONS}, 'c');
        INDArray params = net.params();
        INDArray flatGradients = net.getFlattenedGradients();
        Gradient flat = new DefaultGradient(flatGradients);
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        Timing train = median(() -> {
            net.calculateGradients(input, labels, null, mask);
            net.clearLayerMaskArrays();
            int iteration = net.getIterationCount();
            net.getUpdater().update(net, flat, iteration, 0, BATCH, noWorkspaces);
            params.subi(flatGradients.reshape(params.shape()));
            net.setIterationCount(iteration + 1);
        }, iterations);
        print(name, train, null, null);
    }

    /** DL4J's Adam updater alone on the Nature CNN's 1.69M parameters (one train step's share). */
    private static void benchAdam(int iterations) {
        QNetwork network = QNetwork.create(natureSpec(), 1);
        MultiLayerNetwork net = network.dl4jNetwork();
        Gradient flat = new DefaultGradient(net.getFlattenedGradients());
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        net.getFlattenedGradients().assign(1e-3);
        Timing adam = median(() -> net.getUpdater().update(net, flat, 1, 0, BATCH, noWorkspaces), iterations);
        System.out.println("{\"case\": \"adam\", \"params\": " + net.numParams() + ", \"update\": " + adam.json() + "}");
    }

    /** The forward gemms of the three convolutions at batch 32 (W[O][K] · col[K][N]), to see BLAS throughput. */
    private static void benchGemm(int iterations) {
        long[][] shapes = {{32, 256, 32 * 400}, {64, 512, 32 * 81}, {64, 576, 32 * 49}, {32, 3136, 512},
                {32 * 400, 256, 32}, {32 * 81, 512, 64}, {32 * 49, 576, 64}, {256, 32 * 400, 32}, {512, 32 * 81, 64}};
        for (long[] mkn : shapes) {
            INDArray a = Nd4j.rand(DataType.FLOAT, mkn[0], mkn[1]);
            INDArray b = Nd4j.rand(DataType.FLOAT, mkn[1], mkn[2]);
            INDArray c = Nd4j.create(DataType.FLOAT, mkn[0], mkn[2]);
            INDArray bt = Nd4j.rand(DataType.FLOAT, mkn[2], mkn[1]);
            Timing plain = median(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), iterations);
            Timing transposed = median(() -> Nd4j.gemm(a, bt, c, false, true, 1.0, 0.0), iterations);
            double gflop = 2.0 * mkn[0] * mkn[1] * mkn[2] / 1e9;
            System.out.printf(Locale.ROOT, "{\"case\": \"gemm %dx%dx%d\", \"ms\": %.3f, \"gflops\": %.1f, \"ms_transposed_b\": %.3f}%n",
                    mkn[0], mkn[1], mkn[2], plain.cpuMs(), gflop / plain.cpuMs() * 1e3, transposed.cpuMs());
        }
    }

    static void injectHelpers(MultiLayerNetwork net) {
        try {
            java.lang.reflect.Field field = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
            field.setAccessible(true);
            for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
                if (layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) {
                    field.set(layer, new org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper(DataType.FLOAT));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addNatureLayers(NeuralNetConfiguration.ListBuilder layers, CNN2DFormat format) {
        int[][] convs = {{32, 8, 4}, {64, 4, 2}, {64, 3, 1}};
        for (int[] c : convs) {
            layers.layer(new ConvolutionLayer.Builder(c[1], c[1]).stride(c[2], c[2]).nOut(c[0]).dataFormat(format)
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build());
        }
        layers.layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build());
    }

    private record Timing(double wallMs, double cpuMs) {
        String json() {
            return String.format(Locale.ROOT, "{\"wall_ms\": %.3f, \"cpu_ms\": %.3f}", wallMs, cpuMs);
        }
    }

    private static void print(String name, Timing train, Timing update, Timing act) {
        List<String> fields = new ArrayList<>();
        fields.add("\"case\": \"" + name + "\"");
        fields.add("\"helpers\": \"" + (Boolean.parseBoolean(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true"))
                ? "off" : "on") + "\"");
        if (train != null) fields.add("\"train\": " + train.json());
        if (update != null) fields.add("\"update\": " + update.json());
        if (act != null) fields.add("\"act\": " + act.json());
        System.out.println("{" + String.join(", ", fields) + "}");
    }

    /** Warms up (a quarter of the calls, at least 5), then the median of single-call times. */
    private static Timing median(Runnable call, int iterations) {
        for (int i = 0; i < Math.max(5, iterations / 4); i++) call.run();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[iterations];
        double[] cpu = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            call.run();
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            wall[i] = (System.nanoTime() - w0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Timing(wall[iterations / 2], cpu[iterations / 2]);
    }
}
