package dev.qsweep.cli;

import dev.qsweep.report.ReportSettings;
import dev.qsweep.spark.ReportDriver;
import dev.qsweep.sweep.MlflowSettings;
import dev.qsweep.track.MlflowSweepRun;
import dev.qsweep.spark.SweepTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep report}: rliable statistics, plots and an HTML page from a sweep's tables. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Aggregate a sweep's results as rliable does: mean, median, IQM and optimality gap over runs x "
                + "tasks (envs) with stratified bootstrap intervals, probability of improvement, performance profiles "
                + "and sample-efficiency curves.",
                "Writes <output>/<sweep>/report/{aggregates,improvement,curves,profiles}.csv, PNG plots and report.html "
                + "(replacing an earlier report only once the new one is complete); prints a summary. Exit 2 on bad "
                + "options, with nothing written."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "<output>/<sweep name>, as `qsweep run` prints it")
    String sweepDir;

    @Option(names = "--group-by", split = ",", paramLabel = "SETTINGS",
            description = "settings that make a group (default: every setting that varies within an env, never the seed)")
    List<String> groupBy = List.of();

    @Option(names = "--score", defaultValue = "final_eval", paramLabel = "SCORE",
            description = "per-trial score: final_eval (default), best_eval, last_episodes, eval_auc")
    String score;

    @Option(names = "--last-episodes", defaultValue = "100", paramLabel = "N",
            description = "episodes averaged by --score last_episodes (default: ${DEFAULT-VALUE})")
    int lastEpisodes;

    @Option(names = "--normalize", defaultValue = "none", paramLabel = "MODE",
            description = "none (default) or reference: (score - random) / (reference - random), random from "
                    + "`qsweep baseline`, reference from conf/reference-scores.conf")
    String normalize;

    @Option(names = "--resamples", defaultValue = "2000", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "0", description = "bootstrap seed; the same seed gives the same intervals")
    long seed;

    @Option(names = "--confidence", defaultValue = "0.95", description = "interval level (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--compare", defaultValue = "10", paramLabel = "N",
            description = "the N best groups by IQM get pairwise probabilities of improvement (N(N-1)/2 pairs), "
                    + "profiles and curves (default: ${DEFAULT-VALUE})")
    int compare;

    @Option(names = "--tracking-uri", paramLabel = "URL",
            description = "MLflow server whose sweep parent run gets the files as artifacts report/… (default: "
                    + "$MLFLOW_TRACKING_URI; none: no logging)")
    String trackingUri;

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "MLflow experiment of the sweep (default: the sweep's name, as `qsweep run` names it)")
    String experiment;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE})")
    String master;

    @Override
    public Integer call() throws IOException {
        ReportSettings settings = settings();
        try {
            SweepTables.checkExists(sweepDir, new Configuration()); // before Spark starts: a typo fails fast
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SparkSession spark = SparkSession.builder().master(master).appName("qsweep report")
                .config("spark.ui.enabled", false).config("spark.ui.showConsoleProgress", false)
                .config("spark.sql.debug.maxToStringFields", 200).getOrCreate();
        try {
            PrintWriter out = commandSpec.commandLine().getOut();
            ReportDriver.run(spark, sweepDir, settings, tracking(), out, commandSpec.commandLine().getErr());
            return 0;
        } finally {
            spark.stop();
        }
    }

    private ReportDriver.Tracking tracking() {
        String uri = trackingUri != null ? trackingUri : System.getenv(MlflowSweepRun.TRACKING_URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            return null;
        }
        return new ReportDriver.Tracking(MlflowSettings.checkTrackingUri(uri, "--tracking-uri"), experiment);
    }

    ReportSettings settings() {
        return new ReportSettings(groupBy, ReportSettings.Score.parse(score), lastEpisodes,
                ReportSettings.Normalization.parse(normalize), resamples, seed, confidence, compare);
    }
}
