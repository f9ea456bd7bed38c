package dev.qsweep.train;

/** One evaluation: {@code episodes} episodes with the evaluation policy after {@code globalStep} env steps. */
public record EvalRecord(long globalStep, double mean, double std, double min, double max, int episodes) {
}
