package dev.qsweep.train;

import static dev.qsweep.train.Column.Type.DOUBLE;
import static dev.qsweep.train.Column.Type.INT64;

import java.util.List;

/** Learning statistics sampled during training: the last gradient step's loss and mean Q(s,a), and env steps/s. */
public record TrainStatsRecord(long globalStep, double loss, double meanQ, double stepsPerSecond) {

    /** The columns of {@code train_stats.csv} (qsweep train; a sweep sends them to MLflow only), declared once. */
    public static final RowSchema<TrainStatsRecord> SCHEMA = new RowSchema<>("train_stats",
            "Learning statistics, sampled every 1000 env steps once learning has started.", List.of(
            Column.of("global_step", INT64, "env steps", "env steps done when sampled", TrainStatsRecord::globalStep),
            Column.of("loss", DOUBLE, "squared reward (mse) or reward (huber)", "the mean TD loss of the last "
                    + "gradient step's minibatch, with the loss setting (mse or huber)", TrainStatsRecord::loss),
            Column.of("q_mean", DOUBLE, "reward", "the mean over that minibatch of Q(s,a) of the taken actions, "
                    + "before the step", TrainStatsRecord::meanQ),
            Column.of("sps", DOUBLE, "env steps per second", "env steps per second of this attempt so far",
                    TrainStatsRecord::stepsPerSecond)));
}
