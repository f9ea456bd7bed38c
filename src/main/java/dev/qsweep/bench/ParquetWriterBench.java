package dev.qsweep.bench;

import dev.qsweep.spark.ParquetMetricsSink;
import dev.qsweep.spark.SweepLayout;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * How many rows per second one trial's Parquet writer sustains, so a user can tell that output never throttles
 * training: episode rows (plus an eval row every 10 segments) through {@link ParquetMetricsSink} onto the local file
 * system, committed as a segment every {@code rowsPerCheckpoint} rows, as a trial does at each checkpoint.
 *
 * <pre>java -cp target/classes:$(cat target/classpath.txt) dev.qsweep.bench.ParquetWriterBench [rows] [rowsPerCheckpoint] [repeats]</pre>
 */
public final class ParquetWriterBench {
    private ParquetWriterBench() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rowsPerCheckpoint = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Configuration conf = new Configuration();
        FileSystem fs = FileSystem.getLocal(conf);
        double[] rowsPerSecond = new double[repeats + 1];
        for (int r = 0; r <= repeats; r++) { // the first round warms up the JIT and Parquet's codecs
            Path dir = Files.createTempDirectory("qsweep-writer-bench");
            SweepLayout layout = new SweepLayout(dir.toUri().toString());
            long start = System.nanoTime();
            try (ParquetMetricsSink sink = new ParquetMetricsSink(fs, conf, layout, "bench", 0)) {
                long step = 0;
                for (int episode = 1; episode <= rows; episode++) {
                    step += 20 + episode % 180;
                    sink.onEpisode(new EpisodeRecord(episode, step, 20 + episode % 180, 20 + episode % 180,
                            Math.max(0.05, 1.0 - episode / (double) rows), episode * 0.001));
                    if (episode % rowsPerCheckpoint == 0) {
                        if (episode % (10 * rowsPerCheckpoint) == 0) {
                            sink.onEval(new EvalRecord(step, 100.5, 12.25, 80, 130, 10));
                        }
                        sink.onCheckpoint(step);
                    }
                }
                sink.onCheckpoint(step + 1);
            }
            rowsPerSecond[r] = rows / ((System.nanoTime() - start) / 1e9);
            deleteRecursively(dir);
        }
        double[] measured = Arrays.copyOfRange(rowsPerSecond, 1, rowsPerSecond.length);
        Arrays.sort(measured);
        System.out.printf("parquet writer: %,d episode rows, a segment every %d rows: median %,.0f rows/s "
                        + "(min %,.0f, max %,.0f over %d repeats)%n", rows, rowsPerCheckpoint, measured[measured.length / 2],
                measured[0], measured[measured.length - 1], repeats);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
