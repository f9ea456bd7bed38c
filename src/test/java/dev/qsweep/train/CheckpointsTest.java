package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.agent.ByteReplayMemory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint format on real files: sections, incremental chunks, damage, orphans, old and unknown formats. */
class CheckpointsTest {
    /** 100,000-byte observations: 20 transitions per 4 MiB chunk, so 200 slots make 10 chunks. */
    private static final int OBS = 100_000;
    private static final int TRANSITION_BYTES = 2 * OBS + 9;

    static void add(ByteReplayMemory replay, int transitions, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] obs = new float[OBS];
        float[] next = new float[OBS];
        for (int t = 0; t < transitions; t++) {
            for (int k = 0; k < OBS; k++) {
                obs[k] = random.nextInt(256);
                next[k] = random.nextInt(256);
            }
            replay.add(obs, t % 3, t * 0.5f, next, t % 7 == 0, t % 7 == 0);
        }
    }

    /** The memory's whole state, chunks and header, as bytes. */
    static byte[] fullState(ByteReplayMemory replay) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        replay.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static long bytesWrittenAt(Path dir, long step) throws IOException {
        String prefix = String.format("checkpoint-%012d.", step);
        long total = 0;
        for (Map.Entry<String, Long> file : new LocalCheckpointStore(dir).list().entrySet()) {
            if (file.getKey().startsWith(prefix)) {
                total += file.getValue();
            }
        }
        return total;
    }

    private static void save(Checkpoints checkpoints, long step, ByteReplayMemory replay, long marker) throws IOException {
        checkpoints.save(step, out -> {
            out.write("trainer", 1, data -> data.writeLong(marker));
            out.writeChunked("replay", 1, replay);
        });
    }

    /** Restores into a fresh memory; returns the step and the trainer marker. */
    private static long[] restore(Path dir, ByteReplayMemory into, List<String> warnings) throws IOException {
        long[] marker = new long[1];
        OptionalLong step = new Checkpoints(new LocalCheckpointStore(dir), warnings::add).restoreLatest(in -> {
            in.read("trainer", 1, data -> marker[0] = data.readLong());
            in.readChunked("replay", 1, into);
        });
        return new long[] {step.orElse(-1), marker[0]};
    }

    @Test
    void aCheckpointWritesOnlyTheChunksChangedSinceThePreviousOne(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, OBS);
        add(replay, 100, 1);
        save(checkpoints, 100, replay, 1);
        long first = bytesWrittenAt(dir, 100);
        assertTrue(first >= 100L * TRANSITION_BYTES && first < 100L * TRANSITION_BYTES + 4_000, "first: " + first);

        add(replay, 20, 2); // slots 100..119: exactly chunk 5
        save(checkpoints, 120, replay, 2);
        long second = bytesWrittenAt(dir, 120);
        assertTrue(second >= 20L * TRANSITION_BYTES && second < 20L * TRANSITION_BYTES + 4_000,
                "the second checkpoint holds the 20 new transitions, not the 120 in the memory: " + second);

        add(replay, 3, 3); // three slots of chunk 6: a partial chunk costs what it holds
        save(checkpoints, 123, replay, 3);
        long third = bytesWrittenAt(dir, 123);
        assertTrue(third >= 3L * TRANSITION_BYTES && third < 3L * TRANSITION_BYTES + 4_000, "third: " + third);

        ByteReplayMemory restored = new ByteReplayMemory(200, OBS);
        assertArrayEquals(new long[] {123, 3}, restore(dir, restored, new ArrayList<>()));
        assertArrayEquals(fullState(replay), fullState(restored), "reassembled bit for bit from three checkpoints' files");
    }

    @Test
    void aWrappedRingIsRestoredExactly(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(50, OBS); // 3 chunks: 20, 20, 10
        add(replay, 45, 4);
        save(checkpoints, 45, replay, 1);
        add(replay, 12, 5); // wraps: overwrites slots 45..49 and 0..6
        save(checkpoints, 57, replay, 2);
        ByteReplayMemory restored = new ByteReplayMemory(50, OBS);
        restore(dir, restored, new ArrayList<>());
        assertArrayEquals(fullState(replay), fullState(restored));
        assertEquals(50, restored.size());
    }

    @Test
    void aCorruptNewestCheckpointIsPassedOverWithAWarningNamingIt(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, OBS);
        add(replay, 30, 1);
        save(checkpoints, 30, replay, 30);
        byte[] atThirty = fullState(replay);
        add(replay, 30, 2);
        save(checkpoints, 60, replay, 60);

        Path chunk = dir.resolve("checkpoint-000000000060.replay.2.qchunk");
        try (RandomAccessFile file = new RandomAccessFile(chunk.toFile(), "rw")) {
            file.seek(12_345);
            int b = file.read();
            file.seek(12_345);
            file.write(b ^ 0x10); // one bit flipped, same length
        }
        List<String> warnings = new ArrayList<>();
        ByteReplayMemory restored = new ByteReplayMemory(200, OBS);
        assertArrayEquals(new long[] {30, 30}, restore(dir, restored, warnings));
        assertArrayEquals(atThirty, fullState(restored), "the previous checkpoint, whole: nothing of the bad one is left");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("checkpoint-000000000060.qck") && warnings.get(0).contains("replay.2.qchunk")
                && warnings.get(0).contains("checkpoint-000000000030.qck"), warnings.get(0));
    }

    @Test
    void aTruncatedNewestCheckpointIsPassedOver(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, OBS);
        add(replay, 10, 1);
        save(checkpoints, 10, replay, 10);
        add(replay, 10, 2);
        save(checkpoints, 20, replay, 20);
        Path section = dir.resolve("checkpoint-000000000020.trainer.qsec");
        Files.write(section, new byte[3]); // was 8 bytes
        List<String> warnings = new ArrayList<>();
        assertArrayEquals(new long[] {10, 10}, restore(dir, new ByteReplayMemory(200, OBS), warnings));
        assertTrue(warnings.get(0).contains("truncated"), warnings.get(0));
        assertEquals(10, Checkpoints.latestStep(new LocalCheckpointStore(dir)).getAsLong(),
                "the newest usable step skips the truncated one");

        Files.write(dir.resolve("checkpoint-000000000010.qck"), new byte[] {'Q', 'S'}); // and now the older manifest
        CheckpointDamagedException e = assertThrows(CheckpointDamagedException.class,
                () -> restore(dir, new ByteReplayMemory(200, OBS), new ArrayList<>()));
        assertTrue(e.getMessage().contains("every checkpoint") && e.getMessage().contains("Delete"), e.getMessage());
    }

    @Test
    void orphanedFilesOfACrashedSaveAreCleanedUpOnTheNextSave(@TempDir Path dir) throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(dir);
        Checkpoints checkpoints = new Checkpoints(store, message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, OBS);
        add(replay, 10, 1);
        save(checkpoints, 10, replay, 10);
        add(replay, 10, 2);
        // A save that dies after its sections, before its manifest, with one file still being written.
        assertThrows(IllegalStateException.class, () -> checkpoints.save(20, out -> {
            out.writeChunked("replay", 1, replay);
            store.create("checkpoint-000000000020.trainer.qsec").stream().write(1);
            throw new IllegalStateException("killed");
        }));
        assertTrue(store.list().containsKey("checkpoint-000000000020.replay.qsec"));
        assertTrue(store.list().containsKey("checkpoint-000000000020.replay.0.qchunk"));
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(LocalCheckpointStore.TEMPORARY_PREFIX)));
        }
        assertArrayEquals(new long[] {10, 10}, restore(dir, new ByteReplayMemory(200, OBS), new ArrayList<>()),
                "the dead save is no checkpoint");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(LocalCheckpointStore.TEMPORARY_PREFIX)),
                    "a load deletes temporaries");
        }
        save(checkpoints, 30, replay, 30);
        assertFalse(store.list().containsKey("checkpoint-000000000020.replay.qsec"), "the next save deletes orphans");
        assertFalse(store.list().containsKey("checkpoint-000000000020.replay.0.qchunk"));
    }

    @Test
    void aFormatOneCheckpointIsRefusedWithWhatToDo(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream old = new ByteArrayOutputStream(); // format 1: magic, version, length, payload, SHA-256
        DataOutputStream out = new DataOutputStream(old);
        out.write("QSWEEPCK".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(1);
        out.writeInt(8);
        out.writeLong(42);
        out.write(new byte[32]);
        Files.createDirectories(dir);
        Files.write(dir.resolve("checkpoint-000000001000.qck"), old.toByteArray());
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> restore(dir, new ByteReplayMemory(200, OBS), new ArrayList<>()));
        assertTrue(e.getMessage().contains("format 1") && e.getMessage().contains("delete " + dir.toUri())
                && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void unknownSectionsAndVersionsAreRefused(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), message -> { });
        ByteReplayMemory replay = new ByteReplayMemory(200, OBS);
        checkpoints.save(5, out -> {
            out.write("trainer", 1, data -> data.writeLong(5));
            out.writeChunked("replay", 1, replay);
            out.write("from.the.future", 1, data -> data.writeInt(1));
        });
        CheckpointMismatchException unknown = assertThrows(CheckpointMismatchException.class,
                () -> restore(dir, new ByteReplayMemory(200, OBS), new ArrayList<>()));
        assertTrue(unknown.getMessage().contains("[from.the.future]"), unknown.getMessage());

        checkpoints.save(6, out -> out.write("trainer", 2, data -> data.writeLong(6)));
        CheckpointMismatchException version = assertThrows(CheckpointMismatchException.class,
                () -> restore(dir, new ByteReplayMemory(200, OBS), new ArrayList<>()));
        assertTrue(version.getMessage().contains("'trainer'") && version.getMessage().contains("version 2"),
                version.getMessage());
    }
}
