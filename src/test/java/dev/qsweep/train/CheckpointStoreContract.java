package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.ByteReplayMemory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link CheckpointStore} must do, run against the local and the Hadoop store on real files. */
public abstract class CheckpointStoreContract {

    /** A store over {@code directory} (which may not exist yet). */
    protected abstract CheckpointStore storeIn(Path directory) throws IOException;

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] read(CheckpointStore store, String name) throws IOException {
        try (InputStream in = store.open(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileIsVisibleOnlyOnceCommittedAndReplacesTheOldOne(@TempDir Path dir) throws IOException {
        CheckpointStore store = storeIn(dir.resolve("ck"));
        assertEquals(Map.of(), store.list());
        try (CheckpointStore.PendingFile file = store.create("a.bin")) {
            file.stream().write(new byte[] {1, 2, 3});
            file.stream().flush();
            assertEquals(Map.of(), store.list(), "not visible before its commit");
            file.commit();
        }
        assertEquals(Map.of("a.bin", 3L), store.list());
        try (CheckpointStore.PendingFile file = store.create("a.bin")) {
            file.stream().write(new byte[] {9});
            file.commit();
        }
        assertArrayEquals(new byte[] {9}, read(store, "a.bin"));
        try (CheckpointStore.PendingFile file = store.create("b.bin")) {
            file.stream().write(new byte[] {7});
            // no commit: an exception while writing discards the file
        }
        assertEquals(Map.of("a.bin", 1L), store.list());
        assertEquals(List.of("a.bin"), filesIn(dir.resolve("ck")).stream().filter(n -> !n.endsWith(".crc")).toList());
    }

    @Test
    void temporariesOfADeadWriterAreDeletedAndOtherFilesLeftAlone(@TempDir Path dir) throws IOException {
        CheckpointStore store = storeIn(dir.resolve("ck"));
        CheckpointStore.PendingFile dead = store.create("c.bin"); // the writer dies: never committed nor closed
        dead.stream().write(new byte[100]);
        dead.stream().flush();
        Files.write(dir.resolve("ck/mlflow-pending-000000000100.bin"), new byte[] {1});
        Files.write(dir.resolve("ck/.in-progress-other-writer.bin"), new byte[] {1});
        assertEquals(Map.of("mlflow-pending-000000000100.bin", 1L, ".in-progress-other-writer.bin", 1L), store.list());
        store.deleteTemporaries();
        List<String> left = filesIn(dir.resolve("ck")).stream().filter(n -> !n.endsWith(".crc")).toList();
        assertEquals(List.of(".in-progress-other-writer.bin", "mlflow-pending-000000000100.bin"), left);
    }

    @Test
    void checkpointsKeepTheNewestTwoAndEveryFileTheyNeed(@TempDir Path dir) throws IOException {
        CheckpointStore store = storeIn(dir.resolve("ck"));
        Checkpoints checkpoints = new Checkpoints(store, message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, 100_000); // 20 slots per chunk
        byte[][] states = new byte[4][];
        for (int step = 1; step <= 3; step++) {
            CheckpointsTest.add(replay, step == 1 ? 30 : 5, step);
            checkpoints.save(step * 100L, out -> out.writeChunked("replay", 1, replay));
            states[step] = CheckpointsTest.fullState(replay);
        }
        Map<String, Long> files = store.list();
        assertTrue(!files.containsKey("checkpoint-000000000100.qck") && files.containsKey("checkpoint-000000000200.qck")
                && files.containsKey("checkpoint-000000000300.qck"), files.toString());
        assertTrue(files.containsKey("checkpoint-000000000100.replay.0.qchunk"),
                "a chunk written by a deleted checkpoint stays while a newer one uses it: " + files);
        assertEquals(300, Checkpoints.latestStep(store).getAsLong());

        ByteReplayMemory restored = new ByteReplayMemory(200, 100_000);
        assertEquals(300, new Checkpoints(store, message -> { })
                .restoreLatest(in -> in.readChunked("replay", 1, restored)).getAsLong());
        assertArrayEquals(states[3], CheckpointsTest.fullState(restored), "restored bit for bit");
    }

    /** For tests that need an unrelated payload. */
    static byte[] bytesOf(long value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeLong(value);
        return bytes.toByteArray();
    }
}
