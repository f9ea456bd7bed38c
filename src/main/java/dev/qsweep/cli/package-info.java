/** The {@code qsweep} command line: {@code train}, {@code env}, and (later) the sweep commands. */
package dev.qsweep.cli;
