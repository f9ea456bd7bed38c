package dev.qsweep.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The population-based-training part of a {@code scheduler { type = pbt … }} block.
 *
 * @param perturbationInterval env steps per generation; after each generation but the last, the bottom quantile of
 *                             every population exploits a top-quantile member and perturbs its settings
 * @param quantile             the fraction of a population that exploits (and the fraction it copies from), in (0, 0.5]
 * @param seed                 seeds every donor choice and perturbation, so a PBT sweep decides the same on every run
 * @param resampleProbability  the chance that a {@code values} or distribution mutation draws afresh instead of
 *                             moving from the donor's value
 * @param mutations            setting name → how it is perturbed, in catalog order
 */
public record PbtSettings(long perturbationInterval, double quantile, long seed, double resampleProbability,
                          Map<String, Mutation> mutations) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final PbtSettings NONE = new PbtSettings(0, 0, 0, 0, Map.of());
    public static final double DEFAULT_QUANTILE = 0.25;
    public static final double DEFAULT_RESAMPLE_PROBABILITY = 0.25;
    /** The factors a distribution mutation multiplies by when it does not resample (as Ray Tune's PBT). */
    public static final List<Double> DEFAULT_FACTORS = List.of(0.8, 1.2);

    /**
     * The settings that may change between generations: each is read afresh every step (gamma, tau, exploration,
     * intervals) or, for the learning rate, set on the restored network by {@code Trainer.adoptCheckpoint}. Settings
     * that shape the network, the replay or the batch cannot change under a checkpoint.
     */
    public static final Set<String> MUTABLE = Set.of("learning_rate", "gamma", "tau", "target_update_interval",
            "train_frequency", "gradient_steps", "exploration_fraction", "exploration_final_eps");

    public PbtSettings {
        mutations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mutations));
    }

    /** How one setting is perturbed when a member exploits a donor. */
    public sealed interface Mutation extends Serializable {
    }

    /** Multiply the donor's value by one of the factors, each equally likely. */
    public record Factors(List<Double> factors) implements Mutation {
        public Factors {
            factors = List.copyOf(factors);
        }
    }

    /**
     * With the resample probability, any of the values; otherwise the value next to the donor's in the list (up or
     * down, equally likely, held at the ends). A donor value not in the list is resampled.
     */
    public record Values(List<Object> values) implements Mutation {
        public Values {
            values = List.copyOf(values);
        }
    }

    /** With the resample probability a fresh draw, otherwise the donor's value times 0.8 or 1.2. */
    public record Resample(Distribution distribution) implements Mutation {
    }
}
