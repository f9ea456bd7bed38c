package dev.qsweep.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The byte format of a {@link QNetwork}: magic, version, the spec, then DL4J's own model bytes with the updater
 * (Adam) state, so a restored network continues bit-identically.
 */
final class QNetworkFormat {
    private static final int MAGIC = 0x514E4554; // "QNET"
    private static final int VERSION = 2; // 2 added the architecture; 1 (MLP only) is still read
    /** Version 3 appends the head (issue 14); a network with today's head is still written as version 2. */
    private static final int VERSION_WITH_HEAD = 3;
    /** Version 4 is version 3 plus the noisy layers' σ0 (issue 14); written only for a noisy head. */
    private static final int VERSION_WITH_NOISY_HEAD = 4;

    private QNetworkFormat() {}

    /** What {@link #read} gives back: the spec and the restored DL4J network. */
    record Stored(QNetworkSpec spec, MultiLayerNetwork net) {}

    /** Writes spec, weights and Adam state; does not close {@code out}. */
    static void write(QNetworkSpec spec, MultiLayerNetwork net, OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, model, true);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(spec.head().isPlain() ? VERSION : spec.head().noisy() ? VERSION_WITH_NOISY_HEAD : VERSION_WITH_HEAD);
        writeSpec(data, spec);
        if (!spec.head().isPlain()) {
            data.writeBoolean(spec.head().dueling());
            data.writeInt(spec.head().numAtoms());
            data.writeDouble(spec.head().vMin());
            data.writeDouble(spec.head().vMax());
            if (spec.head().noisy()) data.writeDouble(spec.head().noisySigma0());
        }
        data.writeInt(model.size());
        model.writeTo(data);
        data.flush();
    }

    /** Reads what {@link #write} wrote, consuming exactly those bytes. */
    static Stored read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readInt();
        if (magic != MAGIC) throw new IOException("not a QNetwork stream (bad magic " + Integer.toHexString(magic) + ")");
        int version = data.readInt();
        if (version < 1 || version > VERSION_WITH_NOISY_HEAD) {
            throw new IOException("unsupported QNetwork format version " + version + ", expected 1 to " + VERSION_WITH_NOISY_HEAD);
        }
        QNetworkSpec spec = readSpec(data, version);
        if (version >= VERSION_WITH_HEAD) {
            try {
                boolean dueling = data.readBoolean();
                int atoms = data.readInt();
                double vMin = data.readDouble();
                double vMax = data.readDouble();
                boolean noisy = version == VERSION_WITH_NOISY_HEAD;
                QNetworkHead head = new QNetworkHead(dueling, atoms, vMin, vMax, noisy,
                        noisy ? data.readDouble() : QNetworkHead.DEFAULT_SIGMA0);
                spec = new QNetworkSpec(spec.architecture(), spec.numActions(), spec.learningRate(), spec.loss(),
                        spec.maxGradNorm(), spec.adamEpsilon(), head);
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid network head in QNetwork stream: " + e.getMessage(), e);
            }
        }
        byte[] model = new byte[data.readInt()];
        data.readFully(model);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), true);
        if (net.numParams() != QNetworkBuilder.expectedParameterCount(spec)) {
            throw new IOException("stored network does not match its stored spec " + spec);
        }
        return new Stored(spec, net);
    }

    private static void writeSpec(DataOutputStream data, QNetworkSpec spec) throws IOException {
        QNetworkArchitecture architecture = spec.architecture();
        data.writeUTF(architecture.settingName());
        if (architecture instanceof QNetworkArchitecture.Mlp mlp) {
            data.writeInt(mlp.inputSize());
            int[] hidden = mlp.hiddenSizes();
            data.writeInt(hidden.length);
            for (int h : hidden) data.writeInt(h);
        } else {
            // In the architecture's own component order.
            int[] dims = architecture instanceof QNetworkArchitecture.NatureCnn n
                    ? new int[] {n.frames(), n.height(), n.width()}
                    : minAtarDims((QNetworkArchitecture.MinAtarCnn) architecture);
            for (int d : dims) data.writeInt(d);
        }
        data.writeInt(spec.numActions());
        data.writeDouble(spec.learningRate());
        data.writeUTF(spec.loss().name());
        data.writeDouble(spec.maxGradNorm());
        data.writeDouble(spec.adamEpsilon());
    }

    private static int[] minAtarDims(QNetworkArchitecture.MinAtarCnn m) {
        return new int[] {m.height(), m.width(), m.channels()};
    }

    private static QNetworkSpec readSpec(DataInputStream data, int version) throws IOException {
        String kind = version == 1 ? "mlp" : data.readUTF();
        QNetworkArchitecture architecture;
        try {
            architecture = switch (kind) {
                case "mlp" -> {
                    int inputSize = data.readInt();
                    int[] hidden = new int[data.readInt()];
                    for (int i = 0; i < hidden.length; i++) hidden[i] = data.readInt();
                    yield new QNetworkArchitecture.Mlp(inputSize, hidden);
                }
                case "nature_cnn" -> new QNetworkArchitecture.NatureCnn(data.readInt(), data.readInt(), data.readInt());
                case "minatar_cnn" -> new QNetworkArchitecture.MinAtarCnn(data.readInt(), data.readInt(), data.readInt());
                default -> throw new IOException("unknown network architecture '" + kind + "' in QNetwork stream");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid network architecture in QNetwork stream: " + e.getMessage(), e);
        }
        int numActions = data.readInt();
        double learningRate = data.readDouble();
        Loss loss = Loss.valueOf(data.readUTF());
        double maxGradNorm = data.readDouble();
        double adamEpsilon = data.readDouble();
        return new QNetworkSpec(architecture, numActions, learningRate, loss, maxGradNorm, adamEpsilon);
    }
}
