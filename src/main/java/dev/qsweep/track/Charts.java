package dev.qsweep.track;

import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import dev.qsweep.report.stats.ScoreSet;
import dev.qsweep.report.stats.StratifiedBootstrap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The PNG charts logged to MLflow, drawn with JFreeChart without a display. */
public final class Charts {
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    static {
        // Executors and CI have no display; JFreeChart only needs AWT's off-screen drawing.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A value at an env step. */
    public record Point(long step, double value) {
    }

    /**
     * One configuration's evaluation curves, one per seed.
     *
     * @param label what the legend says, e.g. {@code learning_rate=0.001 (mean 480.2 over 2 seeds)}
     */
    public record ConfigurationCurves(String label, List<List<Point>> seeds) {
        public ConfigurationCurves {
            seeds = List.copyOf(seeds);
        }
    }

    /**
     * A value's mean over seeds at one step, with its percentile bootstrap interval ({@code low == high == mean} for
     * one seed).
     */
    public record Band(long step, double mean, double low, double high, int seeds) {
    }

    /** Resamples and seed of the bands' bootstrap: fixed, so the same sweep draws the same chart. */
    static final int BAND_RESAMPLES = 2_000;
    static final long BAND_SEED = 0;

    private Charts() {
    }

    /** Training episode returns and evaluation means against env steps. */
    public static byte[] learningCurve(String title, List<Point> episodeReturns, List<Point> evalMeans) {
        XYSeries returns = series("training episode return", episodeReturns);
        XYSeries evals = series("evaluation mean return", evalMeans);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(returns);
        data.addSeries(evals);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4, 110));
        renderer.setSeriesStroke(0, new BasicStroke(1f));
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesStroke(1, new BasicStroke(2.5f));
        renderer.setSeriesShapesVisible(1, true);
        XYPlot plot = new XYPlot(data, axis("env steps"), axis("return"), renderer);
        return png(chart(title, plot));
    }

    /** The evaluation curves of the best configurations: mean over seeds with a shaded 95% bootstrap band. */
    public static byte[] sweepSummary(String title, List<ConfigurationCurves> configurations) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int i = 0; i < configurations.size(); i++) {
            ConfigurationCurves c = configurations.get(i);
            YIntervalSeries series = new YIntervalSeries(c.label());
            for (Band b : bands(c.seeds())) {
                series.add(b.step(), b.mean(), b.low(), b.high());
            }
            data.addSeries(series);
            Color color = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setAlpha(0.18f);
        XYPlot plot = new XYPlot(data, axis("env steps"), axis("evaluation mean return"), renderer);
        JFreeChart chart = chart(title, plot);
        chart.addSubtitle(new TextTitle("mean over seeds, band: 95% percentile bootstrap interval over seeds ("
                + String.format("%,d", BAND_RESAMPLES) + " resamples)"));
        return png(chart);
    }

    /**
     * Mean over the seeds that have a value at each step, with a 95% percentile bootstrap interval of that mean
     * (as rliable, resampling seeds with replacement). Unlike a Student-t band it stays within the values seen, so two
     * seeds no longer stretch it far past both.
     */
    public static List<Band> bands(List<List<Point>> seeds) {
        Map<Long, List<Double>> byStep = new TreeMap<>();
        for (List<Point> curve : seeds) {
            for (Point p : curve) {
                byStep.computeIfAbsent(p.step(), s -> new ArrayList<>()).add(p.value());
            }
        }
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(BAND_RESAMPLES, 0.95, BAND_SEED);
        List<Band> bands = new ArrayList<>();
        byStep.forEach((step, values) -> {
            ScoreSet scores = ScoreSet.of("seeds", values.stream().mapToDouble(Double::doubleValue).toArray());
            Interval interval = bootstrap.interval(scores, Estimator.MEAN);
            bands.add(new Band(step, interval.estimate(), interval.low(), interval.high(), values.size()));
        });
        return bands;
    }

    private static XYSeries series(String name, List<Point> points) {
        XYSeries series = new XYSeries(name, false, true);
        points.forEach(p -> series.add(p.step(), p.value()));
        return series;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing a chart in memory failed", e);
        }
        return out.toByteArray();
    }
}
