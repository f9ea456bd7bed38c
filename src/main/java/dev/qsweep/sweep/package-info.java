/**
 * Sweeps: a HOCON sweep file ({@code jobs/*.conf}) read and validated into a {@link dev.qsweep.sweep.SweepSpec},
 * expanded in a fixed order into {@link dev.qsweep.sweep.TrialSpec}s with stable ids, and the outcome of a trial;
 * the pure decisions of a scheduler ({@link dev.qsweep.sweep.SuccessiveHalving}, {@link dev.qsweep.sweep.Brackets}).
 * Pure core: JDK, Typesafe Config, and the config and env packages. Spark runs the trials elsewhere.
 */
package dev.qsweep.sweep;
