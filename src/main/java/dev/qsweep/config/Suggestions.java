package dev.qsweep.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean …?" for misspelt names. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code name} by edit distance (case-insensitive), if any is reasonably close. */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase();
        return candidates.stream()
                .min(Comparator.comparingInt((String c) -> editDistance(lower, c.toLowerCase())).thenComparing(c -> c))
                .filter(best -> editDistance(lower, best.toLowerCase()) <= Math.max(2, best.length() / 2));
    }

    /** " (did you mean 'x'?)" or the empty string. */
    public static String didYouMean(String name, Collection<String> candidates) {
        return nearest(name, candidates).map(n -> " Did you mean '" + n + "'?").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
