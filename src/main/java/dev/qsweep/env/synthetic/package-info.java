/**
 * Synthetic environments for testing and benchmarking the machinery (replay memories, checkpoints) at sizes real games
 * reach only after hours: their dynamics mean nothing, their observations are large and cheap.
 */
package dev.qsweep.env.synthetic;
