package dev.qsweep.spark;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.train.Column;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.RowSchema;
import java.util.function.BiConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schemas of a sweep's tables; the episodes and evals ones derived from their rows' {@link RowSchema}.
 * {@code trial_id} is not stored in those files: it is the partition directory ({@code trial_id=…}), which readers
 * take as a column.
 */
final class TableSchemas {
    static final MessageType EPISODES = parquet(EpisodeRecord.SCHEMA);
    static final MessageType EVALS = parquet(EvalRecord.SCHEMA);

    /** Every setting is its own typed column, between the trial's identity and its results. */
    static final MessageType TRIALS = MessageTypeParser.parseMessageType("""
            message trial {
              required binary sweep (STRING);
              required int32 trial_index;
              required binary env (STRING);
              required binary env_options (STRING);
              required int64 seed;
              required int64 steps;
              optional binary variant (STRING);
            %s
              required binary status (STRING);
              optional binary reason (STRING);
              required int64 env_steps;
              required int64 episodes;
              optional double final_eval_mean;
              optional double final_eval_std;
              optional double best_eval_mean;
              optional int64 best_eval_step;
              required double wall_seconds;
              optional double sps;
              required binary checkpoint_uri (STRING);
              required int32 attempts;
              required int64 resumed_from_step;
              required binary qsweep_version (STRING);
              required binary git_commit (STRING);
            }""".formatted(settingColumns()));

    /** A scheduler's decisions: one row per trial and rung, written by the driver after the rung's stage. */
    static final MessageType DECISIONS = MessageTypeParser.parseMessageType("""
            message decision {
              required int32 bracket;
              required int32 rung;
              required int64 budget_steps;
              required binary trial_id (STRING);
              required int32 trial_index;
              required int32 configuration;
              required binary metric (STRING);
              optional double score;
              optional double configuration_score;
              required int32 rank;
              required binary outcome (STRING);
              optional binary donor_trial_id (STRING);
              optional binary settings (STRING);
            }""");

    private TableSchemas() {
    }

    /** The Parquet message of a table declared by a {@link RowSchema}: every column required, in its order. */
    static <R> MessageType parquet(RowSchema<R> schema) {
        StringBuilder message = new StringBuilder("message " + schema.table() + " {\n");
        for (Column<R> column : schema.columns()) {
            message.append("  required ").append(switch (column.type()) {
                case INT32 -> "int32 " + column.name();
                case INT64 -> "int64 " + column.name();
                case DOUBLE -> "double " + column.name();
                case STRING -> "binary " + column.name() + " (STRING)";
            }).append(";\n");
        }
        return MessageTypeParser.parseMessageType(message.append('}').toString());
    }

    /** Writes a row's fields as its {@link RowSchema} declares them. */
    static <R> BiConsumer<R, ParquetRow> writer(RowSchema<R> schema) {
        return (record, row) -> {
            for (Column<R> column : schema.columns()) {
                Object value = column.value().apply(record);
                switch (column.type()) {
                    case INT32 -> row.int32(column.name(), (Integer) value);
                    case INT64 -> row.int64(column.name(), (Long) value);
                    case DOUBLE -> row.float64(column.name(), (Double) value);
                    case STRING -> row.string(column.name(), (String) value);
                }
            }
        };
    }

    private static String settingColumns() {
        StringBuilder columns = new StringBuilder();
        for (Setting setting : SettingsCatalog.ALL) {
            String name = setting.name();
            columns.append("  ").append(switch (setting.type()) {
                case INT -> "required int32 " + name + ";";
                case DOUBLE -> "required double " + name + ";";
                case BOOLEAN -> "required boolean " + name + ";";
                case CHOICE -> "required binary " + name + " (STRING);";
                case INT_LIST -> "required group " + name + " (LIST) { repeated group list { required int32 element; } }";
            }).append('\n');
        }
        return columns.toString();
    }
}
