package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished trial's manifest against real segments on a local file system: what it finds, and where to restart. */
class TrialManifestTest {
    @TempDir
    Path dir;

    @Test
    void missingAndForeignFilesAreFoundAndTheTrialRestartsBeforeTheEarliest() throws Exception {
        Configuration conf = new Configuration();
        SweepLayout layout = new SweepLayout(dir.toUri().toString());
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        try (ParquetMetricsSink sink = new ParquetMetricsSink(fs, conf, layout, "t", 0)) {
            for (long step = 10; step <= 30; step += 10) {
                sink.onEpisode(new EpisodeRecord(step / 10, step, 1.0, 10, 0.5, 0.1));
                sink.onEval(new EvalRecord(step, 2, 0, 2, 2, 1));
                sink.onCheckpoint(step);
            }
        }
        Path row = Files.createDirectories(dir.resolve("trials/trial_id=t")).resolve(SweepLayout.TRIAL_FILE);
        Files.writeString(row, "a trial row");
        assertFalse(TrialManifest.verify(fs, layout, "t", 30).recorded(), "no manifest: a trial of an older qsweep");

        TrialManifest.write(fs, layout, "t", 30, AttemptFence.NONE);
        assertTrue(TrialManifest.verify(fs, layout, "t", 30).intact());
        assertEquals(8, Files.readAllLines(dir.resolve("checkpoints/t/_manifest")).size(),
                "header, 3 episodes and 3 evals segments, the row");

        Path episodes = dir.resolve("episodes/trial_id=t");
        Files.delete(episodes.resolve("seg-000000000020-000000000030.parquet"));
        Files.copy(episodes.resolve("seg-000000000000-000000000010.parquet"),
                episodes.resolve("seg-000000000010-000000000015.parquet")); // as a superseded attempt's stray file
        Files.writeString(row, "a trial row, rewritten"); // another size
        TrialManifest.Check check = TrialManifest.verify(fs, layout, "t", 30);
        assertTrue(check.recorded());
        assertEquals(List.of(
                new TrialManifest.Damage("episodes/trial_id=t/seg-000000000020-000000000030.parquet", "missing", 20),
                new TrialManifest.Damage("trials/trial_id=t/trial.parquet",
                        "size differs (22 bytes, recorded 11: truncated or replaced)", 30),
                new TrialManifest.Damage("episodes/trial_id=t/seg-000000000010-000000000015.parquet",
                        "not part of the finished trial (a superseded attempt's file?)", 10)), check.damage());
        assertEquals(10, check.rowsAfterStep(), "rows after step 10 are in doubt");
    }
}
