package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointCodecTest {

    @Test
    void roundTripsThePayload() throws IOException {
        byte[] sealed = CheckpointCodec.encode(out -> {
            out.writeLong(42);
            out.writeUTF("hello");
        });
        DataInputStream in = CheckpointCodec.decode(sealed);
        assertEquals(42, in.readLong());
        assertEquals("hello", in.readUTF());
    }

    @Test
    void aFlippedBitIsDetected() throws IOException {
        byte[] sealed = CheckpointCodec.encode(out -> out.writeLong(42));
        sealed[20] ^= 1;
        IOException e = assertThrows(IOException.class, () -> CheckpointCodec.decode(sealed));
        assertEquals("checkpoint checksum mismatch: the file is corrupted", e.getMessage());
    }

    @Test
    void aTruncatedFileIsDetected() throws IOException {
        byte[] sealed = CheckpointCodec.encode(out -> out.writeLong(42));
        assertThrows(IOException.class, () -> CheckpointCodec.decode(Arrays.copyOf(sealed, sealed.length - 1)));
        assertThrows(IOException.class, () -> CheckpointCodec.decode(new byte[10]));
    }
}
