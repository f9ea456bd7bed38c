package dev.qsweep.cli;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.RowSchema;
import dev.qsweep.train.TrainStatsRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A single run's rows as CSV files in its output directory: {@code episodes.csv}, {@code evals.csv},
 * {@code train_stats.csv}, with the columns of the records' {@link RowSchema}s. Numbers are written so they parse back exactly. On resume, rows past the checkpoint's
 * step are dropped, since the resumed run produces them again.
 */
final class CsvMetricsSink implements MetricsSink {
    static final String EPISODES = EpisodeRecord.SCHEMA.table() + ".csv";
    static final String EVALS = EvalRecord.SCHEMA.table() + ".csv";
    static final String TRAIN_STATS = TrainStatsRecord.SCHEMA.table() + ".csv";

    private final Table episodes;
    private final Table evals;
    private final Table trainStats;

    CsvMetricsSink(Path directory) throws IOException {
        Files.createDirectories(directory);
        episodes = new Table(directory.resolve(EPISODES), EpisodeRecord.SCHEMA);
        evals = new Table(directory.resolve(EVALS), EvalRecord.SCHEMA);
        trainStats = new Table(directory.resolve(TRAIN_STATS), TrainStatsRecord.SCHEMA);
    }

    @Override
    public void onResume(long checkpointStep) throws IOException {
        for (Table table : List.of(episodes, evals, trainStats)) {
            table.dropRowsAfter(checkpointStep);
        }
    }

    @Override
    public void onEpisode(EpisodeRecord e) throws IOException {
        episodes.append(EpisodeRecord.SCHEMA.values(e));
    }

    @Override
    public void onEval(EvalRecord e) throws IOException {
        evals.append(EvalRecord.SCHEMA.values(e));
    }

    @Override
    public void onTrainStats(TrainStatsRecord s) throws IOException {
        trainStats.append(TrainStatsRecord.SCHEMA.values(s));
    }

    @Override
    public void onCheckpoint(long globalStep) throws IOException {
        for (Table table : List.of(episodes, evals, trainStats)) {
            table.flush();
        }
    }

    @Override
    public void close() throws IOException {
        for (Table table : List.of(episodes, evals, trainStats)) {
            table.close();
        }
    }

    /** One CSV file, appended to; its {@code global_step} column is used to cut rows on resume. */
    private static final class Table {
        private final Path path;
        private final String header;
        private final int stepColumn;
        private BufferedWriter writer;

        Table(Path path, RowSchema<?> schema) {
            this.path = path;
            this.header = String.join(",", schema.names());
            this.stepColumn = schema.index("global_step");
        }

        void append(List<Object> values) throws IOException {
            if (writer == null) {
                boolean fresh = !Files.exists(path) || Files.size(path) == 0;
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (fresh) {
                    writer.write(header);
                    writer.newLine();
                }
            }
            StringBuilder line = new StringBuilder();
            for (Object value : values) {
                if (line.length() > 0) {
                    line.append(',');
                }
                line.append(value);
            }
            writer.write(line.toString());
            writer.newLine();
        }

        void dropRowsAfter(long step) throws IOException {
            close();
            if (!Files.exists(path)) {
                return;
            }
            List<String> kept = new ArrayList<>();
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            int columns = header.split(",").length;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (i == 0 || isCompleteRowUpTo(line, columns, step)) {
                    kept.add(line);
                }
            }
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.write(temporary, kept, StandardCharsets.UTF_8);
            Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        /** A row cut short by a crash mid-write is dropped with the rows after the checkpoint. */
        private boolean isCompleteRowUpTo(String line, int columns, long step) {
            String[] cells = line.split(",", -1);
            if (cells.length != columns) {
                return false;
            }
            try {
                Double.parseDouble(cells[columns - 1]);
                return Long.parseLong(cells[stepColumn]) <= step;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        void flush() throws IOException {
            if (writer != null) {
                writer.flush();
            }
        }

        void close() throws IOException {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }
}
