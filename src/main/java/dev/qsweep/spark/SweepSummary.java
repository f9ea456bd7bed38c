package dev.qsweep.spark;

import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.Seq;

/** The sweep's best configurations, from the {@code trials} view: final evaluation over seeds. */
public final class SweepSummary {

    /**
     * One configuration (the values of the settings that vary) and its final evaluation over its finished seeds.
     *
     * @param std sample standard deviation over seeds; NaN with one seed
     */
    public record Configuration(Map<String, Object> settings, double mean, double std, long seeds, long trials) {
    }

    private SweepSummary() {
    }

    /**
     * The best {@code limit} configurations by mean final evaluation (per env, with the env first in
     * {@link Configuration#settings}, when the sweep has several), counting only this plan's trials (the output
     * directory may also hold trials of an earlier version of the sweep file). Needs {@link SweepTables#register}.
     */
    public static List<Configuration> top(SparkSession spark, SweepPlan plan, int limit) {
        // A return means nothing across envs (scales differ): a multi-env sweep ranks within each env.
        List<String> keys = new ArrayList<>(plan.spec().multiEnv() ? List.of("env") : List.of());
        if (plan.spec().hasVariants()) {
            keys.add("variant"); // names what the varied settings below it are a configuration of
        }
        keys.addAll(plan.variedSettings());
        List<String> varied = keys.stream().map(s -> "`" + s + "`").toList();
        String ids = plan.trials().stream().map(TrialSpec::trialId).map(id -> "'" + id + "'")
                .collect(Collectors.joining(", "));
        String groupBy = varied.isEmpty() ? "" : " GROUP BY " + String.join(", ", varied);
        String select = varied.isEmpty() ? "" : String.join(", ", varied) + ", ";
        String sql = "SELECT " + select
                + "avg(final_eval_mean) AS mean, stddev_samp(final_eval_mean) AS std, count(final_eval_mean) AS seeds, "
                + "count(*) AS trials FROM trials WHERE status = 'DONE' AND trial_id IN (" + ids + ")" + groupBy;
        sql = plan.spec().multiEnv()
                ? "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY env ORDER BY mean DESC NULLS LAST) AS env_rank "
                + "FROM (" + sql + ")) WHERE env_rank <= " + limit + " ORDER BY env, env_rank"
                : sql + " ORDER BY mean DESC NULLS LAST LIMIT " + limit;
        List<Configuration> rows = new ArrayList<>();
        for (Row row : spark.sql(sql).collectAsList()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            for (int i = 0; i < varied.size(); i++) {
                Object value = row.get(i);
                settings.put(keys.get(i), value instanceof Seq<?> seq ? ScalaCollections.toList(seq) : value);
            }
            int n = varied.size();
            rows.add(new Configuration(settings, row.isNullAt(n) ? Double.NaN : row.getDouble(n),
                    row.isNullAt(n + 1) ? Double.NaN : row.getDouble(n + 1), row.getLong(n + 2), row.getLong(n + 3)));
        }
        return rows;
    }
}
