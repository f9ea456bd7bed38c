package dev.qsweep.spark;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import dev.qsweep.report.ReportSettings;
import dev.qsweep.report.TrialScore;
import java.io.IOException;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.Seq;

/**
 * The per-trial side of {@code qsweep report}, in Spark SQL over the sweep's views (see {@link SweepTables#register}):
 * each finished trial's score (a column of {@code trials}, or an aggregate of its episodes or evaluations) and its
 * evaluation curve. What comes back is small (a row per trial, a point per evaluation); the bootstrap runs on it.
 */
public final class ReportTables {

    /**
     * What the report needs from the tables.
     *
     * @param scores  one per finished trial, raw (not normalised)
     * @param curves  trial id → env step → evaluation mean return
     * @param sweeps  the {@code sweep} names found in the table (one, unless directories were mixed)
     */
    public record Inputs(List<TrialScore> scores, Map<String, NavigableMap<Long, Double>> curves, List<String> sweeps) {
    }

    private ReportTables() {
    }

    /**
     * Reads the sweep's tables at {@code layout}: the trials table once, the evaluations once (cached when both the AUC
     * and the curves read them), the episodes only for {@code last_episodes}. A sweep of 10,000 trials is 10,000 small files per
     * table, so each table is listed and scanned once.
     */
    public static Inputs load(SparkSession spark, SweepLayout layout, ReportSettings settings) throws IOException {
        // trial_id values are hex; left to inference, "1234…" would become a number (see SweepTables).
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
        if ("file".equals(fs.getScheme())) {
            // Spark lists more than 32 directories with a distributed job; for a local 10,000-trial table listing on
            // the driver takes 5 s instead of 47 (measured, docs/BENCHMARKS.md section 7). Remote stores keep the job.
            spark.conf().set("spark.sql.sources.parallelPartitionDiscovery.threshold", Integer.MAX_VALUE);
        }
        Dataset<Row> trials = readPartitioned(spark, layout.table(SweepLayout.TRIALS), null);
        Set<String> columns = new HashSet<>(Arrays.asList(trials.columns()));
        List<String> settingColumns = SettingsCatalog.ALL.stream().map(Setting::name).filter(columns::contains).toList();
        List<String> selected = new ArrayList<>(List.of("trial_id", "env", "env_options", "seed", "sweep",
                "final_eval_mean", "best_eval_mean"));
        settingColumns.forEach(c -> selected.add("`" + c + "`"));
        // Sorted here, not by Spark: ORDER BY samples its input first, a second scan of every trial file.
        List<Row> done = new ArrayList<>(trials.where("status = 'DONE'").selectExpr(selected.toArray(String[]::new))
                .collectAsList());
        done.sort(Comparator.comparing((Row row) -> row.getString(0)));

        Dataset<Row> evals = table(spark, fs, layout, SweepLayout.EVALS, SweepTables.EVALS)
                .select("trial_id", "global_step", "mean");
        if (settings.score() == ReportSettings.Score.EVAL_AUC) {
            evals = evals.cache(); // read twice: the AUC query and the curves
        }
        evals.createOrReplaceTempView(SweepLayout.EVALS);
        Map<String, Double> aggregated = new HashMap<>();
        if (settings.score() == ReportSettings.Score.LAST_EPISODES || settings.score() == ReportSettings.Score.EVAL_AUC) {
            if (settings.score() == ReportSettings.Score.LAST_EPISODES) {
                table(spark, fs, layout, SweepLayout.EPISODES, SweepTables.EPISODES)
                        .createOrReplaceTempView(SweepLayout.EPISODES);
            }
            for (Row row : spark.sql(scoreQuery(settings)).collectAsList()) {
                if (!row.isNullAt(1)) {
                    aggregated.put(row.getString(0), row.getDouble(1));
                }
            }
        }
        List<TrialScore> scores = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> sweeps = new TreeSet<>();
        for (Row row : done) {
            String trialId = row.getString(0);
            sweeps.add(row.getString(4));
            Double score = switch (settings.score()) {
                case FINAL_EVAL -> row.isNullAt(5) ? null : row.getDouble(5);
                case BEST_EVAL -> row.isNullAt(6) ? null : row.getDouble(6);
                case LAST_EPISODES, EVAL_AUC -> aggregated.get(trialId);
            };
            if (score == null || !Double.isFinite(score)) {
                missing.add(trialId);
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < settingColumns.size(); i++) {
                Object value = row.get(7 + i);
                values.put(settingColumns.get(i), value instanceof Seq<?> seq ? ScalaCollections.toList(seq) : value);
            }
            scores.add(new TrialScore(trialId, task(row.getString(1), row.getString(2)), row.getLong(3), values, score));
        }
        if (!missing.isEmpty()) {
            throw new SettingsException(missing.size() + " finished trial(s) have no " + settings.metricName()
                    + " score (e.g. trial " + missing.get(0) + "): " + switch (settings.score()) {
                case FINAL_EVAL, BEST_EVAL, EVAL_AUC -> "the sweep ran no evaluations (eval_interval = 0?). Use "
                        + "--score last_episodes, or run the sweep with evaluations.";
                case LAST_EPISODES -> "it finished no training episode. Use an evaluation score, e.g. --score final_eval.";
            });
        }
        Set<String> doneIds = new HashSet<>();
        scores.forEach(t -> doneIds.add(t.trialId()));
        Map<String, NavigableMap<Long, Double>> curves = new HashMap<>();
        for (Row row : evals.collectAsList()) {
            if (doneIds.contains(row.getString(0))) {
                curves.computeIfAbsent(row.getString(0), id -> new TreeMap<>()).put(row.getLong(1), row.getDouble(2));
            }
        }
        evals.unpersist();
        return new Inputs(scores, curves, List.copyOf(sweeps));
    }

    private static Dataset<Row> table(SparkSession spark, FileSystem fs, SweepLayout layout, String table,
                                      StructType schema) throws IOException {
        Path path = layout.table(table);
        return fs.exists(path) ? readPartitioned(spark, path, schema)
                : spark.createDataFrame(List.of(), schema); // e.g. no evaluations in this sweep
    }

    /**
     * A table's rows with {@code trial_id} taken from each file's {@code trial_id=…} directory, without Spark's
     * partition discovery. Discovery parses every directory value as a decimal before it looks at the type-inference
     * setting (Spark 4.1 PartitioningUtils), and a hex id such as {@code 099784780e637789} is 10^637789: seconds of
     * BigInteger arithmetic per such id, minutes for a 10,000-trial sweep. Recursive file lookup turns discovery off.
     */
    static Dataset<Row> readPartitioned(SparkSession spark, Path table, StructType schema) {
        DataFrameReader reader = spark.read().option("recursiveFileLookup", "true");
        if (schema != null) {
            reader = reader.schema(schema);
        }
        return reader.parquet(table.toString())
                .withColumn("trial_id", functions.regexp_extract(functions.input_file_name(), "trial_id=([^/]+)/", 1));
    }

    /** The env, with its options when they are not the defaults: one task of rliable's runs × tasks. */
    static String task(String env, String envOptions) {
        return envOptions == null || envOptions.equals("{}") ? env : env + " " + envOptions;
    }

    /** {@code trial_id, score} per trial, for the scores that aggregate a trial's episodes or evaluations. */
    static String scoreQuery(ReportSettings settings) {
        return switch (settings.score()) {
            case FINAL_EVAL, BEST_EVAL -> throw new IllegalArgumentException(settings.score()
                    + " is a column of the trials table, not an aggregate");
            case LAST_EPISODES -> "SELECT trial_id, avg(`return`) AS score FROM (SELECT trial_id, `return`, row_number() "
                    + "OVER (PARTITION BY trial_id ORDER BY global_step DESC, episode DESC) AS from_last FROM episodes) "
                    + "WHERE from_last <= " + settings.lastEpisodes() + " GROUP BY trial_id";
            // Trapezoids between consecutive evaluations, over the steps they span: a mean return over training.
            case EVAL_AUC -> "SELECT trial_id, CASE WHEN count(*) = 1 THEN max(mean) "
                    + "ELSE sum(area) / (max(global_step) - min(global_step)) END AS score FROM (SELECT trial_id, "
                    + "global_step, mean, (global_step - lag(global_step) OVER w) * (mean + lag(mean) OVER w) / 2 AS area "
                    + "FROM evals WINDOW w AS (PARTITION BY trial_id ORDER BY global_step)) GROUP BY trial_id";
        };
    }
}
