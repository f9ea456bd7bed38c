/**
 * Random number generators that reproduce numpy bit for bit: {@link dev.qsweep.rng.SeedSequence},
 * {@link dev.qsweep.rng.Pcg64} and {@link dev.qsweep.rng.NumpyGenerator} ({@code np.random.default_rng}), and the
 * legacy {@link dev.qsweep.rng.Mt19937} / {@link dev.qsweep.rng.RandomState} ({@code np.random.RandomState}, which
 * MinAtar draws from). Gymnasium seeds its environments through these, so matching them is what makes environment
 * traces match. JDK only.
 */
package dev.qsweep.rng;
