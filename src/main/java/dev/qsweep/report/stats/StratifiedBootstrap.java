package dev.qsweep.report.stats;

import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Stratified percentile bootstrap, as rliable 1.2.0 ({@code StratifiedBootstrap} on arch's {@code IIDBootstrap},
 * {@code conf_int(method="percentile")}): each replicate resamples runs with replacement within each task, the
 * statistic is evaluated on every replicate, and the interval is the (1 − c)/2 and (1 + c)/2 percentiles of the
 * replicates with linear interpolation (numpy's default, R type 7).
 *
 * <p>Every call starts a fresh {@link SplittableRandom} from the seed, so the same seed and inputs give the same
 * interval bit for bit, whatever was computed before. Use {@link #derivedSeed} for per-group seeds. Instances are
 * immutable and keep nothing between calls, so one may be shared across threads.
 */
public final class StratifiedBootstrap {
    private final int resamples;
    private final double confidence;
    private final long seed;

    public StratifiedBootstrap(int resamples, double confidence, long seed) {
        if (resamples < 2) {
            throw new SettingsException("bootstrap resamples must be at least 2 (rliable's default is 50,000, qsweep's "
                    + "2,000); got " + resamples + ". Pass a larger number of resamples.");
        }
        if (!(confidence > 0.0 && confidence < 1.0)) {
            throw new SettingsException("confidence level must lie strictly between 0 and 1 (e.g. 0.95 for a 95 % "
                    + "interval); got " + confidence + ".");
        }
        this.resamples = resamples;
        this.confidence = confidence;
        this.seed = seed;
    }

    public int resamples() {
        return resamples;
    }

    public double confidence() {
        return confidence;
    }

    public long seed() {
        return seed;
    }

    /**
     * A seed for stream {@code index} (e.g. a group's position) derived from {@code seed}: different indices give
     * unrelated seeds, and the same pair always the same one (SplittableRandom's 64-bit mix of seed and index).
     */
    public static long derivedSeed(long seed, long index) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
    }

    /** Interval for any statistic; each replicate is built as a new {@link ScoreSet} (allocates; see the estimator overload). */
    public Interval interval(ScoreSet scores, ToDoubleFunction<ScoreSet> statistic) {
        FlatScores flat = FlatScores.of(scores);
        FlatScores resample = flat.emptyLike();
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            flat.resampleInto(resample, random);
            List<double[]> runsByTask = new ArrayList<>(flat.taskCount());
            for (int t = 0; t < flat.taskCount(); t++) {
                runsByTask.add(Arrays.copyOfRange(resample.values, flat.taskStart[t], flat.taskStart[t + 1]));
            }
            replicates[b] = statistic.applyAsDouble(new ScoreSet(scores.tasks(), runsByTask));
        }
        return percentileInterval(statistic.applyAsDouble(scores), replicates);
    }

    /** Interval for one of rliable's estimators, without allocation per replicate. */
    public Interval interval(ScoreSet scores, Estimator estimator) {
        FlatScores flat = FlatScores.of(scores);
        FlatScores resample = flat.emptyLike();
        Estimator.Kernel kernel = estimator.kernel(flat);
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            flat.resampleInto(resample, random);
            replicates[b] = kernel.of(resample);
        }
        return percentileInterval(kernel.of(flat), replicates);
    }

    /**
     * Probability of improvement P(X > Y) (Mann–Whitney per task, averaged over tasks; ties count 1/2), bootstrapped
     * independently for X and Y, stratified per task. Tasks are matched by name; both sets must have the same tasks.
     */
    public Interval probabilityOfImprovement(ScoreSet x, ScoreSet y) {
        if (!new HashSet<>(x.tasks()).equals(new HashSet<>(y.tasks()))) {
            throw new SettingsException("probability of improvement compares two groups task by task, so both need the "
                    + "same tasks; got " + x.tasks() + " and " + y.tasks() + ". Group by settings that do not split "
                    + "the environments, or finish the missing trials.");
        }
        Improvement improvement = new Improvement(x, y);
        double estimate = improvement.estimate();
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            replicates[b] = improvement.replicate(random);
        }
        return percentileInterval(estimate, replicates);
    }

    /** Performance profile: fraction of all runs×tasks with score > tau, for each tau, with bootstrap bands. */
    public List<Interval> performanceProfile(ScoreSet scores, double[] taus) {
        if (taus.length == 0) {
            throw new IllegalArgumentException("a performance profile needs at least one threshold tau");
        }
        for (double tau : taus) {
            if (Double.isNaN(tau)) {
                throw new IllegalArgumentException("performance-profile thresholds must be numbers; got NaN");
            }
        }
        Profile profile = new Profile(scores, taus);
        double[] estimates = new double[taus.length];
        profile.estimate(estimates);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] replicates = new double[taus.length][resamples];
        double[] row = new double[taus.length];
        for (int b = 0; b < resamples; b++) {
            profile.replicate(random, row);
            for (int j = 0; j < taus.length; j++) {
                replicates[j][b] = row[j];
            }
        }
        List<Interval> bands = new ArrayList<>(taus.length);
        for (int j = 0; j < taus.length; j++) {
            bands.add(percentileInterval(estimates[j], replicates[j]));
        }
        return List.copyOf(bands);
    }

    /** arch's percentile method: the alpha and 1 − alpha percentiles, alpha = (1 − size) / 2, numpy's linear rule. */
    private Interval percentileInterval(double estimate, double[] replicates) {
        for (double replicate : replicates) {
            if (!Double.isFinite(replicate)) {
                throw new IllegalStateException("the statistic returned " + replicate + " on a bootstrap replicate; "
                        + "it must be finite for every resample of the scores");
            }
        }
        double alpha = (1.0 - confidence) / 2;
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(replicates);
        return new Interval(estimate, percentile.evaluate(100 * alpha), percentile.evaluate(100 * (1.0 - alpha)));
    }
}
