package dev.qsweep.spark;

import dev.qsweep.report.TextTable;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.track.MlflowSweepRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A whole sweep from its file: validate (writing nothing on bad input), print the plan, run it on Spark with progress
 * lines, then print the top configurations and where the tables are. Shared by {@code qsweep run} and
 * {@link SweepJob} (spark-submit).
 */
public final class SweepDriver {
    static final int TOP_CONFIGURATIONS = 5;

    private SweepDriver() {
    }

    /**
     * @param master a Spark master URL, or null to take it from spark-submit
     * @throws dev.qsweep.config.SettingsException on a bad sweep file or output, before Spark starts
     */
    public static SweepRunner.Result run(Path file, String master, PrintWriter out, PrintWriter err) throws IOException {
        SweepPlan plan = TrialExpansion.expand(SweepFiles.load(file));
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        SweepSessions.validate(plan.spec(), master);
        SweepTables.refuseLegacyIds(layout, new Configuration()); // old bare-hex ids would all train again
        Optional<MlflowSweepRun.Destination> mlflowDestination = MlflowSweepRun.destination(plan.spec(), System.getenv(),
                err);
        SweepLock lock = SweepLock.acquire(layout, err); // a second submission into this output is refused here
        out.println(plan.describe());
        out.flush();
        MlflowSweepRun mlflow;
        SparkSession spark;
        try {
            mlflow = mlflowDestination.map(d -> MlflowSweepRun.start(d, plan, file, layout.root(), err)).orElse(null);
            spark = SweepSessions.create(plan.spec(), master);
        } catch (RuntimeException e) {
            lock.close(); // nothing ran: the next submission may start at once
            throw e;
        }
        try {
            SweepRunner.Result result = SweepRunner.run(spark, plan, layout, line -> {
                err.println("qsweep: " + line);
                err.flush();
            }, mlflow == null ? null : mlflow.target());
            SweepTables.register(spark, layout.root());
            List<SweepSummary.Configuration> top = SweepSummary.top(spark, plan, TOP_CONFIGURATIONS);
            out.print(report(plan, result, top));
            out.flush();
            if (mlflow != null) {
                SweepTracking.finish(mlflow, spark, plan, result, top, err);
                out.println("MLflow: " + mlflow.runUrl());
                out.flush();
            }
            return result;
        } catch (IOException | RuntimeException e) {
            if (mlflow != null) {
                mlflow.fail(e, err);
            }
            throw e;
        } finally {
            spark.stop();
            lock.close();
        }
    }

    static String report(SweepPlan plan, SweepRunner.Result result, List<SweepSummary.Configuration> top) {
        List<TrialOutcome> outcomes = result.outcomes();
        long done = outcomes.stream().filter(o -> o.status() == TrialStatus.DONE).count();
        long skipped = outcomes.stream().filter(o -> o.skipped() && o.status() == TrialStatus.DONE).count();
        StringBuilder text = new StringBuilder();
        long stopped = count(outcomes, TrialStatus.STOPPED);
        text.append(String.format("%nsweep %s finished in %s: %d trials: %d done (%d of them already finished before), "
                        + "%s%d failed, %d diverged%n", plan.spec().name(), SweepProgress.duration(result.wallSeconds()),
                outcomes.size(), done, skipped, stopped == 0 ? "" : stopped + " stopped by the scheduler, ",
                count(outcomes, TrialStatus.FAILED), count(outcomes, TrialStatus.DIVERGED)));
        long resumed = outcomes.stream().filter(o -> !o.skipped() && o.resumedFromStep() > 0).count();
        text.append(String.format("trained %,d env steps in this submission; %d trial(s) resumed from a checkpoint%n",
                result.trainedSteps(), resumed));
        for (TrialOutcome o : outcomes) {
            if (o.status() != TrialStatus.DONE && o.status() != TrialStatus.STOPPED) {
                text.append(String.format("  %s %s: %s%n", o.status(), o.trialId(), o.reason()));
            }
        }
        if (top.isEmpty()) {
            text.append("\nno finished trial to rank.\n");
        } else {
            text.append("\ntop configurations by final evaluation return (mean ± std over seeds"
                    + (plan.spec().multiEnv() ? "; ranked within each env):\n" : "):\n"));
            List<String> header = new ArrayList<>(List.of("rank"));
            header.addAll(top.get(0).settings().keySet()); // env first when ranked per env
            header.addAll(List.of("final_eval", "seeds"));
            TextTable table = new TextTable(header);
            for (int i = 0; i < top.size(); i++) {
                SweepSummary.Configuration c = top.get(i);
                List<String> row = new ArrayList<>(List.of(String.valueOf(plan.spec().multiEnv()
                        ? rankWithinEnv(top, i) : i + 1)));
                c.settings().values().forEach(v -> row.add(TextTable.format(v)));
                row.add(Double.isNaN(c.mean()) ? "-" : String.format("%.1f ± %s", c.mean(),
                        Double.isNaN(c.std()) ? "-" : String.format("%.1f", c.std())));
                row.add(String.valueOf(c.seeds()));
                table.add(row);
            }
            text.append(table.render());
        }
        String root = result.layout().root();
        text.append(String.format("%ntables (Parquet, partitioned by trial_id): %s/{trials,episodes,evals}%n", root));
        text.append(String.format("checkpoints: %s/checkpoints/<trial_id>/%n", root));
        text.append(String.format("query: bin/qsweep sql %s \"SELECT * FROM trials ORDER BY final_eval_mean DESC\"%n", root));
        if (!plan.spec().scheduler().isEmpty()) {
            text.append(String.format("decisions: bin/qsweep sql %s \"SELECT * FROM decisions ORDER BY bracket, rung, "
                    + "rank\"%n", root));
        }
        return text.toString();
    }

    private static int rankWithinEnv(List<SweepSummary.Configuration> top, int i) {
        Object env = top.get(i).settings().get("env");
        int rank = 1;
        while (rank <= i && env.equals(top.get(i - rank).settings().get("env"))) {
            rank++;
        }
        return rank;
    }

    private static long count(List<TrialOutcome> outcomes, TrialStatus status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
