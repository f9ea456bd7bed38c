package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment and checkpoint files on a real (local) Hadoop file system, without Spark. */
class ParquetMetricsSinkTest {
    private final Configuration conf = new Configuration();

    private static List<String> visibleFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static EpisodeRecord episode(long n, long step) {
        return new EpisodeRecord(n, step, 1.0, 5, 0.5, 0.1);
    }

    @Test
    void rowsAreCommittedPerCheckpointAndThoseAfterTheResumedCheckpointAreDiscarded(@TempDir Path dir) throws IOException {
        SweepLayout layout = new SweepLayout(dir.toUri().toString());
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        Path episodes = dir.resolve("episodes/trial_id=abc");
        Path evals = dir.resolve("evals/trial_id=abc");

        ParquetMetricsSink sink = new ParquetMetricsSink(fs, conf, layout, "abc", 0);
        sink.onEpisode(episode(1, 4));
        sink.onEpisode(episode(2, 9));
        assertEquals(List.of(), visibleFiles(episodes), "nothing is visible before a checkpoint");
        sink.onEval(new EvalRecord(10, 3, 1, 2, 4, 5));
        sink.onCheckpoint(10);
        sink.onEpisode(episode(3, 15));
        sink.onCheckpoint(20); // no eval in (10, 20]: no empty evals segment
        assertEquals(List.of("seg-000000000000-000000000010.parquet", "seg-000000000010-000000000020.parquet"),
                visibleFiles(episodes));
        assertEquals(List.of("seg-000000000000-000000000010.parquet"), visibleFiles(evals));

        // A crashed writer's temporary file, and a resume from step 10: (10, 20] goes, (0, 10] stays.
        Files.writeString(episodes.resolve(".seg-x.parquet.1234.tmp"), "partial");
        new ParquetMetricsSink(fs, conf, layout, "abc", 10);
        assertEquals(List.of("seg-000000000000-000000000010.parquet"), visibleFiles(episodes));
        assertTrue(Files.list(episodes).noneMatch(p -> p.toString().endsWith(".tmp")));

        new ParquetMetricsSink(fs, conf, layout, "abc", 0);
        assertEquals(List.of(), visibleFiles(episodes), "a fresh start keeps no rows of an earlier one");
    }
}
