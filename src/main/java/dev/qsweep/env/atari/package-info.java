/**
 * Atari 2600 games on the Arcade Learning Environment 0.7.3 (JavaCPP preset {@code org.bytedeco:ale}), with ale-py
 * 0.11's ids, options and seeding ({@link dev.qsweep.env.atari.AleEnvironment}), ROMs found in ale-py's wheel
 * ({@link dev.qsweep.env.atari.RomLocator}) and the {@code preprocess} wrapper chains
 * ({@link dev.qsweep.env.atari.Preprocessing}). Registered into {@link dev.qsweep.env.EnvRegistry} by
 * {@link dev.qsweep.env.atari.AtariRegistration}.
 */
package dev.qsweep.env.atari;
