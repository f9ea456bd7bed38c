/**
 * MLflow tracking of sweeps: a parent run per sweep submission, a child run per trial, metrics sent in the background
 * so training never waits for the server, artifacts (checkpoints, learning curves, the sweep summary) uploaded through
 * the server's proxied artifact endpoint over HTTP, so executors need no Python.
 *
 * <p>Imports the core (train, sweep, config) and the MLflow Java client, never Spark or Hadoop: the Spark layer hands
 * in what it owns through small interfaces ({@link dev.qsweep.track.PendingPoints}).
 */
package dev.qsweep.track;
