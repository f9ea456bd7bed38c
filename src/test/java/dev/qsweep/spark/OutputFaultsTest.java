package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused writes told from other failures, with real failures from the file system (they also hit root). */
class OutputFaultsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void refusedWritesAreToldFromOtherFailuresByWhatTheFileSystemSaid() throws Exception {
        // A full disk, for real: Linux's /dev/full answers every write with ENOSPC, also for root.
        IOException full = assertThrows(IOException.class, () -> {
            try (var out = new FileOutputStream("/dev/full")) {
                out.write(new byte[] {1});
            }
        });
        Optional<String> reason = OutputFaults.unwritable(new IOException("segment commit failed", full));
        assertEquals(Optional.of("cannot write to the output (IOException: No space left on device)"), reason);

        // A file where a directory should be: what Hadoop's local file system says when it cannot make the parent.
        java.nio.file.Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Exception blocked = assertThrows(Exception.class,
                () -> FileSystem.getLocal(new Configuration()).create(new Path(new Path(file.toUri()), "seg.parquet"), false).close());
        assertTrue(OutputFaults.unwritable(blocked).orElseThrow().startsWith("cannot write to the output ("),
                blocked.toString());

        // What Hadoop's local file system throws for a directory without write permission (as a non-root user).
        assertEquals(Optional.of("cannot write to the output (FileNotFoundException: /out/.seg.tmp (Permission denied))"),
                OutputFaults.unwritable(new java.io.FileNotFoundException("/out/.seg.tmp (Permission denied)")));
        assertEquals(Optional.empty(), OutputFaults.unwritable(new IOException("Connection reset by peer")));
        assertEquals(Optional.empty(), OutputFaults.unwritable(new IllegalStateException("injected failure")));
    }
}
