package dev.qsweep.agent.rainbow;

/**
 * The dueling head's aggregation (Wang et al. 2016), {@code Q(s,a) = V(s) + A(s,a) − mean_a' A(s,a')}, forward and
 * backward, over flat row-major arrays. With {@code atoms} > 1 it is the distributional form Rainbow uses: the same
 * aggregation atom by atom on the logits ({@code V [batch][atoms]}, {@code A, Q [batch][actions][atoms]}); atoms = 1
 * is the plain one. Sums in double, each output rounded once to float.
 */
public final class Dueling {
    private Dueling() {
    }

    /** q[b][a][z] = v[b][z] + adv[b][a][z] − mean_a adv[b][a][z]. */
    public static void forward(float[] value, float[] advantage, int batch, int actions, int atoms, float[] q) {
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < atoms; z++) {
                double sum = 0;
                for (int a = 0; a < actions; a++) sum += advantage[(b * actions + a) * atoms + z];
                double mean = sum / actions;
                double v = value[b * atoms + z];
                for (int a = 0; a < actions; a++) {
                    int i = (b * actions + a) * atoms + z;
                    q[i] = (float) (v + advantage[i] - mean);
                }
            }
        }
    }

    /**
     * Given dL/dQ ({@code qGradient}, the forward's layout): dL/dV[b][z] = Σ_a g[b][a][z] and
     * dL/dA[b][a][z] = g[b][a][z] − (1/actions)·Σ_a' g[b][a'][z] (the mean's share flows back to every advantage).
     */
    public static void backward(float[] qGradient, int batch, int actions, int atoms, float[] valueGradient,
                                float[] advantageGradient) {
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < atoms; z++) {
                double sum = 0;
                for (int a = 0; a < actions; a++) sum += qGradient[(b * actions + a) * atoms + z];
                valueGradient[b * atoms + z] = (float) sum;
                double mean = sum / actions;
                for (int a = 0; a < actions; a++) {
                    int i = (b * actions + a) * atoms + z;
                    advantageGradient[i] = (float) (qGradient[i] - mean);
                }
            }
        }
    }
}
