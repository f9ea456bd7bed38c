package dev.qsweep.spark;

import dev.qsweep.config.BuildInfo;
import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Writes a trial's row of the {@code trials} table: its identity, every setting as a typed column, its outcome. */
final class TrialRows {
    private TrialRows() {
    }

    static void write(FileSystem fs, Configuration conf, SweepLayout layout, TrialSpec trial, TrialOutcome outcome)
            throws IOException {
        ParquetFiles.write(fs, conf, layout.trialRow(trial.trialId()), TableSchemas.TRIALS, List.of(outcome),
                (o, row) -> {
                    row.string("sweep", trial.sweep())
                            .int32("trial_index", trial.index())
                            .string("env", trial.envId())
                            .string("env_options", new TreeMap<>(trial.envOptions()).toString())
                            .int64("seed", trial.seed())
                            .int64("steps", trial.steps())
                            .string("variant", trial.variant());
                    settings(row, trial.settings());
                    row.string("status", o.status().name())
                            .string("reason", o.reason())
                            .int64("env_steps", o.envSteps())
                            .int64("episodes", Math.max(0, o.episodes()))
                            .optionalFloat64("final_eval_mean", o.finalEvalMean())
                            .optionalFloat64("final_eval_std", o.finalEvalStd())
                            .optionalFloat64("best_eval_mean", o.bestEvalMean())
                            .optionalInt64("best_eval_step", o.bestEvalStep())
                            .float64("wall_seconds", o.wallSeconds())
                            .optionalFloat64("sps", o.stepsPerSecond())
                            .string("checkpoint_uri", o.checkpointUri())
                            .int32("attempts", o.attempts())
                            .int64("resumed_from_step", o.resumedFromStep())
                            .string("qsweep_version", BuildInfo.current().version())
                            .string("git_commit", BuildInfo.current().gitCommit());
                });
    }

    @SuppressWarnings("unchecked")
    private static void settings(ParquetRow row, Map<String, Object> settings) {
        for (Setting setting : SettingsCatalog.ALL) {
            Object value = settings.get(setting.name());
            switch (setting.type()) {
                case INT -> row.int32(setting.name(), (Integer) value);
                case DOUBLE -> row.float64(setting.name(), (Double) value);
                case BOOLEAN -> row.bool(setting.name(), (Boolean) value);
                case CHOICE -> row.string(setting.name(), (String) value);
                case INT_LIST -> row.int32List(setting.name(), (List<Integer>) value);
            }
        }
    }
}
