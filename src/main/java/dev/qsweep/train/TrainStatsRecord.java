package dev.qsweep.train;

/** Learning statistics sampled during training: the last gradient step's loss and mean Q(s,a), and env steps/s. */
public record TrainStatsRecord(long globalStep, double loss, double meanQ, double stepsPerSecond) {
}
