package dev.qsweep.agent;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct float access to the native memory behind 2-d ND4J arrays, so small arrays can be read and
 * written from Java without one JNI op (or one Java object) per element.
 */
final class NdFloats {
    private NdFloats() {}

    /** The array's whole data buffer; element (r, c) sits at {@link #index}. */
    static FloatBuffer buffer(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a FLOAT array, got " + array.dataType());
        }
        return array.data().asNioFloat();
    }

    static int index(INDArray array, long row, long column) {
        return Math.toIntExact(array.offset() + row * array.stride(0) + column * array.stride(1));
    }

    /** Reads a [rows, columns] array into {@code out} in row-major order. */
    static void read(INDArray array, float[] out) {
        FloatBuffer data = buffer(array);
        int rows = (int) array.size(0);
        int columns = (int) array.size(1);
        long offset = array.offset();
        long rowStride = array.stride(0);
        long columnStride = array.stride(1);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = data.get((int) (offset + r * rowStride + c * columnStride));
            }
        }
    }
}
