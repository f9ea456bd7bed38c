package dev.qsweep.spark;

import dev.qsweep.config.Setting;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.train.Column;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.RowSchema;
import dev.qsweep.train.TrainStatsRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * docs/TABLES.md, generated from the tables' declarations: the rows' {@link RowSchema}s (episodes, evals,
 * train_stats), the settings catalog and the Parquet messages of the trials and decisions tables, whose other columns
 * are described here. A column without a description stops the generation, so the page cannot miss one.
 *
 * <p>{@code java -cp … dev.qsweep.spark.TablesDoc docs/TABLES.md} rewrites the page; TablesDocTest fails when it is
 * out of date.
 */
public final class TablesDoc {
    private static final String TRIAL_ID_DOC = "the trial's id: `t` and 16 hex digits of a hash of everything that "
            + "determines its numbers (env, env options, seed, steps, settings); the same in every submission";

    /** The trials table's columns that are not settings: unit and description. */
    private static final Map<String, String[]> TRIAL_COLUMNS = columns(
            "sweep", "", "the sweep's name",
            "trial_index", "", "the trial's position in the sweep's plan, from 0",
            "env", "", "the environment id",
            "env_options", "", "the environment's options, as `{key=value, …}` sorted by key",
            "seed", "", "the trial's seed",
            "steps", "env steps", "the trial's training budget",
            "variant", "", "the name of the sweep file's variant the trial belongs to; null in a sweep without variants",
            "status", "", "`DONE`, `FAILED`, `DIVERGED` or `STOPPED` (by a scheduler)",
            "reason", "", "why a trial did not finish (the error or the divergence); null when DONE",
            "env_steps", "env steps", "env steps trained (for a stopped trial: up to its last checkpoint)",
            "episodes", "", "training episodes finished",
            "final_eval_mean", "reward", "the mean return of the last evaluation; null without one",
            "final_eval_std", "reward", "the standard deviation of the last evaluation's returns",
            "best_eval_mean", "reward", "the best mean return over the trial's evaluations",
            "best_eval_step", "env steps", "the step of that best evaluation",
            "wall_seconds", "seconds", "training time, summed over attempts",
            "sps", "env steps per second", "speed of the last attempt; null when it trained nothing",
            "checkpoint_uri", "", "the directory of the trial's checkpoints",
            "attempts", "", "the Spark task attempt that produced this row, counting from 1",
            "resumed_from_step", "env steps", "the checkpoint step the last attempt resumed from (0: from scratch)",
            "qsweep_version", "", "the qsweep version that wrote the row",
            "git_commit", "", "the git commit of that build");

    /** The units of the settings that have one (the catalog's docs say them in words). */
    private static final Map<String, String> SETTING_UNITS = Map.ofEntries(
            Map.entry("buffer_size", "transitions"), Map.entry("learning_starts", "env steps"),
            Map.entry("batch_size", "transitions"), Map.entry("train_frequency", "env steps"),
            Map.entry("target_update_interval", "env steps"), Map.entry("exploration_fraction", "fraction of steps"),
            Map.entry("exploration_initial_eps", "probability"), Map.entry("exploration_final_eps", "probability"),
            Map.entry("hidden_sizes", "units per layer"), Map.entry("eval_interval", "env steps"),
            Map.entry("eval_epsilon", "probability"), Map.entry("checkpoint_interval", "env steps"));

    private static final Map<String, String[]> DECISION_COLUMNS = columns(
            "bracket", "", "the successive-halving bracket, from 0 (0 unless HyperBand; PBT: 0)",
            "rung", "", "the rung within the bracket, from 0 (PBT: the generation)",
            "budget_steps", "env steps", "the rung's training budget per trial",
            "trial_id", "", TRIAL_ID_DOC,
            "trial_index", "", "the trial's position in the sweep's plan",
            "configuration", "", "the configuration (settings without the seed) the trial belongs to",
            "metric", "", "what the scheduler ranks by (scheduler.metric)",
            "score", "reward", "the trial's score at the rung's budget; null when it has none",
            "configuration_score", "reward", "the mean of the configuration's seeds' scores; null when any seed has none",
            "rank", "", "the configuration's rank in the rung, from 1 (best); PBT: the member's rank in its population",
            "outcome", "", "`promoted`, `stopped`, `finished` or `failed`; PBT: `exploited` or `continued`",
            "donor_trial_id", "", "PBT: the trial whose checkpoint an exploiting member copied; null otherwise",
            "settings", "", "PBT: the member's mutable settings for the next generation, as JSON; null otherwise");

    private TablesDoc() {
    }

    public static void main(String[] args) throws IOException {
        Path page = Path.of(args.length > 0 ? args[0] : "docs/TABLES.md");
        Files.writeString(page, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + page);
    }

    /** The whole page. */
    public static String markdown() {
        StringBuilder page = new StringBuilder("""
                # Tables

                <!-- Generated by dev.qsweep.spark.TablesDoc from the tables' declarations; TablesDocTest fails when \
                this page is out of date. Do not edit by hand. -->

                A sweep writes its tables as Parquet under `<output>/<name>/`, one directory per trial
                (`<table>/trial_id=<id>/`), so every reader (Spark, DuckDB, pandas/pyarrow, Polars) takes `trial_id`
                from the path as a column; ids start with a letter, so each reads it as text. `qsweep train` writes
                the episodes, evals and train_stats rows as CSV files (`episodes.csv`, …) with the same columns, in
                the same order, without `trial_id`. Types are Parquet's; `int32`/`int64` are integers, `double` a
                64-bit float, `string` UTF-8 text. A nullable column holds null where the description says so.

                """);
        table(page, "trials", "trials/trial_id=<id>/trial.parquet", "One row per trial: its identity, every setting "
                + "as its own typed column, and its outcome.", trialColumns());
        table(page, "episodes", "episodes/trial_id=<id>/seg-<from>-<to>.parquet", EpisodeRecord.SCHEMA.doc()
                + " A segment holds the rows of env steps (from, to].", withTrialId(EpisodeRecord.SCHEMA));
        table(page, "evals", "evals/trial_id=<id>/seg-<from>-<to>.parquet", EvalRecord.SCHEMA.doc(),
                withTrialId(EvalRecord.SCHEMA));
        table(page, "decisions", "decisions/bracket-<b>-rung-<r>.parquet", "A scheduler's decisions: one row per "
                + "trial and rung, written after the rung (empty without a scheduler).",
                parquetColumns(TableSchemas.DECISIONS, DECISION_COLUMNS));
        table(page, "train_stats", "train_stats.csv (qsweep train only)", TrainStatsRecord.SCHEMA.doc(),
                declared(TrainStatsRecord.SCHEMA));
        return page.toString();
    }

    /** One documented column. */
    record Row(String name, String type, String unit, String doc) {
    }

    private static void table(StringBuilder page, String name, String path, String doc, List<Row> rows) {
        page.append("## ").append(name).append("\n\n`").append(path).append("` — ").append(doc).append("\n\n");
        page.append("| column | type | unit | meaning |\n|---|---|---|---|\n");
        for (Row row : rows) {
            page.append("| `").append(row.name()).append("` | ").append(row.type()).append(" | ")
                    .append(row.unit().isEmpty() ? "" : row.unit()).append(" | ").append(row.doc()).append(" |\n");
        }
        page.append('\n');
    }

    static <R> List<Row> declared(RowSchema<R> schema) {
        return schema.columns().stream().map(c -> new Row(c.name(), typeName(c.type()), c.unit(), c.doc())).toList();
    }

    private static <R> List<Row> withTrialId(RowSchema<R> schema) {
        List<Row> rows = new java.util.ArrayList<>(declared(schema));
        rows.add(new Row("trial_id", "string", "", TRIAL_ID_DOC + " (from the directory name)"));
        return rows;
    }

    static List<Row> trialColumns() {
        Map<String, String[]> docs = new LinkedHashMap<>(TRIAL_COLUMNS);
        for (Setting setting : SettingsCatalog.ALL) {
            docs.put(setting.name(), new String[] {SETTING_UNITS.getOrDefault(setting.name(), ""),
                    "setting: " + setting.doc()});
        }
        SETTING_UNITS.keySet().forEach(SettingsCatalog::get); // a renamed setting must not keep a stale unit
        List<Row> rows = new java.util.ArrayList<>(parquetColumns(TableSchemas.TRIALS, docs));
        rows.add(new Row("trial_id", "string", "", TRIAL_ID_DOC + " (from the directory name)"));
        return rows;
    }

    private static List<Row> parquetColumns(MessageType message, Map<String, String[]> docs) {
        List<Row> rows = new java.util.ArrayList<>();
        for (Type field : message.getFields()) {
            String[] doc = docs.get(field.getName());
            if (doc == null) {
                throw new IllegalStateException("column " + message.getName() + "." + field.getName()
                        + " has no description in TablesDoc");
            }
            String type = typeName(field) + (field.isRepetition(Type.Repetition.OPTIONAL) ? ", nullable" : "");
            rows.add(new Row(field.getName(), type, doc[0], doc[1]));
        }
        if (rows.size() != docs.size()) {
            throw new IllegalStateException("TablesDoc describes columns that " + message.getName() + " lacks: "
                    + docs.keySet().stream().filter(k -> !message.containsField(k)).toList());
        }
        return rows;
    }

    private static String typeName(Column.Type type) {
        return switch (type) {
            case INT32 -> "int32";
            case INT64 -> "int64";
            case DOUBLE -> "double";
            case STRING -> "string";
        };
    }

    private static String typeName(Type field) {
        if (!field.isPrimitive()) { // the standard three-level LIST of int32 (hidden_sizes)
            return "list<int32>";
        }
        if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            return "string";
        }
        return field.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase();
    }

    private static Map<String, String[]> columns(String... nameUnitDoc) {
        Map<String, String[]> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameUnitDoc.length; i += 3) {
            columns.put(nameUnitDoc[i], new String[] {nameUnitDoc[i + 1], nameUnitDoc[i + 2]});
        }
        return columns;
    }
}
