package dev.qsweep.spark;

import dev.qsweep.report.ReportCharts;
import dev.qsweep.report.ReportCsv;
import dev.qsweep.report.ReportPages;
import dev.qsweep.report.ReportSettings;
import dev.qsweep.report.Scores;
import dev.qsweep.report.SweepReport;
import dev.qsweep.report.TrialScore;
import dev.qsweep.track.MlflowSweepRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code qsweep report}: per-trial scores from the tables (Spark SQL), statistics on the driver, and the files under
 * {@code <output>/<sweep>/report/}, written to a hidden temporary directory first and renamed into place, so a report
 * that fails leaves the previous one (or nothing) behind.
 */
public final class ReportDriver {
    public static final String REPORT_DIR = "report";

    /** The files written, by name, and where they went. */
    public record Written(Path directory, Map<String, byte[]> files, SweepReport.Result result) {
    }

    private ReportDriver() {
    }

    /**
     * Where the report's files are also logged: the sweep's parent run in this MLflow server and experiment.
     *
     * @param experiment null: the sweep's name (qsweep's default experiment)
     */
    public record Tracking(String trackingUri, String experiment) {
    }

    /**
     * Computes the report of the sweep at {@code sweepRoot}, writes its files, logs them to MLflow when
     * {@code tracking} is not null, and prints its summary to {@code out} (MLflow problems as warnings to {@code err}).
     */
    public static Written run(SparkSession spark, String sweepRoot, ReportSettings settings, Tracking tracking,
                              PrintWriter out, PrintWriter err) throws IOException {
        SweepLayout layout = SweepTables.checkExists(sweepRoot, spark.sparkContext().hadoopConfiguration());
        ReportTables.Inputs inputs = ReportTables.load(spark, layout, settings);
        List<TrialScore> scores = inputs.scores();
        Map<String, NavigableMap<Long, Double>> curves = inputs.curves();
        Map<String, Scores.Scale> scales = Map.of();
        if (settings.normalization() == ReportSettings.Normalization.REFERENCE) {
            scales = Baselines.scales(spark, layout);
            curves = Scores.normalizeCurves(scores, curves, scales);
            scores = Scores.normalize(scores, scales);
        }
        List<String> groupKeys = Scores.groupKeys(scores, settings.groupBy());
        SweepReport.Result result = SweepReport.compute(scores, curves, groupKeys, settings);
        ReportPages.Context context = new ReportPages.Context(sweepRoot, inputs.sweeps(), inputs.scores(), settings, scales);
        Map<String, byte[]> charts = ReportCharts.all(result, settings.confidence());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("aggregates.csv", utf8(ReportCsv.aggregates(result)));
        files.put("improvement.csv", utf8(ReportCsv.improvement(result)));
        files.put("curves.csv", utf8(ReportCsv.curves(result)));
        files.put("profiles.csv", utf8(ReportCsv.profiles(result)));
        files.putAll(charts);
        files.put("report.html", utf8(ReportPages.html(result, context, charts)));
        String summary = ReportPages.summary(result, context);
        files.put("summary.txt", utf8(summary));
        Path directory = writeAtomically(spark.sparkContext().hadoopConfiguration(), layout, files);
        out.print(summary);
        out.println("report: " + directory + "/{" + String.join(",", files.keySet()) + "}");
        out.flush();
        if (tracking != null) {
            logToMlflow(tracking, directory.getParent().toString(), inputs.sweeps(), files, out, err);
        }
        return new Written(directory, files, result);
    }

    private static void logToMlflow(Tracking tracking, String qualifiedRoot, List<String> sweeps,
                                    Map<String, byte[]> files, PrintWriter out, PrintWriter err) {
        String experiment = tracking.experiment() != null ? tracking.experiment() : sweeps.get(0);
        try {
            Optional<String> runId = MlflowSweepRun.logReport(tracking.trackingUri(), experiment, qualifiedRoot, files);
            if (runId.isPresent()) {
                out.println("MLflow: logged as artifacts " + MlflowSweepRun.REPORT_ARTIFACTS + "/ of run " + runId.get()
                        + " (experiment '" + experiment + "')");
            } else {
                err.println("qsweep: warning: MLflow: experiment '" + experiment + "' at " + tracking.trackingUri()
                        + " has no run of the sweep at " + qualifiedRoot + "; the report is only on disk. Give "
                        + "--experiment if the sweep set mlflow.experiment.");
            }
        } catch (IOException | RuntimeException e) {
            err.println("qsweep: warning: MLflow: could not log the report to " + tracking.trackingUri() + ": "
                    + e.getMessage() + "; the report is on disk.");
        }
        out.flush();
        err.flush();
    }

    /** Writes every file into {@code .report-<uuid>/}, then swaps it in for {@code report/}. */
    static Path writeAtomically(Configuration conf, SweepLayout layout, Map<String, byte[]> files) throws IOException {
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRawFileSystem(); // no .crc companions next to files people open
        }
        Path target = new Path(layout.rootPath(), REPORT_DIR);
        Path temporary = new Path(layout.rootPath(), "." + REPORT_DIR + "-" + UUID.randomUUID());
        try {
            fs.mkdirs(temporary);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                try (FSDataOutputStream stream = fs.create(new Path(temporary, file.getKey()), false)) {
                    stream.write(file.getValue());
                }
            }
            if (fs.exists(target) && !fs.delete(target, true)) {
                throw new IOException("could not remove the previous report at " + target);
            }
            if (!fs.rename(temporary, target)) {
                throw new IOException("could not rename " + temporary + " to " + target);
            }
        } finally {
            if (fs.exists(temporary)) {
                fs.delete(temporary, true);
            }
        }
        return fs.makeQualified(target);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
