package dev.qsweep.track;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of an MLflow metric. Within a trial, (key, step) identifies a point: each metric is logged at most once
 * per env step, which is what makes "drop what the server already has" exact.
 */
public record MetricPoint(String key, long step, double value, long timestampMillis) {
    private static final int FORMAT = 1;

    /** A compact binary form, for points kept next to a checkpoint until the server has them. */
    public static byte[] encode(List<MetricPoint> points) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(points.size());
            for (MetricPoint p : points) {
                out.writeUTF(p.key);
                out.writeLong(p.step);
                out.writeDouble(p.value);
                out.writeLong(p.timestampMillis);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static List<MetricPoint> decode(byte[] encoded) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("unknown pending-points format " + format);
            }
            int count = in.readInt();
            List<MetricPoint> points = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                points.add(new MetricPoint(in.readUTF(), in.readLong(), in.readDouble(), in.readLong()));
            }
            return points;
        }
    }
}
