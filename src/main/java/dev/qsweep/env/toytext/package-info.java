/**
 * Gymnasium's toy-text environments (FrozenLake-v1, Taxi-v4) as transition tables sampled the way Gymnasium
 * samples them, so the draws from the generator line up with Python's.
 */
package dev.qsweep.env.toytext;
