package dev.qsweep.report;

import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's PNG plots, drawn with JFreeChart off screen, after rliable's figures. */
public final class ReportCharts {
    static final int WIDTH = 1100;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportCharts() {
    }

    /** Every plot by file name, in the order the HTML page shows them. */
    public static Map<String, byte[]> all(SweepReport.Result result, double confidence) {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put("interval_estimates.png", intervalEstimates(result, confidence));
        charts.put("performance_profiles.png", performanceProfiles(result, confidence));
        if (!result.improvements().isEmpty()) {
            charts.put("probability_of_improvement.png", probabilityOfImprovement(result, confidence));
        }
        if (!result.curves().isEmpty()) {
            charts.put("sample_efficiency.png", sampleEfficiency(result, confidence));
        }
        return charts;
    }

    /** One panel per estimator: each compared group's point estimate with its interval, the groups down the side. */
    static byte[] intervalEstimates(SweepReport.Result result, double confidence) {
        List<String> groups = result.compared();
        SymbolAxis groupAxis = new SymbolAxis(null, groups.toArray(String[]::new));
        groupAxis.setInverted(true); // best group on top
        groupAxis.setGridBandsVisible(false);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(groupAxis);
        combined.setGap(12);
        for (Estimator estimator : Estimator.values()) {
            XYIntervalSeries series = new XYIntervalSeries(estimator.columnName());
            result.aggregates().stream().filter(a -> a.estimator() == estimator && groups.contains(a.group()))
                    .forEach(a -> {
                        int y = groups.indexOf(a.group());
                        series.add(a.interval().estimate(), a.interval().low(), a.interval().high(), y, y, y);
                    });
            XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
            data.addSeries(series);
            XYErrorRenderer renderer = intervalRenderer(new Color(0x1f, 0x77, 0xb4, 140), new Color(0x08306b));
            NumberAxis axis = axis(estimator.columnName().replace('_', ' ') + " of " + metricLabel(result));
            XYPlot plot = new XYPlot(data, axis, null, renderer);
            style(plot);
            combined.add(plot, 1);
        }
        int height = 180 + 34 * groups.size();
        JFreeChart chart = chart("Aggregate " + metricLabel(result) + " by group", combined, false);
        chart.addSubtitle(new TextTitle(percent(confidence) + " stratified bootstrap intervals over runs × tasks; "
                + groups.size() + " best groups by IQM"));
        return png(chart, Math.max(WIDTH, 240 * 4 + 300), Math.max(320, height));
    }

    /** Fraction of runs × tasks whose score exceeds each threshold, with bands. */
    static byte[] performanceProfiles(SweepReport.Result result, double confidence) {
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        result.profiles().forEach(p -> series.computeIfAbsent(p.group(), YIntervalSeries::new)
                .add(p.tau(), p.fraction().estimate(), p.fraction().low(), p.fraction().high()));
        NumberAxis fraction = axis("fraction of runs with score > τ");
        fraction.setRange(0, 1.02);
        XYPlot plot = bands(new ArrayList<>(series.values()), axis(metricLabel(result) + " threshold τ"), fraction);
        JFreeChart chart = chart("Performance profiles", plot, true);
        chart.addSubtitle(new TextTitle("band: " + percent(confidence) + " stratified bootstrap interval"));
        return png(chart, WIDTH, 600);
    }

    /** P(X > Y) for each compared pair, with intervals; 0.5 means no difference. */
    static byte[] probabilityOfImprovement(SweepReport.Result result, double confidence) {
        List<SweepReport.Improvement> pairs = result.improvements();
        String[] labels = pairs.stream().map(p -> p.groupX() + "  >  " + p.groupY()).toArray(String[]::new);
        SymbolAxis pairAxis = new SymbolAxis(null, labels);
        pairAxis.setInverted(true);
        pairAxis.setGridBandsVisible(false);
        XYIntervalSeries series = new XYIntervalSeries("P(X > Y)");
        for (int i = 0; i < pairs.size(); i++) {
            Interval p = pairs.get(i).probability();
            series.add(p.estimate(), p.low(), p.high(), i, i, i);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(series);
        XYErrorRenderer renderer = intervalRenderer(new Color(0xd6, 0x27, 0x28, 140), new Color(0x67000d));
        NumberAxis probability = axis("probability of improvement P(X > Y)");
        probability.setRange(0, 1);
        XYPlot plot = new XYPlot(data, probability, pairAxis, renderer);
        style(plot);
        JFreeChart chart = chart("Probability of improvement (" + metricLabel(result) + ")", plot, false);
        chart.addSubtitle(new TextTitle("Mann–Whitney statistic averaged over tasks; " + percent(confidence)
                + " stratified bootstrap intervals; 0.5 = no difference"));
        return png(chart, WIDTH, Math.max(320, 160 + 30 * pairs.size()));
    }

    /** IQM of the evaluation score at each evaluation step, with bands. */
    static byte[] sampleEfficiency(SweepReport.Result result, double confidence) {
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        result.curves().forEach(c -> series.computeIfAbsent(c.group(), YIntervalSeries::new)
                .add(c.step(), c.iqm().estimate(), c.iqm().low(), c.iqm().high()));
        String metric = ReportCsv.curveMetric(result).replace('_', ' ');
        XYPlot plot = bands(new ArrayList<>(series.values()), axis("env steps (frames)"), axis("IQM of " + metric));
        JFreeChart chart = chart("Sample efficiency", plot, true);
        chart.addSubtitle(new TextTitle("IQM over runs × tasks at each evaluation; band: " + percent(confidence)
                + " stratified bootstrap interval"));
        return png(chart, WIDTH, 600);
    }

    /** Thick horizontal interval bars with the point estimate drawn over them. */
    private static XYErrorRenderer intervalRenderer(Color bar, Color point) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawYError(false);
        renderer.setErrorStroke(new BasicStroke(6f));
        renderer.setErrorPaint(bar);
        renderer.setSeriesPaint(0, point);
        renderer.setDefaultLinesVisible(false);
        return renderer;
    }

    private static XYPlot bands(List<YIntervalSeries> series, NumberAxis x, NumberAxis y) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            data.addSeries(series.get(i));
            Color color = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setAlpha(0.15f);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        style(plot);
        return plot;
    }

    private static String metricLabel(SweepReport.Result result) {
        return result.metric().replace('_', ' ');
    }

    private static String percent(double confidence) {
        return String.format("%s%%", Double.toString(confidence * 100).replaceAll("\\.0$", ""));
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return axis;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing a chart in memory failed", e);
        }
        return out.toByteArray();
    }
}
