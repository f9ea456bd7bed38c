/**
 * rliable-grade aggregate statistics over runs × tasks (Agarwal et al. 2021, the {@code rliable} 1.2.0 package):
 * mean, median, interquartile mean and optimality gap, probability of improvement, performance profiles, and their
 * stratified percentile-bootstrap confidence intervals. Pure Java and commons-math3: no Spark, no I/O.
 */
package dev.qsweep.report.stats;
