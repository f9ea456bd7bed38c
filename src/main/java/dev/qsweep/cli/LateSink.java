package dev.qsweep.cli;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Progress;
import dev.qsweep.train.TrainStatsRecord;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A sink that opens its target (creating the output files) on the first row, not before: building the trainer
 * (environment, network, replay memory) and restoring a checkpoint (which refuses one of another run) are the last
 * checks of a run's arguments, and nothing is written until they passed.
 */
final class LateSink implements MetricsSink {
    /** Creates the real sink, and whatever files go with it. */
    interface Opener {
        MetricsSink open() throws IOException;
    }

    private final Opener opener;
    private MetricsSink target;

    LateSink(Opener opener) {
        this.opener = opener;
    }

    private MetricsSink target() throws IOException {
        if (target == null) {
            target = opener.open();
        }
        return target;
    }

    @Override
    public void onResume(long checkpointStep) throws IOException {
        target().onResume(checkpointStep);
    }

    @Override
    public void onEpisode(EpisodeRecord episode) throws IOException {
        target().onEpisode(episode);
    }

    @Override
    public void onEval(EvalRecord eval) throws IOException {
        target().onEval(eval);
    }

    @Override
    public void onTrainStats(TrainStatsRecord stats) throws IOException {
        target().onTrainStats(stats);
    }

    @Override
    public void onProgress(Progress progress) {
        try {
            target().onProgress(progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onCheckpoint(long globalStep) throws IOException {
        target().onCheckpoint(globalStep);
    }

    @Override
    public void close() throws IOException {
        if (target != null) {
            target.close();
        }
    }
}
