package dev.qsweep.sweep;

import dev.qsweep.sweep.SchedulerSettings.Metric;
import dev.qsweep.sweep.SchedulerSettings.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure decisions of successive halving (Jamieson &amp; Talwalkar 2016): rung budgets, scores from recorded rows,
 * the ranking and who goes on. No I/O, no clocks: the same rows always give the same decisions.
 *
 * <p>A configuration (one point of the grid or one random draw) is ranked on the mean of its seeds' scores, so its
 * seeds are promoted or stopped together. A configuration with a seed that has no score (it diverged or failed, or
 * recorded nothing yet) is ranked after every scored one and never promoted. <b>Ties</b> (equal means) go to the
 * configuration that comes first in the sweep's expansion order, i.e. the one with the lowest {@code trial_index}.
 */
public final class SuccessiveHalving {
    /** Training episodes that {@link Metric#RECENT_RETURN} averages, as the trainer's own recent mean. */
    public static final int RECENT_EPISODES = 100;

    private SuccessiveHalving() {
    }

    /** One recorded value of a trial at an env step: an evaluation's mean, or a training episode's return. */
    public record Point(long globalStep, double value) {
    }

    /** A configuration's score at a rung; NaN when one of its seeds has none. */
    public record Candidate(int configuration, double score) {
    }

    /**
     * The budgets of the rungs: {@code minSteps}, {@code minSteps·η}, {@code minSteps·η²}, … while below
     * {@code maxSteps}, then {@code maxSteps} itself as the last rung.
     */
    public static List<Long> rungBudgets(long minSteps, int reductionFactor, long maxSteps) {
        if (minSteps < 1 || minSteps > maxSteps || reductionFactor < 2) {
            throw new IllegalArgumentException("need 1 <= minSteps <= maxSteps and η >= 2, got " + minSteps + ", "
                    + maxSteps + ", " + reductionFactor);
        }
        List<Long> budgets = new ArrayList<>();
        for (long budget = minSteps; budget < maxSteps; budget *= reductionFactor) { // steps <= 1e10, η <= 100
            budgets.add(budget);
        }
        budgets.add(maxSteps);
        return budgets;
    }

    /** How many of {@code alive} configurations a rung promotes: ⌊alive / η⌋, but at least one. */
    public static int survivors(int alive, int reductionFactor) {
        return Math.max(1, alive / reductionFactor);
    }

    /** Configurations alive at each of {@code rungs} rungs when every one is scored. */
    public static List<Integer> aliveCounts(int configurations, int rungs, int reductionFactor) {
        List<Integer> alive = new ArrayList<>();
        int n = configurations;
        for (int r = 0; r < rungs; r++) {
            alive.add(n);
            n = survivors(n, reductionFactor);
        }
        return alive;
    }

    /**
     * The env steps the schedule trains when every trial is scored: at each rung every alive trial trains from the
     * previous rung's budget to this one's (it resumes from its checkpoint).
     */
    public static long plannedSteps(List<Long> budgets, List<Integer> aliveConfigurations, int seeds) {
        long steps = 0;
        long previous = 0;
        for (int r = 0; r < budgets.size(); r++) {
            steps += (long) aliveConfigurations.get(r) * seeds * (budgets.get(r) - previous);
            previous = budgets.get(r);
        }
        return steps;
    }

    /**
     * A trial's score at {@code budget} from its recorded rows (in any order): for {@link Metric#EVAL_MEAN} the latest
     * evaluation at or before the budget; for {@link Metric#RECENT_RETURN} the mean return of the last
     * {@value #RECENT_EPISODES} episodes that ended at or before it. NaN when there is no such row.
     */
    public static double score(Metric metric, List<Point> points, long budget) {
        return score(metric, 1, points, budget);
    }

    /**
     * As {@link #score(Metric, List, long)}, but {@link Metric#EVAL_MEAN} is the mean of the last {@code evalWindow}
     * evaluations at or before the budget (fewer when fewer were recorded): one evaluation is a snapshot of a policy
     * that can swing between neighbouring checkpoints, and the mean of a few is a steadier estimate of its level.
     */
    public static double score(Metric metric, int evalWindow, List<Point> points, long budget) {
        if (evalWindow < 1) {
            throw new IllegalArgumentException("evalWindow must be at least 1, got " + evalWindow);
        }
        List<Point> upToBudget = points.stream().filter(p -> p.globalStep() <= budget)
                .sorted(Comparator.comparingLong(Point::globalStep)).toList();
        if (upToBudget.isEmpty()) {
            return Double.NaN;
        }
        int window = metric == Metric.EVAL_MEAN ? evalWindow : RECENT_EPISODES;
        List<Point> recent = upToBudget.subList(Math.max(0, upToBudget.size() - window), upToBudget.size());
        double sum = 0;
        for (Point p : recent) {
            sum += p.value();
        }
        return sum / recent.size();
    }

    /** The mean of the seeds' scores; NaN when any seed has none. */
    public static double configurationScore(List<Double> seedScores) {
        double sum = 0;
        for (double s : seedScores) {
            if (Double.isNaN(s)) {
                return Double.NaN;
            }
            sum += s;
        }
        return seedScores.isEmpty() ? Double.NaN : sum / seedScores.size();
    }

    /** Best first under {@code mode}; unscored (NaN) last; ties by the lower configuration index. */
    public static List<Candidate> rank(List<Candidate> candidates, Mode mode) {
        Comparator<Candidate> byScore = Comparator.comparingDouble(Candidate::score);
        if (mode == Mode.MAX) {
            byScore = byScore.reversed();
        }
        Comparator<Candidate> order = Comparator.comparing((Candidate c) -> Double.isNaN(c.score()))
                .thenComparing(byScore).thenComparingInt(Candidate::configuration);
        return candidates.stream().sorted(order).toList();
    }

    /** The sweep's trials grouped into configurations (same settings, different seeds), in expansion order. */
    public static List<List<TrialSpec>> configurations(List<TrialSpec> trials) {
        Map<Map<String, Object>, List<TrialSpec>> bySettings = new LinkedHashMap<>();
        for (TrialSpec trial : trials) {
            bySettings.computeIfAbsent(trial.settings(), k -> new ArrayList<>()).add(trial);
        }
        return List.copyOf(bySettings.values());
    }

    /**
     * The decisions of one rung over the alive configurations.
     *
     * @param configurations every configuration of the sweep, indexed as {@link #configurations} gives them
     * @param alive          indices of the configurations that trained in this rung
     * @param trialScores    trial id → score at this rung's budget (missing or NaN: no score)
     * @param last           the final rung: every scored trial is {@code finished}, none promoted
     */
    public static List<Decision> decide(int bracket, int rung, long budget, List<List<TrialSpec>> configurations,
                                        List<Integer> alive, Map<String, Double> trialScores, Mode mode,
                                        int reductionFactor, boolean last) {
        List<Candidate> candidates = new ArrayList<>();
        for (int c : alive) {
            List<Double> seeds = configurations.get(c).stream()
                    .map(t -> trialScores.getOrDefault(t.trialId(), Double.NaN)).toList();
            candidates.add(new Candidate(c, configurationScore(seeds)));
        }
        List<Candidate> ranked = rank(candidates, mode);
        int keep = survivors(alive.size(), reductionFactor);
        List<Decision> decisions = new ArrayList<>();
        for (int position = 0; position < ranked.size(); position++) {
            Candidate candidate = ranked.get(position);
            boolean scored = !Double.isNaN(candidate.score());
            Decision.Outcome outcome = !scored || (!last && position >= keep) ? Decision.Outcome.STOPPED
                    : last ? Decision.Outcome.FINISHED : Decision.Outcome.PROMOTED;
            for (TrialSpec trial : configurations.get(candidate.configuration())) {
                decisions.add(new Decision(bracket, rung, budget, trial.trialId(), trial.index(),
                        candidate.configuration(), trialScores.getOrDefault(trial.trialId(), Double.NaN),
                        candidate.score(), position + 1, outcome));
            }
        }
        decisions.sort(Comparator.comparingInt(Decision::trialIndex));
        return decisions;
    }

    /**
     * {@code decisions} with every trial in {@code failed} (failed or diverged in the rung) marked {@code failed}: its
     * configuration, unscored, was ranked last and stops, but the trial itself did not merely stop.
     */
    public static List<Decision> markFailed(List<Decision> decisions, java.util.Set<String> failed) {
        return decisions.stream().map(d -> !failed.contains(d.trialId()) ? d : new Decision(d.bracket(), d.rung(),
                d.budgetSteps(), d.trialId(), d.trialIndex(), d.configuration(), d.score(), d.configurationScore(),
                d.rank(), Decision.Outcome.FAILED, d.donorTrialId(), d.settings())).toList();
    }
}
