package dev.qsweep.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.qsweep.config.SettingsException;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.report.Scores;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.RandomPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The references of score normalisation: a random policy's mean return per env, measured by {@code qsweep baseline}
 * into the sweep's {@code baselines} table, and published scores from {@code conf/reference-scores.conf}.
 */
public final class Baselines {
    public static final String TABLE = "baselines";
    static final String REFERENCES_RESOURCE = "conf/reference-scores.conf";
    /** A random policy may never end a MinAtar game (no time limit); this caps an episode. */
    static final long MAX_EPISODE_STEPS = 100_000;
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message baseline {
              required binary env (STRING);
              required binary env_options (STRING);
              required int32 episodes;
              required int64 seed;
              required double random_mean;
              required double random_std;
            }""");

    /** One env's random-policy return. */
    public record Baseline(String env, String envOptions, int episodes, long seed, double randomMean, double randomStd) {
    }

    private Baselines() {
    }

    /**
     * Plays the random policy on every env of the sweep's trials table and writes the {@code baselines} table
     * (replacing an earlier one). Needs {@link SweepTables#register}.
     */
    public static List<Baseline> measure(SparkSession spark, SweepLayout layout, int episodes, long seed) throws IOException {
        List<Baseline> baselines = new ArrayList<>();
        for (Row row : spark.sql("SELECT DISTINCT env, env_options FROM trials ORDER BY env, env_options").collectAsList()) {
            String env = row.getString(0);
            String options = row.getString(1);
            Environment environment = EnvRegistry.make(env, parseOptions(options));
            EvalRecord record = RandomPolicy.evaluate(environment, episodes, seed, MAX_EPISODE_STEPS);
            baselines.add(new Baseline(env, options, episodes, seed, record.mean(), record.std()));
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        ParquetFiles.write(fs, conf, new Path(layout.table(TABLE), "baselines.parquet"), SCHEMA, baselines,
                (b, r) -> r.string("env", b.env()).string("env_options", b.envOptions()).int32("episodes", b.episodes())
                        .int64("seed", b.seed()).float64("random_mean", b.randomMean()).float64("random_std", b.randomStd()));
        return baselines;
    }

    /**
     * Task (as {@link ReportTables#task} names it) → random and reference return, for the tasks that have both.
     */
    public static Map<String, Scores.Scale> scales(SparkSession spark, SweepLayout layout) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        if (!fs.exists(layout.table(TABLE))) {
            throw new SettingsException("--normalize reference: no baselines table under " + layout.root()
                    + ". Measure the random policy first: qsweep baseline " + layout.root());
        }
        Map<String, Double> references = references();
        Map<String, Scores.Scale> scales = new LinkedHashMap<>();
        for (Row row : spark.read().parquet(layout.table(TABLE).toString()).collectAsList()) {
            String env = row.getAs("env");
            Double reference = references.get(env);
            if (reference != null) {
                scales.put(ReportTables.task(env, row.getAs("env_options")),
                        new Scores.Scale(row.<Double>getAs("random_mean"), reference));
            }
        }
        return scales;
    }

    /** Env id → published reference return, from {@value #REFERENCES_RESOURCE} (empty when it lists none). */
    static Map<String, Double> references() {
        Map<String, Double> references = new TreeMap<>();
        try {
            Config config = ConfigFactory.parseResources(Baselines.class.getClassLoader(), REFERENCES_RESOURCE,
                    ConfigParseOptions.defaults().setAllowMissing(true));
            if (config.hasPath("references")) {
                config.getObject("references").forEach((env, value) -> {
                    if (!(value.unwrapped() instanceof Number number)) {
                        throw new SettingsException(REFERENCES_RESOURCE + ": references.\"" + env + "\": expected a "
                                + "number (the env's reference return), got " + value.render() + ".");
                    }
                    references.put(env, number.doubleValue());
                });
            }
        } catch (ConfigException e) {
            throw new SettingsException(REFERENCES_RESOURCE + ": not valid HOCON: " + e.getMessage(), e);
        }
        return references;
    }

    /** The trials table's {@code env_options} text ({@code {key=value, …}}, a sorted map's form) back as a map. */
    static Map<String, String> parseOptions(String text) {
        Map<String, String> options = new TreeMap<>();
        String inner = text.trim();
        inner = inner.substring(1, inner.length() - 1).trim();
        if (!inner.isEmpty()) {
            for (String pair : inner.split(", ")) {
                int eq = pair.indexOf('=');
                options.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return options;
    }
}
