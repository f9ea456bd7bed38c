/**
 * The runner: owns the act → step → store → learn → sync loop, periodic greedy evaluation, checkpoints and metrics.
 * I/O goes through {@link dev.qsweep.train.MetricsSink} and {@link dev.qsweep.train.CheckpointStore}; no Spark, MLflow,
 * Parquet or Hadoop here.
 */
package dev.qsweep.train;
