package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backend choice: CPU unless asked otherwise, and a clear refusal when the asked-for backend is not the one loaded. */
class Nd4jRuntimeTest {

    @Test
    void cpuIsTheDefaultAndTheBackendLoadedHere() {
        String saved = System.clearProperty(Nd4jRuntime.BACKEND_PROPERTY);
        try {
            assertEquals(Nd4jRuntime.Backend.CPU, Nd4jRuntime.requestedBackend());
            assertEquals(Nd4jRuntime.Backend.CPU, Nd4jRuntime.loadedBackend(), "this build has no CUDA backend");
            assertDoesNotThrow(() -> Nd4jRuntime.checkBackend(Nd4jRuntime.Backend.CPU));
        } finally {
            if (saved != null) System.setProperty(Nd4jRuntime.BACKEND_PROPERTY, saved);
        }
    }

    @Test
    void askingForCudaOnACpuBuildSaysHowToGetIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Nd4jRuntime.checkBackend(Nd4jRuntime.Backend.CUDA));
        assertTrue(e.getMessage().contains("./mvnw -Pcuda package"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKEND_PRIORITY_GPU"), e.getMessage());
    }

    @Test
    void backendNamesAreParsedCaseInsensitivelyAndUnknownOnesRefused() {
        assertEquals(Nd4jRuntime.Backend.CUDA, Nd4jRuntime.Backend.parse(" Cuda "));
        assertEquals(Nd4jRuntime.Backend.CPU, Nd4jRuntime.Backend.parse("cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nd4jRuntime.Backend.parse("tpu"));
        assertTrue(e.getMessage().contains("use cpu or cuda"), e.getMessage());
    }

    @Test
    void mlpsTrainThroughTheFusedPathOnTheCpuBackend() {
        QNetworkSpec mlp = new QNetworkSpec(4, new int[] {8}, 2, 1e-3, Loss.MSE, 0.0, 1e-8);
        assertTrue(QNetwork.usesFusedMlp(mlp));
        String saved = System.setProperty(QNetwork.DL4J_BACKPROP_PROPERTY, "true");
        try {
            assertTrue(!QNetwork.usesFusedMlp(mlp), "the benchmark switch selects DL4J's backprop");
        } finally {
            if (saved == null) System.clearProperty(QNetwork.DL4J_BACKPROP_PROPERTY);
            else System.setProperty(QNetwork.DL4J_BACKPROP_PROPERTY, saved);
        }
    }
}
