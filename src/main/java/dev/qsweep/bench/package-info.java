/** Micro-benchmarks run as plain main classes (kept out of the test suite; pin them with taskset). */
package dev.qsweep.bench;
