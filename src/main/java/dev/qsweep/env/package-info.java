/**
 * The {@link dev.qsweep.env.Environment} API with Gymnasium's semantics, and {@link dev.qsweep.env.EnvRegistry},
 * which makes environments by Gymnasium id. Environments draw all randomness from a numpy-compatible generator
 * seeded as Gymnasium seeds it, so a Java rollout equals the Python one step for step. JDK and {@code rng} only.
 */
package dev.qsweep.env;
