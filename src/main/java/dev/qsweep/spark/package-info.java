/**
 * Sweeps on Apache Spark: one task per trial runs the core trainer on an executor, with checkpoints on any Hadoop file
 * system and episode/eval rows as Parquet segments committed with each checkpoint, so a retried task resumes and
 * never duplicates rows. The driver side validates the output, runs the job, and reads the tables back with Spark SQL.
 * The only package (with the CLI) that touches Spark, Hadoop and Parquet.
 */
package dev.qsweep.spark;
