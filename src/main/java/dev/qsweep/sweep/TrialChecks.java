package dev.qsweep.sweep;

import dev.qsweep.agent.ObservationEncoder;
import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.SettingsConflicts;
import dev.qsweep.config.SettingsException;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Space;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a run's settings fit each other ({@link SettingsConflicts}) and its environment: {@code qtable} needs a
 * Discrete observation space, a CNN an image of the shape it reads. Used by {@code qsweep train} and, for every trial
 * of the expansion, by sweep files, so nothing that cannot run gets to Spark.
 */
public final class TrialChecks {
    private TrialChecks() {
    }

    /**
     * Checks one run on an environment whose observations are {@code observations}.
     *
     * @param observations the environment's observation space; empty when it cannot be known here (an Atari id whose
     *                     ROM this machine lacks), which skips the shape checks only
     * @throws SettingsException on the first conflict
     */
    public static void check(DqnSettings settings, long steps, String envId, Optional<Space> observations) {
        SettingsConflicts.check(settings, steps);
        Space space = observations.orElse(EnvRegistry.describe(envId).observationSpace());
        if (settings.isTabular()) {
            if (!(space instanceof Space.Discrete)) {
                throw new SettingsException("algorithm = qtable needs a Discrete observation space (a table has one row "
                        + "per state), but " + envId + " observes " + space + ". Use algorithm = dqn for this "
                        + "environment, or a Discrete one such as FrozenLake-v1 or Taxi-v3.");
            }
            return;
        }
        if (observations.isPresent()) {
            try {
                ObservationEncoder.architectureFor(settings.network(), settings.hiddenSizesArray(), space);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(envId + ": " + e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".")
                        + " Choose the network for the observations: mlp for vectors and Discrete states, nature_cnn "
                        + "for stacked Atari frames (preprocess = atari), minatar_cnn for MinAtar.");
            }
        }
    }

    /**
     * Checks every trial of a plan (a grid value may conflict only in combination with another); the message names the
     * first failing trial and the values it was given.
     */
    public static void checkAll(SweepPlan plan) {
        SweepSpec spec = plan.spec();
        // Each trial against its own env (a multi-env sweep has several); seeds of one configuration share settings.
        Map<List<Object>, Optional<Space>> spaces = new HashMap<>();
        Set<List<Object>> checked = new HashSet<>();
        for (TrialSpec trial : plan.trials()) {
            List<Object> env = List.of(trial.envId(), trial.envOptions());
            if (!checked.add(List.of(env, trial.settings()))) {
                continue;
            }
            Optional<Space> observations = spaces.computeIfAbsent(env,
                    key -> observationSpace(trial.envId(), trial.envOptions()));
            try {
                check(trial.dqnSettings(), trial.steps(), trial.envId(), observations);
            } catch (SettingsException e) {
                List<String> values = new ArrayList<>();
                if (spec.multiEnv()) {
                    values.add("env = " + trial.envId());
                }
                if (trial.variant() != null) {
                    values.add("variant = " + trial.variant());
                }
                // A variant's name stands for the settings it changes; the axes crossed with it are listed.
                plan.variedSettings().stream().filter(name -> trial.variant() == null
                                || spec.grid().containsKey(name) || spec.random().distributions().containsKey(name))
                        .forEach(name -> values.add(name + " = " + trial.settings().get(name)));
                String which = values.isEmpty() ? "" : " (trial " + trial.index() + ": " + String.join(", ", values) + ")";
                throw new SettingsException(spec.source() + which + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The observation space of {@code envId} with {@code options}, from a made environment (options such as an Atari
     * preprocess chain change it); empty when it cannot be made on this machine (an Atari ROM missing here).
     */
    public static Optional<Space> observationSpace(String envId, Map<String, String> options) {
        try {
            return Optional.of(EnvRegistry.make(envId, options).observationSpace());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
