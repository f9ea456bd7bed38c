package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.report.ReportSettings;
import dev.qsweep.track.MlflowSweepRun;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point for {@code spark-submit --class dev.qsweep.spark.ReportJob qsweep.jar <output>/<sweep> [options]}: the
 * same report as {@code qsweep report}, on a cluster's Spark. Options as the CLI's, written {@code --name=value}.
 * Exit 2 on bad options (nothing written), 1 on a failure. With {@code MLFLOW_TRACKING_URI} set, the files are also
 * logged to the sweep's parent run (experiment: the sweep's name, or {@code QSWEEP_MLFLOW_EXPERIMENT}).
 */
public final class ReportJob {
    private ReportJob() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (args.length < 1) {
            err.println("usage: spark-submit --class " + ReportJob.class.getName() + " <qsweep jar> <output>/<sweep> "
                    + "[--group-by=a,b] [--score=final_eval|best_eval|last_episodes|eval_auc] [--last-episodes=N] "
                    + "[--normalize=none|reference] [--resamples=N] [--seed=S] [--confidence=C] [--compare=N]");
            System.exit(2);
        }
        try {
            ReportSettings settings = settings(Arrays.asList(args).subList(1, args.length));
            try {
                SweepTables.checkExists(args[0], HadoopFiles.configuration());
            } catch (IllegalArgumentException e) {
                throw new SettingsException(e.getMessage(), e);
            }
            SparkSession.Builder builder = SparkSession.builder().appName("qsweep report");
            if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            SparkSession spark = builder.getOrCreate();
            try {
                String uri = System.getenv(MlflowSweepRun.TRACKING_URI_VARIABLE);
                ReportDriver.run(spark, args[0], settings, uri == null || uri.isBlank() ? null
                        : new ReportDriver.Tracking(uri, System.getenv("QSWEEP_MLFLOW_EXPERIMENT")), out, err);
            } finally {
                spark.stop();
            }
        } catch (SettingsException e) {
            err.println("qsweep: error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** {@code --name=value} options, with the CLI's defaults. */
    static ReportSettings settings(List<String> options) {
        List<String> groupBy = new ArrayList<>();
        String score = "final_eval";
        int lastEpisodes = 100;
        String normalize = "none";
        int resamples = ReportSettings.DEFAULT_RESAMPLES;
        long seed = 0;
        double confidence = 0.95;
        int compare = ReportSettings.DEFAULT_COMPARED_GROUPS;
        for (String option : options) {
            int eq = option.indexOf('=');
            if (!option.startsWith("--") || eq < 0) {
                throw new SettingsException("'" + option + "': options are written --name=value, e.g. --score=best_eval.");
            }
            String value = option.substring(eq + 1);
            try {
                switch (option.substring(2, eq)) {
                    case "group-by" -> groupBy = Arrays.asList(value.split(","));
                    case "score" -> score = value;
                    case "last-episodes" -> lastEpisodes = Integer.parseInt(value);
                    case "normalize" -> normalize = value;
                    case "resamples" -> resamples = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "confidence" -> confidence = Double.parseDouble(value);
                    case "compare" -> compare = Integer.parseInt(value);
                    default -> throw new SettingsException("unknown option '" + option + "'. Valid: --group-by, "
                            + "--score, --last-episodes, --normalize, --resamples, --seed, --confidence, --compare.");
                }
            } catch (NumberFormatException e) {
                throw new SettingsException("'" + option + "': '" + value + "' is not a number.");
            }
        }
        return new ReportSettings(groupBy, ReportSettings.Score.parse(score), lastEpisodes,
                ReportSettings.Normalization.parse(normalize), resamples, seed, confidence, compare);
    }
}
