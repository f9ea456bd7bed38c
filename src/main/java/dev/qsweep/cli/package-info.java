/**
 * The {@code qsweep} command line: {@code train}, {@code env} (list, rollout), and the sweep commands {@code plan},
 * {@code run} and {@code sql}.
 */
package dev.qsweep.cli;
