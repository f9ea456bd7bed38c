package dev.qsweep.spark;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a sweep's tables with Spark SQL and registers them as the views {@code trials}, {@code episodes}, {@code evals}
 * and {@code decisions} (empty unless the sweep has a scheduler).
 */
public final class SweepTables {
    static final StructType EPISODES = new StructType()
            .add("episode", DataTypes.LongType, false)
            .add("global_step", DataTypes.LongType, false)
            .add("return", DataTypes.DoubleType, false)
            .add("length", DataTypes.IntegerType, false)
            .add("epsilon", DataTypes.DoubleType, false)
            .add("wall_seconds", DataTypes.DoubleType, false)
            .add("trial_id", DataTypes.StringType, false);
    static final StructType EVALS = new StructType()
            .add("global_step", DataTypes.LongType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("std", DataTypes.DoubleType, false)
            .add("min", DataTypes.DoubleType, false)
            .add("max", DataTypes.DoubleType, false)
            .add("episodes", DataTypes.IntegerType, false)
            .add("trial_id", DataTypes.StringType, false);

    static final StructType DECISIONS = new StructType()
            .add("bracket", DataTypes.IntegerType, false)
            .add("rung", DataTypes.IntegerType, false)
            .add("budget_steps", DataTypes.LongType, false)
            .add("trial_id", DataTypes.StringType, false)
            .add("trial_index", DataTypes.IntegerType, false)
            .add("configuration", DataTypes.IntegerType, false)
            .add("metric", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, true)
            .add("configuration_score", DataTypes.DoubleType, true)
            .add("rank", DataTypes.IntegerType, false)
            .add("outcome", DataTypes.StringType, false)
            .add("donor_trial_id", DataTypes.StringType, true)
            .add("settings", DataTypes.StringType, true);

    private SweepTables() {
    }

    /**
     * Registers the views for the sweep directory {@code sweepRoot} (a URI or path of {@code <output>/<name>}).
     *
     * @throws IllegalArgumentException when there is no trials table there
     */
    public static void register(SparkSession spark, String sweepRoot) throws IOException {
        SweepLayout layout = checkExists(sweepRoot, spark.sparkContext().hadoopConfiguration());
        // trial_id values are hex; left to inference, "1234…" would become a number and "12e4…" a decimal.
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        FileSystem fs = layout.rootPath().getFileSystem(spark.sparkContext().hadoopConfiguration());
        read(spark, fs, layout, SweepLayout.TRIALS, null).createOrReplaceTempView(SweepLayout.TRIALS);
        read(spark, fs, layout, SweepLayout.EPISODES, EPISODES).createOrReplaceTempView(SweepLayout.EPISODES);
        read(spark, fs, layout, SweepLayout.EVALS, EVALS).createOrReplaceTempView(SweepLayout.EVALS);
        read(spark, fs, layout, SweepLayout.DECISIONS, DECISIONS).createOrReplaceTempView(SweepLayout.DECISIONS);
    }

    /**
     * Checks, without Spark, that {@code sweepRoot} holds a sweep's tables.
     *
     * @throws IllegalArgumentException saying what to give instead
     */
    public static SweepLayout checkExists(String sweepRoot, Configuration conf) throws IOException {
        SweepLayout layout = new SweepLayout(sweepRoot);
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        if (!fs.exists(layout.table(SweepLayout.TRIALS))) {
            throw new IllegalArgumentException("no sweep tables under " + sweepRoot + " (no " + SweepLayout.TRIALS
                    + "/ directory there). Give <output>/<sweep name> of a sweep that has run, as `qsweep run` prints it.");
        }
        return layout;
    }

    static Dataset<Row> read(SparkSession spark, FileSystem fs, SweepLayout layout, String table,
                                     StructType schema) throws IOException {
        Path path = layout.table(table);
        if (schema != null && !fs.exists(path)) {
            return spark.createDataFrame(List.of(), schema); // e.g. no evaluations in this sweep
        }
        var reader = spark.read();
        return (schema == null ? reader : reader.schema(schema)).parquet(path.toString());
    }
}
