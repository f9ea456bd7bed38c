/** Stand-alone benchmarks (main classes), kept out of the test suite. */
package dev.qsweep.bench;
