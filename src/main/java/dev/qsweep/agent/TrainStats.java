package dev.qsweep.agent;

/**
 * What one gradient step saw.
 *
 * @param loss  mean over the batch of ℓ(Q(s_i,a_i) − y_i), before the step
 * @param meanQ mean over the batch of Q(s_i,a_i), before the step
 */
public record TrainStats(double loss, double meanQ) {}
