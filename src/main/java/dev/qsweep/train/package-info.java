/**
 * The runner: owns the act → step → store → learn → sync loop, periodic greedy evaluation, checkpoints and metrics.
 * I/O goes through {@link dev.qsweep.train.MetricsSink} and {@link dev.qsweep.train.CheckpointStore}; no Spark, MLflow,
 * Parquet or Hadoop here. {@link dev.qsweep.train.Checkpoints} is the checkpoint format: named, versioned sections
 * streamed into a {@link dev.qsweep.train.CheckpointStore}, a manifest committed last, the replay written incrementally.
 */
package dev.qsweep.train;
