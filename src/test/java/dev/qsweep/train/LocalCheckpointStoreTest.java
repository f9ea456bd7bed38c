package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointStoreTest {

    @Test
    void latestIsTheHighestStepAndOnlyTwoAreKept(@TempDir Path dir) throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("ck"));
        assertTrue(store.loadLatest().isEmpty());
        store.save(900, new byte[] {9});
        store.save(1000, new byte[] {10});
        store.save(2000, new byte[] {20});
        assertArrayEquals(new byte[] {20}, store.loadLatest().orElseThrow());
        try (Stream<Path> files = Files.list(dir.resolve("ck"))) {
            assertEquals(2, files.count());
        }
    }
}
