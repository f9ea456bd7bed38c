/** The {@code qsweep} command line: {@code train} and {@code env} (list, rollout); later the sweep commands. */
package dev.qsweep.cli;
