package dev.qsweep.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The checkpoint file format: {@code "QSWEEPCK"}, a format version, the payload length, the payload, and the
 * SHA-256 of the payload. A truncated or corrupted file is refused, never half-restored.
 */
public final class CheckpointCodec {
    private static final byte[] MAGIC = "QSWEEPCK".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;

    private CheckpointCodec() {
    }

    /** Writes a payload and seals it with magic, version and checksum. */
    public interface PayloadWriter {
        void write(DataOutputStream out) throws IOException;
    }

    public static byte[] encode(PayloadWriter writer) throws IOException {
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream payload = new DataOutputStream(payloadBytes)) {
            writer.write(payload);
        }
        byte[] payload = payloadBytes.toByteArray();
        ByteBuffer sealed = ByteBuffer.allocate(MAGIC.length + 4 + 4 + payload.length + 32);
        sealed.put(MAGIC).putInt(FORMAT_VERSION).putInt(payload.length).put(payload).put(sha256(payload));
        return sealed.array();
    }

    /** Checks magic, version and checksum, and returns a stream over the payload. */
    public static DataInputStream decode(byte[] checkpoint) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(checkpoint);
        byte[] magic = new byte[MAGIC.length];
        if (checkpoint.length < MAGIC.length + 8 + 32) {
            throw new IOException("checkpoint is truncated (" + checkpoint.length + " bytes)");
        }
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a qsweep checkpoint (bad magic)");
        }
        int version = buffer.getInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("checkpoint format " + version + " is not supported (this qsweep reads " + FORMAT_VERSION + ")");
        }
        int length = buffer.getInt();
        if (length < 0 || length != buffer.remaining() - 32) {
            throw new IOException("checkpoint is truncated or padded: payload says " + length + " bytes");
        }
        byte[] payload = new byte[length];
        buffer.get(payload);
        byte[] checksum = new byte[32];
        buffer.get(checksum);
        if (!MessageDigest.isEqual(checksum, sha256(payload))) {
            throw new IOException("checkpoint checksum mismatch: the file is corrupted");
        }
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
