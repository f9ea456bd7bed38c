/** Benchmark programs (main classes) that print figures; they are not tests and never run in CI. */
package dev.qsweep.bench;
