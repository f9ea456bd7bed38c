package dev.qsweep.cli;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Progress;
import dev.qsweep.train.TrainStatsRecord;
import java.io.IOException;

/**
 * A sink whose target is given after the trainer is built: building it (environment, network, replay memory) is the
 * last check of a run's settings, so the output files are created only once it succeeded.
 */
final class LateSink implements MetricsSink {
    private MetricsSink target = new MetricsSink() {
    };

    void sendTo(MetricsSink sink) {
        this.target = sink;
    }

    @Override
    public void onResume(long checkpointStep) throws IOException {
        target.onResume(checkpointStep);
    }

    @Override
    public void onEpisode(EpisodeRecord episode) throws IOException {
        target.onEpisode(episode);
    }

    @Override
    public void onEval(EvalRecord eval) throws IOException {
        target.onEval(eval);
    }

    @Override
    public void onTrainStats(TrainStatsRecord stats) throws IOException {
        target.onTrainStats(stats);
    }

    @Override
    public void onProgress(Progress progress) {
        target.onProgress(progress);
    }

    @Override
    public void onCheckpoint(long globalStep) throws IOException {
        target.onCheckpoint(globalStep);
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
