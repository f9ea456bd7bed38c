/** The picocli commands of the {@code qsweep} command line; each one is usable on its own. */
package dev.qsweep.cli;
