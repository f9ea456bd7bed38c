package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.EnvRegistry;
import dev.qsweep.report.SweepReport;
import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import dev.qsweep.report.stats.ScoreSet;
import dev.qsweep.report.stats.StratifiedBootstrap;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.RandomPolicy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qsweep report} end to end: a real two-env sweep (tabular Q-learning on FrozenLake and Taxi, 2 learning rates
 * × 3 seeds) run on local Spark, then reported; the files are checked against the stats API applied to the trials
 * table's own values.
 */
class ReportCommandTest {
    private static final int RESAMPLES = 500;

    @TempDir
    static Path dir;
    private static String root;

    private static String sweep(String name, String seeds) {
        return """
                name = %s
                envs = [
                  { env = FrozenLake-v1, preset = frozenlake-qtable }
                  { env = Taxi-v3, preset = taxi-qtable }
                ]
                settings { eval_interval = 1000, eval_episodes = 10, checkpoint_interval = 3000 }
                grid { learning_rate = [0.1, 0.5] }
                seeds = %s
                steps = 3000
                output = "%s"
                """.formatted(name, seeds, dir.resolve("out").toUri());
    }

    private static String runSweep(String name, String seeds) throws IOException {
        Path file = Files.writeString(dir.resolve(name + ".conf"), sweep(name, seeds));
        Cli.Outcome run = Cli.run("run", file.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.stderr());
        return dir.resolve("out").toUri().toString().replaceFirst("^file:///", "file:/") + name;
    }

    @BeforeAll
    static void runTheSweep() throws IOException {
        root = runSweep("two-envs", "[1, 2, 3]");
    }

    private static Path reportDir(String sweepRoot) {
        return Path.of(java.net.URI.create(sweepRoot.replaceFirst("^file:/", "file:///"))).resolve("report");
    }

    @Test
    void reportsRliableStatisticsThatMatchTheStatsApiOnTheTrialsTable() throws IOException {
        Cli.Outcome report = Cli.run("report", root, "--master", "local[2]", "--resamples", String.valueOf(RESAMPLES),
                "--seed", "7");
        assertEquals(0, report.exitCode(), report.stderr());
        assertTrue(report.stdout().startsWith("report of " + root + ": 12 finished trials, 2 groups (by learning_rate) "
                + "over 2 task(s); score final_eval; 95% intervals from 500 stratified bootstrap resamples (seed 7)"),
                report.stdout());
        Path out = reportDir(root);

        // aggregates.csv: exact columns; every number equals the stats API on the trials table's final_eval_mean.
        List<String> aggregates = Files.readAllLines(out.resolve("aggregates.csv"));
        assertEquals("group,metric,estimator,estimate,ci_low,ci_high,runs,tasks", aggregates.get(0));
        assertEquals(1 + 2 * 4, aggregates.size(), aggregates.toString());
        Map<String, ScoreSet> groups = groupsFromTrialsTable(root);
        List<String> labels = new ArrayList<>(groups.keySet()); // label order: the order seeds derive from
        for (String line : aggregates.subList(1, aggregates.size())) {
            String[] f = line.split(",");
            ScoreSet scores = groups.get(f[0]);
            assertNotNull(scores, f[0]);
            Estimator estimator = Estimator.valueOf(f[2].toUpperCase());
            assertEquals("final_eval", f[1]);
            assertEquals(estimator.apply(scores), Double.parseDouble(f[3]), 0.0, line);
            Interval expected = new StratifiedBootstrap(RESAMPLES, 0.95,
                    SweepReport.bootstrapSeed(7, 1, labels.indexOf(f[0]))).interval(scores, estimator);
            assertEquals(expected.low(), Double.parseDouble(f[4]), 0.0, line);
            assertEquals(expected.high(), Double.parseDouble(f[5]), 0.0, line);
            assertEquals("6", f[6]);
            assertEquals("2", f[7]);
        }
        List<String> improvement = Files.readAllLines(out.resolve("improvement.csv"));
        assertEquals(List.of("group_x,group_y,probability,ci_low,ci_high"), improvement.subList(0, 1));
        assertEquals(2, improvement.size(), "one pair of two groups");
        String[] pair = improvement.get(1).split(",");
        Interval p = new StratifiedBootstrap(RESAMPLES, 0.95, SweepReport.bootstrapSeed(7, 2, 1))
                .probabilityOfImprovement(groups.get(pair[0]), groups.get(pair[1]));
        assertEquals(p.estimate(), Double.parseDouble(pair[2]), 0.0);
        assertEquals(p.low(), Double.parseDouble(pair[3]), 0.0);

        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("group,metric,global_step,estimator,estimate,ci_low,ci_high,runs,tasks", curves.get(0));
        assertEquals(1 + 2 * 3, curves.size(), "3 evaluations (1000, 2000, 3000) per group: " + curves);
        assertTrue(curves.get(3).matches("learning_rate=0\\.[15],eval_mean,3000,iqm,.*,6,2"), curves.get(3));

        // The PNGs decode; the page inlines them and needs nothing else.
        List<String> pngs;
        try (Stream<Path> files = Files.list(out)) {
            pngs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
        assertEquals(List.of("interval_estimates.png", "performance_profiles.png", "probability_of_improvement.png",
                "sample_efficiency.png"), pngs);
        for (String png : pngs) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png);
            assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 300, png);
        }
        String html = Files.readString(out.resolve("report.html"));
        Matcher inlined = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (inlined.find()) {
            assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(inlined.group(1)))));
            images++;
        }
        assertEquals(4, images);
        assertFalse(html.contains("src=\"http"), "self-contained");
        assertTrue(html.contains("<td>FrozenLake-v1 {is_slippery=true, map_name=4x4}</td><td>6</td><td>[1, 2, 3]</td>"), html);
        try (Stream<Path> hidden = Files.list(out.getParent())) {
            assertEquals(List.of(), hidden.filter(f -> f.getFileName().toString().startsWith(".report")).toList(),
                    "no temporary directory left");
        }

        // Same seed, same numbers; another seed, other intervals, same estimates.
        Cli.Outcome again = Cli.run("report", root, "--master", "local[2]", "--resamples", String.valueOf(RESAMPLES),
                "--seed", "7");
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(aggregates, Files.readAllLines(out.resolve("aggregates.csv")));
    }

    @Test
    void badOptionsExitTwoWithAMessageAndWriteNothing() throws IOException {
        String oneSeed = runSweep("one-seed", "[1]");
        assertBad(Cli.run("report", root, "--group-by", "learning_rat"),
                "--group-by: unknown grouping key 'learning_rat'. Did you mean 'learning_rate'?", root);
        assertBad(Cli.run("report", root, "--group-by", "env"), "--group-by: 'env' cannot group", root);
        assertBad(Cli.run("report", root, "--score", "final_return"), "--score: unknown score 'final_return'", root);
        assertBad(Cli.run("report", root, "--resamples", "5"), "--resamples: 5 is out of range", root);
        assertBad(Cli.run("report", root, "--confidence", "95"), "--confidence: 95.0 is not a level in (0.5, 1)", root);
        assertBad(Cli.run("report", oneSeed, "--master", "local[2]"), "has a single run on FrozenLake-v1", oneSeed);
        String notASweep = dir.toUri().toString();
        assertBad(Cli.run("report", notASweep), "no sweep tables under " + notASweep, null);
    }

    @Test
    void baselineMeasuresTheRandomPolicyOnEveryEnvOfTheSweep() {
        Cli.Outcome baseline = Cli.run("baseline", root, "--episodes", "20", "--seed", "3");
        assertEquals(0, baseline.exitCode(), baseline.stderr());
        for (String env : List.of("FrozenLake-v1", "Taxi-v4")) {
            Map<String, String> options = env.equals("Taxi-v4") ? Map.of() : Map.of("is_slippery", "true", "map_name", "4x4");
            EvalRecord expected = RandomPolicy.evaluate(EnvRegistry.make(env, options), 20, 3, 100_000);
            assertTrue(baseline.stdout().lines().anyMatch(l -> l.startsWith(env) && l.contains(String.format(" %.3f ",
                    expected.mean()))), env + " " + expected + "\n" + baseline.stdout());
        }
        // conf/reference-scores.conf ships empty: normalising says what is missing, exits 2, writes nothing new
        assertBad(Cli.run("report", root, "--normalize", "reference", "--master", "local[2]"),
                "--normalize reference: no random baseline and reference score for FrozenLake-v1", root);
    }

    private static void assertBad(Cli.Outcome outcome, String message, String sweepRoot) {
        assertEquals(2, outcome.exitCode(), outcome.stdout() + outcome.stderr());
        assertTrue(outcome.stderr().startsWith("qsweep: error: ") && outcome.stderr().contains(message), outcome.stderr());
        if (sweepRoot != null && !sweepRoot.equals(root)) {
            assertFalse(Files.exists(reportDir(sweepRoot)), "nothing written");
        }
    }

    /** Label → scores by task, read back from the trials table with Spark SQL, as the stats API takes them. */
    private static Map<String, ScoreSet> groupsFromTrialsTable(String sweepRoot) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("ReportCommandTest")
                .config("spark.ui.enabled", false).getOrCreate();
        try {
            spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
            spark.read().parquet(sweepRoot + "/trials").createOrReplaceTempView("t");
            Map<String, Map<String, List<Double>>> values = new TreeMap<>();
            for (Row row : spark.sql("SELECT learning_rate, env, env_options, final_eval_mean FROM t "
                    + "WHERE status = 'DONE' ORDER BY trial_id").collectAsList()) { // the report's run order
                String task = row.getString(2).equals("{}") ? row.getString(1) : row.getString(1) + " " + row.getString(2);
                values.computeIfAbsent("learning_rate=" + row.getDouble(0), k -> new TreeMap<>())
                        .computeIfAbsent(task, k -> new ArrayList<>()).add(row.getDouble(3));
            }
            Map<String, ScoreSet> groups = new TreeMap<>();
            values.forEach((label, byTask) -> groups.put(label, new ScoreSet(List.copyOf(byTask.keySet()),
                    byTask.values().stream().map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).toList())));
            return groups;
        } finally {
            spark.stop();
        }
    }
}
