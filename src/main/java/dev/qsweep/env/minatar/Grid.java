package dev.qsweep.env.minatar;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers shared by the games: the 10×10 grid, numpy-style indexing, and Python list semantics. */
final class Grid {

    static final int SIZE = 10;
    static final int LAST = SIZE - 1;

    private Grid() {
    }

    /**
     * Sets one cell of a flat {@code [row][column][channel]} observation, indexing like numpy: -10..-1 count from
     * the end, anything else outside the grid fails as numpy's IndexError would.
     */
    static void set(float[] observation, int channels, int row, int column, int channel) {
        observation[(numpyIndex(row) * SIZE + numpyIndex(column)) * channels + channel] = 1f;
    }

    private static int numpyIndex(int index) {
        if (index < -SIZE || index >= SIZE) {
            throw new IllegalStateException("index " + index + " is out of bounds for a grid of size " + SIZE
                    + " (MinAtar would raise IndexError here)");
        }
        return index < 0 ? index + SIZE : index;
    }

    /** Copies a boolean map into one channel. */
    static void setChannel(float[] observation, int channels, boolean[][] map, int channel) {
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                if (map[row][column]) {
                    observation[(row * SIZE + column) * channels + channel] = 1f;
                }
            }
        }
    }

    /** Python's {@code list.remove(value)}: removes the first element equal by value, which may not be the same one. */
    static void removeFirstEqual(List<int[]> list, int[] value) {
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), value)) {
                list.remove(i);
                return;
            }
        }
        throw new IllegalStateException("list.remove(x): x not in list"); // unreachable: value came from the list
    }

    /** Python's {@code a[0:2] == b[0:2]}: same position. */
    static boolean samePosition(int[] a, int[] b) {
        return a[0] == b[0] && a[1] == b[1];
    }

    static boolean at(int[] entity, int x, int y) {
        return entity[0] == x && entity[1] == y;
    }

    static int count(boolean[][] map) {
        int n = 0;
        for (boolean[] row : map) {
            for (boolean cell : row) {
                n += cell ? 1 : 0;
            }
        }
        return n;
    }

    static int bool(boolean value) {
        return value ? 1 : 0;
    }

    static void writeMap(DataOutput out, boolean[][] map) throws IOException {
        for (boolean[] row : map) {
            for (boolean cell : row) {
                out.writeBoolean(cell);
            }
        }
    }

    static void readMap(DataInput in, boolean[][] map) throws IOException {
        for (boolean[] row : map) {
            for (int column = 0; column < SIZE; column++) {
                row[column] = in.readBoolean();
            }
        }
    }

    static void writeEntities(DataOutput out, List<int[]> entities, int width) throws IOException {
        out.writeInt(entities.size());
        for (int[] entity : entities) {
            for (int i = 0; i < width; i++) {
                out.writeInt(entity[i]);
            }
        }
    }

    static List<int[]> readEntities(DataInput in, int width) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 10_000) {
            throw new IOException("corrupt MinAtar state: entity count " + size);
        }
        List<int[]> entities = new ArrayList<>(size);
        for (int e = 0; e < size; e++) {
            int[] entity = new int[width];
            for (int i = 0; i < width; i++) {
                entity[i] = in.readInt();
            }
            entities.add(entity);
        }
        return entities;
    }
}
