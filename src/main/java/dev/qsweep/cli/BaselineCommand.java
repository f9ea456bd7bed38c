package dev.qsweep.cli;

import dev.qsweep.report.TextTable;
import dev.qsweep.spark.Baselines;
import dev.qsweep.spark.SweepLayout;
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

/** {@code qsweep baseline}: a random policy's mean return on each env of a sweep, for score normalisation. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Measure a uniformly random policy on every env of a sweep and write the sweep's baselines "
                + "table (<output>/<sweep>/baselines/), the 'random' of `qsweep report --normalize reference`."})
public final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "<output>/<sweep name>, as `qsweep run` prints it")
    String sweepDir;

    @Option(names = "--episodes", defaultValue = "100", description = "episodes per env (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the resets and actions (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1 || episodes > 100_000) {
            throw new UserError("--episodes: " + episodes + " is out of range; give 1 to 100000, e.g. 100.");
        }
        try {
            SweepTables.checkExists(sweepDir, new Configuration());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SparkSession spark = SparkSession.builder().master("local[1]").appName("qsweep baseline")
                .config("spark.ui.enabled", false).config("spark.ui.showConsoleProgress", false).getOrCreate();
        try {
            SweepTables.register(spark, sweepDir);
            List<Baselines.Baseline> baselines = Baselines.measure(spark, new SweepLayout(sweepDir), episodes, seed);
            PrintWriter out = commandSpec.commandLine().getOut();
            TextTable table = new TextTable(List.of("env", "env_options", "episodes", "random_mean", "random_std"));
            baselines.forEach(b -> table.add(List.of(b.env(), b.envOptions(), String.valueOf(b.episodes()),
                    String.format("%.3f", b.randomMean()), String.format("%.3f", b.randomStd()))));
            out.print(table.render());
            out.println("baselines table: " + sweepDir + "/" + Baselines.TABLE + "/");
            out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }
}
