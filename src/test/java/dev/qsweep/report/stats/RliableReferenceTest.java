package dev.qsweep.report.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the Java statistics with the real {@code rliable} 1.2.0 package, run by {@code scripts/rliable_reference.py}
 * from the test venv on the score matrices in {@code src/test/resources/rliable/cases.json}.
 *
 * <p><b>Point estimates</b> are deterministic and must agree to 1e-9 relative (summation order differs).
 *
 * <p><b>Interval bounds</b> come from different random draws (numpy's MT19937 there, SplittableRandom here), so they
 * agree only up to the Monte-Carlo error of a 2,000-replicate percentile. The tolerance is measured, not chosen: the
 * Java bound is computed with {@value #SEEDS} seeds, giving its mean m and standard deviation s across seeds. If both
 * implement the same bootstrap, rliable's bound is one more independent draw from that distribution, so
 * (rliable − m) / (s·√(1 + 1/K)) follows Student's t with K − 1 degrees of freedom (K = {@value #SEEDS}; normal bounds
 * assumed, which the percentile of 2,000 replicates is to a good approximation). The critical value is t's quantile at
 * 1 − α / (2N), with N the number of bounds compared and α = {@value #FAMILY_ERROR}: Bonferroni, so a correct
 * implementation fails this test with probability at most 0.1 % over all bounds together, while a bootstrap that
 * differs (e.g. not stratified, other percentile rule, wrong run resampling) shifts bounds by many standard errors.
 * Where all Java seeds give the same bound (a statistic with few possible values, e.g. a profile at a threshold no
 * resample crosses), s = 0 and rliable must give that value too, up to rounding ({@value #ROUNDING} relative).
 */
class RliableReferenceTest {
    private static final int RESAMPLES = 2000;
    private static final double CONFIDENCE = 0.95;
    private static final int SEEDS = 100;
    private static final double FAMILY_ERROR = 0.001;
    private static final double POINT_TOLERANCE = 1e-9;
    private static final double ROUNDING = 1e-12;
    private static final String CASES = "src/test/resources/rliable/cases.json";

    private static Map<String, Object> cases;
    private static CompletableFuture<Map<String, Object>> reference;

    /** Starts rliable in the background; the tests compute the Java side meanwhile and wait for it only to compare. */
    @BeforeAll
    static void startRliable() throws IOException {
        String venv = System.getenv("QSWEEP_VENV");
        Path python = venv == null ? Path.of(".venv", "bin", "python") : Path.of(venv, "bin", "python");
        if (!Files.isExecutable(python)) {
            fail("no Python at " + python.toAbsolutePath() + ". This test compares with the real rliable package: run "
                    + "bin/setup-venv (it installs scripts/requirements-test.txt, including rliable, into .venv) and "
                    + "export QSWEEP_VENV=$PWD/.venv, or run everything with bin/test.");
        }
        cases = Json.object(Files.readString(Path.of(CASES)));
        Process process = new ProcessBuilder(python.toString(), "scripts/rliable_reference.py", CASES,
                "--reps", String.valueOf(RESAMPLES)).start();
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        reference = CompletableFuture.supplyAsync(() -> {
            try {
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("scripts/rliable_reference.py did not finish in 10 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("scripts/rliable_reference.py failed (exit " + process.exitValue() + "). If "
                            + "rliable or pandas<3 is missing from " + python + ", run bin/setup-venv. Its error output:\n"
                            + stderr.join());
                }
                return map(Json.object(stdout.join()).get("cases"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for rliable", e);
            }
        });
    }

    /** rliable's [estimate, low, high] at a path of keys under the case's results, e.g. ("estimators", "dqn", "iqm"). */
    private static Supplier<double[]> rliable(String caseName, Object... keys) {
        return () -> {
            Object node = reference.join().get(caseName);
            for (Object key : keys) {
                node = key instanceof Integer index ? list(node).get(index) : map(node).get((String) key);
                if (node == null) {
                    throw new AssertionError("rliable_reference.py printed nothing at " + caseName + " " + List.of(keys));
                }
            }
            return doubles(node);
        };
    }

    private static CompletableFuture<String> readAll(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void estimatorsMatchRliable() {
        Comparison comparison = new Comparison();
        forEachCase((name, input) -> {
            for (String group : map(input.get("groups")).keySet()) {
                ScoreSet scores = scoreSet(input, group);
                for (Estimator estimator : Estimator.values()) {
                    comparison.add(name + "/" + group + "/" + estimator.columnName(),
                            rliable(name, "estimators", group, estimator.columnName()),
                            seed -> List.of(bootstrap(seed).interval(scores, estimator)));
                }
            }
        });
        comparison.check();
    }

    @Test
    void probabilityOfImprovementMatchesRliable() {
        Comparison comparison = new Comparison();
        forEachCase((name, input) -> {
            for (Object pair : list(input.get("pairs"))) {
                ScoreSet x = scoreSet(input, (String) list(pair).get(0));
                ScoreSet y = scoreSet(input, (String) list(pair).get(1));
                String key = list(pair).get(0) + "|" + list(pair).get(1);
                comparison.add(name + "/" + key, rliable(name, "improvement", key),
                        seed -> List.of(bootstrap(seed).probabilityOfImprovement(x, y)));
            }
        });
        comparison.check();
    }

    @Test
    void performanceProfileMatchesRliable() {
        Comparison comparison = new Comparison();
        forEachCase((name, input) -> {
            double[] taus = doubles(input.get("taus"));
            for (String group : map(input.get("groups")).keySet()) {
                ScoreSet scores = scoreSet(input, group);
                List<String> labels = new ArrayList<>();
                List<Supplier<double[]>> expected = new ArrayList<>();
                for (int j = 0; j < taus.length; j++) {
                    labels.add(name + "/" + group + "/tau=" + taus[j]);
                    expected.add(rliable(name, "profile", group, j));
                }
                comparison.add(labels, expected, seed -> bootstrap(seed).performanceProfile(scores, taus));
            }
        });
        comparison.check();
    }

    private static StratifiedBootstrap bootstrap(long seed) {
        return new StratifiedBootstrap(RESAMPLES, CONFIDENCE, seed);
    }

    /**
     * Collects Java intervals over {@value #SEEDS} seeds as comparisons are added (while rliable still runs), then
     * checks them all against rliable's numbers at once.
     */
    private static final class Comparison {
        private final List<String> labels = new ArrayList<>();
        private final List<Supplier<double[]>> expected = new ArrayList<>();
        private final List<double[]> estimates = new ArrayList<>();
        private final List<double[]> lows = new ArrayList<>();
        private final List<double[]> highs = new ArrayList<>();

        void add(String label, Supplier<double[]> rliable, LongFunction<List<Interval>> java) {
            add(List.of(label), List.of(rliable), java);
        }

        /** Several numbers that one Java call yields together (a profile's thresholds). */
        void add(List<String> newLabels, List<Supplier<double[]>> rliable, LongFunction<List<Interval>> java) {
            int first = labels.size();
            labels.addAll(newLabels);
            expected.addAll(rliable);
            for (int i = 0; i < newLabels.size(); i++) {
                estimates.add(new double[SEEDS]);
                lows.add(new double[SEEDS]);
                highs.add(new double[SEEDS]);
            }
            for (int seed = 0; seed < SEEDS; seed++) {
                List<Interval> intervals = java.apply(seed);
                for (int i = 0; i < newLabels.size(); i++) {
                    estimates.get(first + i)[seed] = intervals.get(i).estimate();
                    lows.get(first + i)[seed] = intervals.get(i).low();
                    highs.get(first + i)[seed] = intervals.get(i).high();
                }
            }
        }

        void check() {
            assertTrue(labels.size() > 0, "the cases file yielded nothing to compare");
            int bounds = 2 * labels.size();
            double critical = new TDistribution(SEEDS - 1).inverseCumulativeProbability(1 - FAMILY_ERROR / (2 * bounds));
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                double[] rliable = expected.get(i).get();
                double estimate = estimates.get(i)[0];
                if (Math.abs(estimate - rliable[0]) > POINT_TOLERANCE * Math.max(Math.abs(rliable[0]), 1e-3)) {
                    failures.add(labels.get(i) + ": estimate " + estimate + ", rliable " + rliable[0]);
                }
                checkBound(labels.get(i) + " low", lows.get(i), rliable[1], critical, failures);
                checkBound(labels.get(i) + " high", highs.get(i), rliable[2], critical, failures);
            }
            assertTrue(failures.isEmpty(), failures.size() + " of " + (3 * labels.size()) + " numbers differ from rliable "
                    + "(t critical value " + critical + "):\n" + String.join("\n", failures));
        }

        private static void checkBound(String label, double[] javaBounds, double rliable, double critical, List<String> failures) {
            double mean = new Mean().evaluate(javaBounds);
            double spread = new StandardDeviation().evaluate(javaBounds); // sample SD, K − 1 in the denominator
            double tolerance = Math.max(critical * spread * Math.sqrt(1 + 1.0 / SEEDS), ROUNDING * Math.max(1, Math.abs(rliable)));
            if (Math.abs(rliable - mean) > tolerance) {
                failures.add(String.format("%s: rliable %.6f, Java mean %.6f ± sd %.6f over %d seeds (tolerance %.6f)",
                        label, rliable, mean, spread, SEEDS, tolerance));
            }
        }
    }

    private interface CaseVisitor {
        void visit(String name, Map<String, Object> input);
    }

    private static void forEachCase(CaseVisitor visitor) {
        for (Object c : list(cases.get("cases"))) {
            visitor.visit((String) map(c).get("name"), map(c));
        }
    }

    /** A group's runs × tasks matrix, as rliable takes it, turned into per-task run arrays. */
    private static ScoreSet scoreSet(Map<String, Object> input, String group) {
        List<String> tasks = list(input.get("tasks")).stream().map(String.class::cast).toList();
        List<Object> rows = list(map(input.get("groups")).get(group));
        List<double[]> runsByTask = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            double[] runs = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                runs[r] = doubles(rows.get(r))[t];
            }
            runsByTask.add(runs);
        }
        return new ScoreSet(tasks, runsByTask);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    private static double[] doubles(Object json) {
        return list(json).stream().mapToDouble(v -> ((Json.Num) v).asDouble()).toArray();
    }
}
