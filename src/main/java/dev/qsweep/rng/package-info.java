/**
 * Random number generators that reproduce numpy bit for bit: {@link dev.qsweep.rng.SeedSequence},
 * {@link dev.qsweep.rng.Pcg64} and {@link dev.qsweep.rng.NumpyGenerator} ({@code np.random.default_rng}).
 * Gymnasium seeds its environments through these, so matching them is what makes environment traces match.
 * JDK only.
 */
package dev.qsweep.rng;
