package dev.qsweep.spark;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import dev.qsweep.report.ReportSettings;
import dev.qsweep.report.TrialScore;
import java.util.ArrayList;
import java.util.Arrays;
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
import scala.jdk.javaapi.CollectionConverters;

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

    public static Inputs load(SparkSession spark, ReportSettings settings) {
        Set<String> columns = new HashSet<>(Arrays.asList(spark.table(SweepLayout.TRIALS).columns()));
        List<String> settingColumns = SettingsCatalog.ALL.stream().map(Setting::name).filter(columns::contains).toList();
        String sql = "WITH done AS (SELECT * FROM trials WHERE status = 'DONE'), score AS (" + scoreQuery(settings)
                + ") SELECT d.trial_id, d.env, d.env_options, d.seed, d.sweep, s.score"
                + settingColumns.stream().map(c -> ", d.`" + c + "`").reduce("", String::concat)
                + " FROM done d LEFT JOIN score s ON d.trial_id = s.trial_id ORDER BY d.trial_id";
        List<TrialScore> scores = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> sweeps = new java.util.TreeSet<>();
        for (Row row : spark.sql(sql).collectAsList()) {
            String trialId = row.getString(0);
            sweeps.add(row.getString(4));
            if (row.isNullAt(5) || !Double.isFinite(row.getDouble(5))) {
                missing.add(trialId);
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < settingColumns.size(); i++) {
                Object value = row.get(6 + i);
                values.put(settingColumns.get(i), value instanceof Seq<?> seq ? CollectionConverters.asJava(seq) : value);
            }
            scores.add(new TrialScore(trialId, task(row.getString(1), row.getString(2)), row.getLong(3), values,
                    row.getDouble(5)));
        }
        if (!missing.isEmpty()) {
            throw new SettingsException(missing.size() + " finished trial(s) have no " + settings.metricName()
                    + " score (e.g. trial " + missing.get(0) + "): " + switch (settings.score()) {
                case FINAL_EVAL, BEST_EVAL, EVAL_AUC -> "the sweep ran no evaluations (eval_interval = 0?). Use "
                        + "--score last_episodes, or run the sweep with evaluations.";
                case LAST_EPISODES -> "it finished no training episode. Use an evaluation score, e.g. --score final_eval.";
            });
        }
        return new Inputs(scores, curves(spark), List.copyOf(sweeps));
    }

    /** The env, with its options when they are not the defaults: one task of rliable's runs × tasks. */
    static String task(String env, String envOptions) {
        return envOptions == null || envOptions.equals("{}") ? env : env + " " + envOptions;
    }

    /** {@code trial_id, score} for each trial that has the score. */
    static String scoreQuery(ReportSettings settings) {
        return switch (settings.score()) {
            case FINAL_EVAL -> "SELECT trial_id, final_eval_mean AS score FROM done";
            case BEST_EVAL -> "SELECT trial_id, best_eval_mean AS score FROM done";
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

    private static Map<String, NavigableMap<Long, Double>> curves(SparkSession spark) {
        Map<String, NavigableMap<Long, Double>> curves = new HashMap<>();
        String sql = "SELECT e.trial_id, e.global_step, e.mean FROM evals e "
                + "JOIN (SELECT trial_id FROM trials WHERE status = 'DONE') t ON e.trial_id = t.trial_id";
        for (Row row : spark.sql(sql).collectAsList()) {
            curves.computeIfAbsent(row.getString(0), id -> new TreeMap<>()).put(row.getLong(1), row.getDouble(2));
        }
        return curves;
    }
}
