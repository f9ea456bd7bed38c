package dev.qsweep.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * How a scheduled sweep's configurations are split into successive-halving brackets. Successive halving is one
 * bracket over every configuration. HyperBand (Li et al. 2018) runs brackets s = s_max … 0, where s_max + 1 is the
 * number of successive-halving rungs: bracket s starts at rung s_max − s (so the last bracket trains its
 * configurations to the full budget at once) and, in the paper, samples n_s = ⌈(s_max + 1) / (s + 1) · η^s⌉
 * configurations. A grid's configurations are fixed rather than sampled, so here they are dealt to the brackets in
 * proportion to n_s (largest remainders, earlier brackets first on ties), after a shuffle seeded by 0 — so that no
 * bracket gets one grid axis' values only, and the split is the same on every run.
 */
public final class Brackets {
    private Brackets() {
    }

    /**
     * One bracket: its configurations (indices in expansion order, ascending) and its rungs' budgets.
     *
     * @param index 0 for the first bracket (the one that starts smallest)
     */
    public record Bracket(int index, List<Integer> configurations, List<Long> budgets) {
        public Bracket {
            configurations = List.copyOf(configurations);
            budgets = List.copyOf(budgets);
        }

        /** Env steps if every trial is scored. */
        public long plannedSteps(int seeds, int reductionFactor) {
            return SuccessiveHalving.plannedSteps(budgets,
                    SuccessiveHalving.aliveCounts(configurations.size(), budgets.size(), reductionFactor), seeds);
        }
    }

    /** The brackets of {@code scheduler} over {@code configurations} configurations of {@code steps} steps. */
    public static List<Bracket> of(SchedulerSettings scheduler, int configurations, long steps) {
        int eta = scheduler.reductionFactor();
        List<Long> budgets = SuccessiveHalving.rungBudgets(scheduler.minSteps(), eta, steps);
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < configurations; c++) {
            all.add(c);
        }
        if (scheduler.type() != SchedulerSettings.Type.HYPERBAND) {
            return List.of(new Bracket(0, all, budgets));
        }
        int sMax = budgets.size() - 1;
        double[] weights = new double[sMax + 1];
        for (int b = 0; b <= sMax; b++) {
            int s = sMax - b;
            weights[b] = Math.ceil((sMax + 1.0) / (s + 1) * Math.pow(eta, s));
        }
        int[] sizes = apportion(weights, configurations);
        List<Integer> shuffled = shuffled(all);
        List<Bracket> brackets = new ArrayList<>();
        int next = 0;
        for (int b = 0; b <= sMax; b++) {
            List<Integer> members = new ArrayList<>(shuffled.subList(next, next + sizes[b]));
            next += sizes[b];
            members.sort(null);
            if (!members.isEmpty()) {
                brackets.add(new Bracket(b, members, budgets.subList(b, budgets.size())));
            }
        }
        return brackets;
    }

    /** {@code total} split in proportion to {@code weights}: floors, then the largest remainders (earlier first). */
    static int[] apportion(double[] weights, int total) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        int[] sizes = new int[weights.length];
        double[] remainders = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = weights[i] / sum * total;
            sizes[i] = (int) Math.floor(exact);
            remainders[i] = exact - sizes[i];
            given += sizes[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            sizes[best]++;
            remainders[best] = -1;
            given++;
        }
        return sizes;
    }

    /** Fisher–Yates with SplitMix64 seeded by 0: the same order on every JVM. */
    private static List<Integer> shuffled(List<Integer> values) {
        List<Integer> copy = new ArrayList<>(values);
        SplitMix64 rng = new SplitMix64(0);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = (int) rng.nextLong(i + 1);
            Integer swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return copy;
    }
}
