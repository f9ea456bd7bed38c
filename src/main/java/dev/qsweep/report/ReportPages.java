package dev.qsweep.report;

import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The report's text summary (stdout) and its self-contained HTML page (plots inlined as base64 PNG). */
public final class ReportPages {

    /**
     * What the page says about where the numbers came from.
     *
     * @param sweepRoot the {@code <output>/<sweep>} directory
     * @param trials    the finished trials' raw scores (before normalisation)
     * @param scales    task → random and reference return, when normalised; empty otherwise
     */
    public record Context(String sweepRoot, List<String> sweeps, List<TrialScore> trials, ReportSettings settings,
                          Map<String, Scores.Scale> scales) {
    }

    private ReportPages() {
    }

    /** Estimates with intervals per group (best first), then the pairs and notes. */
    public static String summary(SweepReport.Result result, Context context) {
        StringBuilder text = new StringBuilder();
        ReportSettings s = context.settings();
        text.append(String.format("report of %s: %d finished trials, %d groups (by %s) over %d task(s); score %s; "
                        + "%s%% intervals from %,d stratified bootstrap resamples (seed %d)%n",
                context.sweepRoot(), context.trials().size(), result.groups().size(),
                result.groupKeys().isEmpty() ? "nothing: one group" : String.join(", ", result.groupKeys()),
                tasks(context).size(), result.metric(), percent(s.confidence()), s.resamples(), s.seed()));
        List<String> header = new ArrayList<>(List.of("group", "runs", "tasks"));
        for (Estimator e : Estimator.values()) {
            header.add(e.columnName() + " [CI]");
        }
        TextTable table = new TextTable(header);
        aggregateRows(result).forEach((group, row) -> table.add(row));
        text.append(table.render());
        if (!result.improvements().isEmpty()) {
            SweepReport.Improvement top = result.improvements().get(0);
            text.append(String.format("P(%s > %s) = %s%n", top.groupX(), top.groupY(), interval(top.probability())));
        }
        result.notes().forEach(n -> text.append("note: ").append(n).append('\n'));
        return text.toString();
    }

    /** Group → its row: label, runs, tasks, then each estimator as {@code estimate [low, high]}. */
    private static Map<String, List<String>> aggregateRows(SweepReport.Result result) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (SweepReport.Aggregate a : result.aggregates()) {
            List<String> row = rows.computeIfAbsent(a.group(), g -> new ArrayList<>(List.of(g, String.valueOf(a.runs()),
                    String.valueOf(a.tasks()))));
            row.add(interval(a.interval()));
        }
        return rows;
    }

    public static String html(SweepReport.Result result, Context context, Map<String, byte[]> charts) {
        ReportSettings s = context.settings();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>qsweep report: " + escape(String.join(", ", context.sweeps())) + "</title><style>"
                + "body{font-family:sans-serif;max-width:1150px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:left;font-size:14px}th{background:#f2f2f2}img{max-width:100%;border:1px solid #eee}"
                + "code{background:#f6f6f6}</style></head><body>\n");
        html.append("<h1>qsweep report: ").append(escape(String.join(", ", context.sweeps()))).append("</h1>\n");
        html.append("<p>From the tables under <code>").append(escape(context.sweepRoot())).append("</code>: ")
                .append(context.trials().size()).append(" finished trials. Score <b>").append(escape(result.metric()))
                .append("</b>; aggregated over runs × tasks with rliable's estimators (IQM: 25% trimmed mean); ")
                .append(percent(s.confidence())).append("% stratified percentile bootstrap intervals from ")
                .append(String.format("%,d", s.resamples())).append(" resamples (seed ").append(s.seed())
                .append(").</p>\n");

        html.append("<h2>Settings of this report</h2>\n");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("group by", result.groupKeys().isEmpty() ? "(one group)" : String.join(", ", result.groupKeys()));
        options.put("score", s.score().optionName() + (s.score() == ReportSettings.Score.LAST_EPISODES
                ? " (last " + s.lastEpisodes() + " episodes)" : ""));
        options.put("normalisation", s.normalization() == ReportSettings.Normalization.NONE ? "none (raw returns)"
                : "(score − random) / (reference − random)");
        options.put("resamples", String.valueOf(s.resamples()));
        options.put("seed", String.valueOf(s.seed()));
        options.put("confidence", String.valueOf(s.confidence()));
        options.put("groups compared pairwise", String.valueOf(result.compared().size()));
        keyValueTable(html, options);

        html.append("<h2>Plan</h2>\n");
        html.append(planTable(context));
        Map<String, String> constant = constantSettings(context.trials(), result.groupKeys());
        if (!constant.isEmpty()) {
            html.append("<p>Settings shared by every trial (or fixed per env, several values shown):</p>\n");
            keyValueTable(html, constant);
        }

        html.append("<h2>Aggregates</h2>\n<table><tr><th>group</th><th>runs</th><th>tasks</th>");
        for (Estimator e : Estimator.values()) {
            html.append("<th>").append(e.columnName()).append(" [CI]</th>");
        }
        html.append("</tr>\n");
        aggregateRows(result).values().forEach(row -> {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>\n");
        });
        html.append("</table>\n");
        if (!result.improvements().isEmpty()) {
            html.append("<h2>Probability of improvement</h2>\n<table><tr><th>X</th><th>Y</th><th>P(X &gt; Y) [CI]</th></tr>\n");
            result.improvements().forEach(i -> html.append("<tr><td>").append(escape(i.groupX())).append("</td><td>")
                    .append(escape(i.groupY())).append("</td><td>").append(interval(i.probability())).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        result.notes().forEach(n -> html.append("<p><i>Note: ").append(escape(n)).append("</i></p>\n"));
        html.append("<h2>Plots</h2>\n");
        charts.forEach((name, png) -> html.append("<h3>").append(escape(name)).append("</h3><img alt=\"")
                .append(escape(name)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n"));
        html.append("<p>Files next to this page: aggregates.csv, improvement.csv, curves.csv, profiles.csv and the PNGs.</p>\n");
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String planTable(Context context) {
        Map<String, TreeSet<Long>> seeds = new TreeMap<>();
        Map<String, Integer> trials = new TreeMap<>();
        context.trials().forEach(t -> {
            seeds.computeIfAbsent(t.task(), k -> new TreeSet<>()).add(t.seed());
            trials.merge(t.task(), 1, Integer::sum);
        });
        StringBuilder html = new StringBuilder("<table><tr><th>task (env)</th><th>finished trials</th><th>seeds</th>");
        boolean normalized = !context.scales().isEmpty();
        if (normalized) {
            html.append("<th>random return</th><th>reference return</th>");
        }
        html.append("</tr>\n");
        trials.forEach((task, count) -> {
            html.append("<tr><td>").append(escape(task)).append("</td><td>").append(count).append("</td><td>")
                    .append(seeds.get(task)).append("</td>");
            if (normalized) {
                Scores.Scale scale = context.scales().get(task);
                html.append("<td>").append(scale.random()).append("</td><td>").append(scale.reference()).append("</td>");
            }
            html.append("</tr>\n");
        });
        return html.append("</table>\n").toString();
    }

    private static Map<String, String> constantSettings(List<TrialScore> trials, List<String> groupKeys) {
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        trials.forEach(t -> t.settings().forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(String.valueOf(v))));
        Map<String, String> constant = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!groupKeys.contains(k)) {
                constant.put(k, String.join(" | ", v));
            }
        });
        return constant;
    }

    private static void keyValueTable(StringBuilder html, Map<String, String> rows) {
        html.append("<table>\n");
        rows.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        html.append("</table>\n");
    }

    private static TreeSet<String> tasks(Context context) {
        TreeSet<String> tasks = new TreeSet<>();
        context.trials().forEach(t -> tasks.add(t.task()));
        return tasks;
    }

    static String interval(Interval i) {
        return String.format("%.3g [%.3g, %.3g]", i.estimate(), i.low(), i.high());
    }

    private static String percent(double confidence) {
        return Double.toString(confidence * 100).replaceAll("\\.0$", "");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
