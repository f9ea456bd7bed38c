package dev.qsweep.report.stats;

/**
 * A point estimate and its confidence interval. With the percentile bootstrap the estimate need not lie inside
 * {@code [low, high]} (e.g. for a median over few tasks).
 */
public record Interval(double estimate, double low, double high) {}
