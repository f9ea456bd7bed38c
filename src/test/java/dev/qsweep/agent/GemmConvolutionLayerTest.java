package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The gemm convolution computes what DL4J's own ConvolutionLayer computes: outputs, gradients, input gradients. */
class GemmConvolutionLayerTest {

    @Test
    void im2colOfASmallImageByHand() {
        // One 3×3 channel, 2×2 kernel, stride 1: four output positions, each a column of its 2×2 patch.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] col = new float[4 * 4];
        GemmConvolutionLayer.im2col(x, col, 1, 1, 3, 3, 2, 2, 1, 1, 2, 2);
        assertArrayEquals(new float[] {
                1, 2, 4, 5,   // kernel (0,0) at positions (0,0) (0,1) (1,0) (1,1)
                2, 3, 5, 6,   // kernel (0,1)
                4, 5, 7, 8,   // kernel (1,0)
                5, 6, 8, 9}, col);
    }

    @Test
    void im2colWithStrideAndBatchByHand() {
        // Two samples of one 4×4 channel, 2×2 kernel, stride 2: 2×2 positions per sample, batch-major columns.
        float[] x = new float[32];
        for (int k = 0; k < 32; k++) x[k] = k;
        float[] col = new float[4 * 8];
        GemmConvolutionLayer.im2col(x, col, 2, 1, 4, 4, 2, 2, 2, 2, 2, 2);
        assertArrayEquals(new float[] {0, 2, 8, 10, 16, 18, 24, 26}, java.util.Arrays.copyOfRange(col, 0, 8), "kernel (0,0)");
        assertArrayEquals(new float[] {5, 7, 13, 15, 21, 23, 29, 31}, java.util.Arrays.copyOfRange(col, 24, 32), "kernel (1,1)");
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        // <im2col(x), y> = <x, col2im(y)> for any x, y: col2im is exactly the transpose of im2col.
        SplittableRandom random = new SplittableRandom(3);
        int batch = 2, channels = 3, height = 7, width = 6, kernel = 3, stride = 2;
        int outH = (height - kernel) / stride + 1, outW = (width - kernel) / stride + 1;
        float[] x = new float[batch * channels * height * width];
        float[] y = new float[channels * kernel * kernel * batch * outH * outW];
        // Small integers: every float sum below is exact, so the two sides must agree exactly.
        for (int k = 0; k < x.length; k++) x[k] = random.nextInt(-4, 5);
        for (int k = 0; k < y.length; k++) y[k] = random.nextInt(-4, 5);
        float[] col = new float[y.length];
        float[] dx = new float[x.length];
        GemmConvolutionLayer.im2col(x, col, batch, channels, height, width, kernel, kernel, stride, stride, outH, outW);
        GemmConvolutionLayer.col2im(y, dx, batch, channels, height, width, kernel, kernel, stride, stride, outH, outW);
        double left = 0, right = 0;
        for (int k = 0; k < y.length; k++) left += (double) col[k] * y[k];
        for (int k = 0; k < x.length; k++) right += (double) x[k] * dx[k];
        assertEquals(left, right, 0.0);
        assertTrue(Math.abs(left) > 10, "a non-trivial inner product");
    }

    /** Two conv layers (so one input gradient flows between them), a dense layer, an MSE output. */
    private static MultiLayerNetwork network(boolean gemm, boolean firstInputGradient, WorkspaceMode workspaces) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3))
                .trainingWorkspaceMode(workspaces).inferenceWorkspaceMode(workspaces).list();
        if (gemm) {
            layers.layer(new GemmConvolution(5, 3, 2, firstInputGradient));
            layers.layer(new GemmConvolution(4, 2, 1, true));
        } else {
            layers.layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(5).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).build());
            layers.layer(new ConvolutionLayer.Builder(2, 2).stride(1, 1).nOut(4).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).build());
        }
        layers.layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build());
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build());
        layers.setInputType(InputType.convolutionalFlat(9, 8, 3));
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray random(SplittableRandom random, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        float[] values = new float[n];
        for (int k = 0; k < n; k++) values[k] = (float) random.nextDouble(-1, 1);
        return Nd4j.create(values, shape, 'c');
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = expected.dup().data().asFloat();
        float[] a = actual.dup().data().asFloat();
        assertEquals(e.length, a.length, what + " length");
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1e-4, what + " is not trivially zero");
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], 1e-5 * scale + 1e-7, what + " [" + k + "]");
        }
    }

    @Test
    void outputsAndGradientsEqualDl4jsConvolutionLayer() {
        for (WorkspaceMode workspaces : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
            MultiLayerNetwork reference = network(false, true, workspaces);
            MultiLayerNetwork gemm = network(true, true, workspaces);
            assertInstanceOf(GemmConvolutionLayer.class, gemm.getLayer(0));
            SplittableRandom random = new SplittableRandom(5);
            reference.setParams(random(random, 1, reference.numParams()));
            gemm.setParams(reference.params().dup());
            for (int batch : new int[] {4, 1, 4}) { // a change of batch size and back reuses per-batch buffers
                INDArray input = random(random, batch, 3 * 9 * 8);
                INDArray labels = random(random, batch, 3);
                assertClose(reference.output(input), gemm.output(input), "output, batch " + batch);
                Pair<Gradient, INDArray> expected = reference.calculateGradients(input, labels, null, null);
                Pair<Gradient, INDArray> actual = gemm.calculateGradients(input, labels, null, null);
                for (String key : expected.getFirst().gradientForVariable().keySet()) {
                    assertClose(expected.getFirst().getGradientFor(key), actual.getFirst().getGradientFor(key),
                            workspaces + " gradient " + key + ", batch " + batch);
                }
                assertClose(expected.getSecond(), actual.getSecond(), workspaces + " input gradient, batch " + batch);
            }
        }
    }

    @Test
    void withoutInputGradientTheParameterGradientsAreUnchanged() {
        MultiLayerNetwork full = network(true, true, WorkspaceMode.ENABLED);
        MultiLayerNetwork skipping = network(true, false, WorkspaceMode.ENABLED);
        skipping.setParams(full.params().dup());
        SplittableRandom random = new SplittableRandom(8);
        INDArray input = random(random, 6, 3 * 9 * 8);
        INDArray labels = random(random, 6, 3);
        Pair<Gradient, INDArray> a = full.calculateGradients(input, labels, null, null);
        Pair<Gradient, INDArray> b = skipping.calculateGradients(input, labels, null, null);
        assertArrayEquals(a.getFirst().gradient().toFloatVector(), b.getFirst().gradient().toFloatVector());
        assertTrue(Float.isNaN(b.getSecond().getFloat(0)), "the skipped input gradient is NaN, never silently zero");
    }

    @Test
    void configurationSurvivesJson() {
        MultiLayerNetwork net = network(true, false, WorkspaceMode.ENABLED);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        GemmConvolution first = (GemmConvolution) restored.getConf(0).getLayer();
        assertEquals(false, first.isInputGradient());
        assertEquals(true, ((GemmConvolution) restored.getConf(1).getLayer()).isInputGradient());
        assertEquals(net.getLayerWiseConfigurations(), restored);
    }
}
