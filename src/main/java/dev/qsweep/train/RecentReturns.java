package dev.qsweep.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The last {@code capacity} episode returns, for "recent mean return" in progress and results. */
final class RecentReturns {
    private final double[] values;
    private int count;
    private int next;

    RecentReturns(int capacity) {
        this.values = new double[capacity];
    }

    void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    /** NaN before the first episode. */
    double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(count);
        out.writeInt(next);
        for (int i = 0; i < count; i++) {
            out.writeDouble(values[i]);
        }
    }

    void read(DataInput in) throws IOException {
        count = in.readInt();
        next = in.readInt();
        for (int i = 0; i < count; i++) {
            values[i] = in.readDouble();
        }
    }
}
