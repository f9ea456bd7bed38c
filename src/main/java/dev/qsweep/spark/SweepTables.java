package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import dev.qsweep.sweep.TrialIds;
import dev.qsweep.train.Column;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.RowSchema;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
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
    static final StructType EPISODES = withTrialId(EpisodeRecord.SCHEMA);
    static final StructType EVALS = withTrialId(EvalRecord.SCHEMA);

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

    private static final String PARTITION_PREFIX = "trial_id=";

    private SweepTables() {
    }

    /** The Spark schema of a table declared by a {@link RowSchema}, with its partition column {@code trial_id} last. */
    static <R> StructType withTrialId(RowSchema<R> schema) {
        StructType struct = new StructType();
        for (Column<R> column : schema.columns()) {
            struct = struct.add(column.name(), switch (column.type()) {
                case INT32 -> DataTypes.IntegerType;
                case INT64 -> DataTypes.LongType;
                case DOUBLE -> DataTypes.DoubleType;
                case STRING -> DataTypes.StringType;
            }, false);
        }
        return struct.add("trial_id", DataTypes.StringType, false);
    }

    /**
     * Registers the views for the sweep directory {@code sweepRoot} (a URI or path of {@code <output>/<name>}).
     *
     * @throws IllegalArgumentException when there is no trials table there
     */
    public static void register(SparkSession spark, String sweepRoot) throws IOException {
        SweepLayout layout = checkExists(sweepRoot, spark.sparkContext().hadoopConfiguration());
        // Ids start with a letter now, so inference keeps them text; an output of an older qsweep has bare-hex ids,
        // where "1234…" would become a number and "12e4…" a decimal.
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

    /**
     * Refuses to run a sweep into an output written before trial ids got their letter prefix: its trials would not be
     * found under the new ids, so every finished trial would silently train again beside the old rows.
     *
     * @throws SettingsException naming the old directory and what to do
     */
    public static void refuseLegacyIds(SweepLayout layout, Configuration conf) throws IOException {
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        for (Path directory : List.of(layout.table(SweepLayout.TRIALS), layout.table(SweepLayout.EPISODES),
                new Path(layout.rootPath(), SweepLayout.CHECKPOINTS))) {
            if (!fs.exists(directory)) {
                continue;
            }
            for (FileStatus status : fs.listStatus(directory)) {
                String name = status.getPath().getName();
                String id = name.startsWith(PARTITION_PREFIX) ? name.substring(PARTITION_PREFIX.length()) : name;
                if (status.isDirectory() && TrialIds.isLegacyId(id)) {
                    throw new SettingsException(layout.root() + " was written by an earlier qsweep, whose trial ids "
                            + "were bare hex digits (" + status.getPath() + "); ids now start with '" + TrialIds.PREFIX
                            + "' (" + TrialIds.PREFIX + id + ") so that no reader takes them for numbers, and this "
                            + "version would train every trial again under its new id. Run the sweep into another "
                            + "output or name, or move " + layout.root() + " aside; `qsweep sql` and `qsweep report` "
                            + "still read the old tables.");
                }
            }
        }
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
