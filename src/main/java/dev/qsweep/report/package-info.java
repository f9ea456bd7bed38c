/**
 * Presenting results: plain-text tables for the console, and {@code qsweep report}'s statistics over per-trial
 * scores (grouping, normalisation, rliable's aggregates via {@code report.stats}), its CSV files, JFreeChart plots
 * and HTML page. Reading the tables is Spark's job ({@code spark.ReportTables}); this package gets plain values.
 */
package dev.qsweep.report;
