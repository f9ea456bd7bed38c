package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMetricsSinkTest {

    @Test
    void resumeDropsRowsPastTheCheckpointAndTornLines(@TempDir Path dir) throws IOException {
        try (CsvMetricsSink sink = new CsvMetricsSink(dir)) {
            sink.onEpisode(new EpisodeRecord(1, 100, 12.5, 100, 0.9, 0.1));
            sink.onEpisode(new EpisodeRecord(2, 250, 20.0, 150, 0.8, 0.2));
            sink.onEval(new EvalRecord(200, 1, 0, 1, 1, 5));
            sink.onEpisode(new EpisodeRecord(3, 400, 30.0, 150, 0.7, 0.3));
            sink.onEval(new EvalRecord(400, 2, 0, 2, 2, 5));
        }
        Files.writeString(dir.resolve(CsvMetricsSink.EPISODES), "4,41", java.nio.file.StandardOpenOption.APPEND);

        try (CsvMetricsSink resumed = new CsvMetricsSink(dir)) {
            resumed.onResume(300);
            resumed.onEpisode(new EpisodeRecord(3, 420, 31.0, 170, 0.7, 0.3));
        }
        List<String> episodes = Files.readAllLines(dir.resolve(CsvMetricsSink.EPISODES));
        assertEquals(List.of("episode,global_step,return,length,epsilon,wall_seconds",
                "1,100,12.5,100,0.9,0.1", "2,250,20.0,150,0.8,0.2", "3,420,31.0,170,0.7,0.3"), episodes);
        List<String> evals = Files.readAllLines(dir.resolve(CsvMetricsSink.EVALS));
        assertEquals(List.of("global_step,mean,std,min,max,episodes", "200,1.0,0.0,1.0,1.0,5"), evals);
    }
}
