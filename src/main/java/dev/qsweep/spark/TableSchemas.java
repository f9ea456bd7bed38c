package dev.qsweep.spark;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schemas of a sweep's tables. {@code trial_id} is not stored in the files: it is the partition directory
 * ({@code trial_id=…}), which Spark reads back as a column.
 */
final class TableSchemas {
    static final MessageType EPISODES = MessageTypeParser.parseMessageType("""
            message episode {
              required int64 episode;
              required int64 global_step;
              required double return;
              required int32 length;
              required double epsilon;
              required double wall_seconds;
            }""");

    static final MessageType EVALS = MessageTypeParser.parseMessageType("""
            message eval {
              required int64 global_step;
              required double mean;
              required double std;
              required double min;
              required double max;
              required int32 episodes;
            }""");

    /** Every setting is its own typed column, between the trial's identity and its results. */
    static final MessageType TRIALS = MessageTypeParser.parseMessageType("""
            message trial {
              required binary sweep (STRING);
              required int32 trial_index;
              required binary env (STRING);
              required binary env_options (STRING);
              required int64 seed;
              required int64 steps;
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
