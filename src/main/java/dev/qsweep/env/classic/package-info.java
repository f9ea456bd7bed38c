/**
 * Gymnasium's classic-control environments (CartPole-v1, MountainCar-v0, Acrobot-v1), ported with the same
 * float64 arithmetic in the same order so observations match Gymnasium's bit for bit.
 */
package dev.qsweep.env.classic;
