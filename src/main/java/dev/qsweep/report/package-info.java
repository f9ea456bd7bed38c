/** Presenting results: plain-text tables for the console (later: statistics and plots). Pure JDK so far. */
package dev.qsweep.report;
