package dev.qsweep.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code random} block: {@code count} draws of every listed setting from its distribution, seeded by {@code seed}
 * so the same file always yields the same samples.
 *
 * @param distributions setting name → distribution, in the settings catalog's order (the order of drawing)
 */
public record RandomSearch(int count, long seed, Map<String, Distribution> distributions) {
    public static final RandomSearch NONE = new RandomSearch(0, 0, Map.of());

    public RandomSearch {
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
