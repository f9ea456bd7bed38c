package dev.qsweep.train;

import java.io.IOException;

/**
 * Where a run's rows go (files, Parquet, MLflow, the console). Calls come from the training thread, in step order.
 * Rows after the step of the checkpoint a run resumes from are produced again, so a sink that persists rows must
 * drop what it holds beyond {@link #onResume}'s step.
 */
public interface MetricsSink extends AutoCloseable {

    default void onResume(long checkpointStep) throws IOException {
    }

    default void onEpisode(EpisodeRecord episode) throws IOException {
    }

    default void onEval(EvalRecord eval) throws IOException {
    }

    default void onTrainStats(TrainStatsRecord stats) throws IOException {
    }

    default void onProgress(Progress progress) {
    }

    /** Everything received so far must be durable once this returns: a checkpoint at this step is being taken. */
    default void onCheckpoint(long globalStep) throws IOException {
    }

    @Override
    default void close() throws IOException {
    }

    /** Sends every call to each sink in turn. */
    static MetricsSink all(MetricsSink... sinks) {
        return new MetricsSink() {
            @Override
            public void onResume(long checkpointStep) throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.onResume(checkpointStep);
                }
            }

            @Override
            public void onEpisode(EpisodeRecord episode) throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.onEpisode(episode);
                }
            }

            @Override
            public void onEval(EvalRecord eval) throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.onEval(eval);
                }
            }

            @Override
            public void onTrainStats(TrainStatsRecord stats) throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.onTrainStats(stats);
                }
            }

            @Override
            public void onProgress(Progress progress) {
                for (MetricsSink sink : sinks) {
                    sink.onProgress(progress);
                }
            }

            @Override
            public void onCheckpoint(long globalStep) throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.onCheckpoint(globalStep);
                }
            }

            @Override
            public void close() throws IOException {
                for (MetricsSink sink : sinks) {
                    sink.close();
                }
            }
        };
    }
}
