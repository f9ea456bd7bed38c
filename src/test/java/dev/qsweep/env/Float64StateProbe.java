package dev.qsweep.env;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads the float64 dynamics state of a classic-control env out of its checkpoint bytes. */
final class Float64StateProbe {

    private Float64StateProbe() {
    }

    static double[] state(Environment timeLimited) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            timeLimited.writeState(new DataOutputStream(bytes));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            in.readInt(); // elapsed steps
            String id = in.readUTF();
            if (in.readBoolean()) {
                in.skipBytes(4 * 8 + 1 + 4);
            }
            if (id.equals("MountainCar-v0")) {
                return new double[] {in.readDouble(), in.readDouble()};
            }
            double[] state = new double[in.readInt()];
            for (int i = 0; i < state.length; i++) {
                state[i] = in.readDouble();
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
