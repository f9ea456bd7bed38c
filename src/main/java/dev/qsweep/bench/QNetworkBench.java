package dev.qsweep.bench;

import dev.qsweep.agent.Loss;
import dev.qsweep.agent.Nd4jRuntime;
import dev.qsweep.agent.QNetwork;
import dev.qsweep.agent.QNetworkSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Per-call cost of the Q-network, "before" (DL4J used the obvious way: {@code fit(DataSet)} and
 * {@code output()} on fresh arrays) and "after" ({@link QNetwork}). Prints medians in µs.
 *
 * Times are per-thread CPU time (robust on a shared machine); {@code -Dbench.wall=true} measures wall time
 * instead, which also counts the JVM's and ND4J's helper threads (GC, native deallocation) on the pinned core.
 *
 * <p>Run pinned to one core: {@code OMP_NUM_THREADS=1 taskset -c 0 java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0
 * -cp … dev.qsweep.bench.QNetworkBench [scale]}; the naive column is also measured with that flag, so
 * the flag is not counted as part of the speed-up.
 */
public final class QNetworkBench {
    private static final int ROUNDS = 15;

    private QNetworkBench() {}

    public static void main(String[] args) {
        Nd4jRuntime.configureForSmallNetworks(1);
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        System.out.printf("%-12s %5s | %12s %12s | %10s %12s %14s%n", "network", "batch", "fit() µs", "output() µs",
                "train() µs", "qValues() µs", "qValuesBatch µs");
        bench(new int[] {120, 84}, 128, scale);
        bench(new int[] {64, 64}, 64, scale);
    }

    private static void bench(int[] hidden, int batch, double scale) {
        QNetworkSpec spec = new QNetworkSpec(4, hidden, 2, 2.5e-4, Loss.MSE, 0.0, 1e-8);
        SplittableRandom random = new SplittableRandom(1);
        float[] obs = new float[batch * 4];
        int[] actions = new int[batch];
        float[] targets = new float[batch];
        for (int k = 0; k < obs.length; k++) obs[k] = (float) random.nextDouble(-2, 2);
        for (int s = 0; s < batch; s++) {
            actions[s] = random.nextInt(2);
            targets[s] = (float) random.nextDouble(-1, 3);
        }
        float[] single = Arrays.copyOf(obs, 4);
        float[] labels = new float[batch * 2];
        for (int s = 0; s < batch; s++) labels[s * 2 + actions[s]] = targets[s];

        MultiLayerNetwork naive = naiveNetwork(spec);
        double fit = medianMicros(() -> naive.fit(new DataSet(Nd4j.create(obs, new long[] {batch, 4}, 'c'),
                Nd4j.create(labels, new long[] {batch, 2}, 'c'))), (int) (300 * scale));
        double output = medianMicros(() -> naive.output(Nd4j.create(single, new long[] {1, 4}, 'c')), (int) (2000 * scale));

        QNetwork network = QNetwork.create(spec, 1);
        float[] q = new float[2];
        float[] qBatch = new float[batch * 2];
        double train = medianMicros(() -> network.train(obs, actions, targets, batch), (int) (1000 * scale));
        network.qValues(single, q);
        double act = medianMicros(() -> network.qValues(single, q), (int) (200_000 * scale));
        double batchEval = medianMicros(() -> network.qValuesBatch(obs, batch, qBatch), (int) (2000 * scale));
        String name = "4-" + hidden[0] + "-" + hidden[1] + "-2";
        System.out.printf("%-12s %5d | %12.1f %12.1f | %10.1f %12.2f %14.1f%n", name, batch, fit, output, train, act, batchEval);
    }

    /** The obvious DL4J set-up: same sizes, MSE on both outputs, default workspaces. */
    private static MultiLayerNetwork naiveNetwork(QNetworkSpec spec) {
        int[] widths = spec.layerWidths();
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(spec.learningRate())).list();
        for (int l = 0; l < widths.length - 2; l++) {
            layers.layer(new DenseLayer.Builder().nIn(widths[l]).nOut(widths[l + 1]).activation(Activation.RELU).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(widths[widths.length - 2])
                .nOut(widths[widths.length - 1]).activation(Activation.IDENTITY).build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Warms up, then returns the median over {@link #ROUNDS} rounds of the mean call time. */
    private static double medianMicros(Runnable call, int callsPerRound) {
        int calls = Math.max(1, callsPerRound);
        for (int i = 0; i < 3 * calls; i++) call.run();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LongSupplier clock = Boolean.getBoolean("bench.wall") ? System::nanoTime : threads::getCurrentThreadCpuTime;
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = clock.getAsLong();
            for (int i = 0; i < calls; i++) call.run();
            perCall[r] = (clock.getAsLong() - start) / 1e3 / calls;
        }
        Arrays.sort(perCall);
        return perCall[ROUNDS / 2];
    }
}
