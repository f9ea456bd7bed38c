/**
 * Wrappers that change an environment's episode rules or observations the way Gymnasium's and Stable-Baselines3's
 * wrappers do: {@link dev.qsweep.env.wrappers.TimeLimit}, and the Atari preprocessing ones (no-op reset, max-and-skip,
 * episodic life, fire reset, reward clipping, OpenCV-exact grayscale resize, frame stacking, Gymnasium's
 * AtariPreprocessing), which reach the emulator through {@link dev.qsweep.env.wrappers.ArcadeEmulator}.
 */
package dev.qsweep.env.wrappers;
