/**
 * The five MinAtar games (Asterix, Breakout, Freeway, Seaquest, SpaceInvaders) ported from the {@code minatar}
 * 1.0.15 Python package, and {@link dev.qsweep.env.minatar.MinAtarEnvironment}, its Gymnasium wrapper
 * ({@code MinAtar/<Game>-v0} with all six actions, {@code -v1} with the game's minimal action set). All
 * randomness comes from one numpy legacy {@link dev.qsweep.rng.RandomState}, drawn in MinAtar's order, so a seed
 * and an action sequence give the same observations, rewards and terminal flags as Python, bit for bit.
 */
package dev.qsweep.env.minatar;
