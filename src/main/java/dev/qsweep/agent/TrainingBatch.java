package dev.qsweep.agent;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Input, label and label-mask arrays for one batch size, allocated once outside any workspace and
 * refilled in place on every step (bulk copies into native memory, no ND4J ops).
 */
final class TrainingBatch {
    private final int size;
    private final int numActions;
    private final INDArray input;
    private final INDArray labels;
    private final INDArray mask;
    private final float[] labelRows;
    private final float[] maskRows;

    TrainingBatch(int size, int inputSize, int numActions) {
        this.size = size;
        this.numActions = numActions;
        input = detachedMatrix(size, inputSize);
        labels = detachedMatrix(size, numActions);
        mask = detachedMatrix(size, numActions);
        labelRows = new float[size * numActions];
        maskRows = new float[size * numActions];
    }

    int size() {
        return size;
    }

    INDArray input() {
        return input;
    }

    INDArray labels() {
        return labels;
    }

    INDArray mask() {
        return mask;
    }

    void fill(float[] obsBatch, int[] actions, float[] targets) {
        Arrays.fill(labelRows, 0f);
        Arrays.fill(maskRows, 0f);
        for (int r = 0; r < size; r++) {
            int action = actions[r];
            if (action < 0 || action >= numActions) {
                throw new IllegalArgumentException("actions[" + r + "] = " + action + " is outside [0, " + numActions + ")");
            }
            labelRows[r * numActions + action] = targets[r];
            maskRows[r * numActions + action] = 1f;
        }
        put(input, obsBatch, (int) input.length());
        put(labels, labelRows, labelRows.length);
        put(mask, maskRows, maskRows.length);
    }

    /** A c-order float matrix outside any workspace, so it survives between calls. */
    static INDArray detachedMatrix(int rows, int columns) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
        }
    }

    /** Bulk-copies {@code count} values into a c-order array. */
    static void put(INDArray array, float[] values, int count) {
        FloatBuffer buffer = NdFloats.buffer(array);
        buffer.put((int) array.offset(), values, 0, count);
    }
}
