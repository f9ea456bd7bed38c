package dev.qsweep.report;

import dev.qsweep.report.stats.Interval;
import java.util.List;

/** The report's CSV files, as text: a header line, then one line per row; fields quoted when they hold a comma. */
public final class ReportCsv {
    public static final String AGGREGATES_HEADER = "group,metric,estimator,estimate,ci_low,ci_high,runs,tasks";
    public static final String IMPROVEMENT_HEADER = "group_x,group_y,probability,ci_low,ci_high";
    public static final String CURVES_HEADER = "group,metric,global_step,estimator,estimate,ci_low,ci_high,runs,tasks";
    public static final String PROFILES_HEADER = "group,metric,tau,fraction,ci_low,ci_high";

    private ReportCsv() {
    }

    public static String aggregates(SweepReport.Result result) {
        StringBuilder csv = new StringBuilder(AGGREGATES_HEADER).append('\n');
        for (SweepReport.Aggregate a : result.aggregates()) {
            line(csv, List.of(a.group(), result.metric(), a.estimator().columnName()), a.interval(),
                    List.of(String.valueOf(a.runs()), String.valueOf(a.tasks())));
        }
        return csv.toString();
    }

    public static String improvement(SweepReport.Result result) {
        StringBuilder csv = new StringBuilder(IMPROVEMENT_HEADER).append('\n');
        result.improvements().forEach(i -> line(csv, List.of(i.groupX(), i.groupY()), i.probability(), List.of()));
        return csv.toString();
    }

    /** Sample-efficiency curves: the IQM of the evaluation score at each env step. */
    public static String curves(SweepReport.Result result) {
        StringBuilder csv = new StringBuilder(CURVES_HEADER).append('\n');
        result.curves().forEach(c -> line(csv, List.of(c.group(), curveMetric(result), String.valueOf(c.step()), "iqm"),
                c.iqm(), List.of(String.valueOf(c.runs()), String.valueOf(c.tasks()))));
        return csv.toString();
    }

    public static String profiles(SweepReport.Result result) {
        StringBuilder csv = new StringBuilder(PROFILES_HEADER).append('\n');
        result.profiles().forEach(p -> line(csv, List.of(p.group(), result.metric(), number(p.tau())), p.fraction(), List.of()));
        return csv.toString();
    }

    /** The curves are evaluation means at each step, normalised like the report's score. */
    static String curveMetric(SweepReport.Result result) {
        return result.metric().endsWith("_normalized") ? "eval_mean_normalized" : "eval_mean";
    }

    private static void line(StringBuilder csv, List<String> before, Interval interval, List<String> after) {
        before.forEach(f -> csv.append(field(f)).append(','));
        csv.append(number(interval.estimate())).append(',').append(number(interval.low())).append(',')
                .append(number(interval.high()));
        after.forEach(f -> csv.append(',').append(field(f)));
        csv.append('\n');
    }

    /** Shortest text that reads back as the same double. */
    static String number(double value) {
        return Double.toString(value);
    }

    static String field(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
