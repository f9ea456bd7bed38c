package dev.qsweep.config;

/**
 * The one place for checks across settings: values that are each in range but together (or with the run's length)
 * make a run that cannot do what its settings say. Per-setting ranges live in {@link SettingsCatalog}; checks that need
 * the environment live in {@code dev.qsweep.sweep.TrialChecks}, which calls this first.
 */
public final class SettingsConflicts {
    private SettingsConflicts() {
    }

    /**
     * Checks the settings of a run of {@code steps} env steps.
     *
     * @throws SettingsException naming the conflicting settings, why they conflict and how to fix it
     */
    public static void check(DqnSettings s, long steps) {
        if (s.explorationFinalEps() > s.explorationInitialEps()) {
            throw new SettingsException("exploration_final_eps " + s.explorationFinalEps() + " is above "
                    + "exploration_initial_eps " + s.explorationInitialEps() + ", so epsilon would rise during training. "
                    + "Swap them, or set both to the same value for a constant epsilon.");
        }
        checkReplayAndOptimizer(s);
        checkHead(s);
        if (s.isTabular()) {
            if (!s.network().equals("mlp")) {
                throw new SettingsException("network = " + s.network() + " does nothing with algorithm = qtable (a "
                        + "table has no network). Leave network at mlp, or use algorithm = dqn.");
            }
            return; // the replay and target settings below are the Q-network's
        }
        if (s.bufferSize() < s.batchSize()) {
            throw new SettingsException("buffer_size " + s.bufferSize() + " is smaller than batch_size " + s.batchSize()
                    + ": the replay memory cannot hold one minibatch, so every batch would repeat the same few "
                    + "transitions. Raise buffer_size well above batch_size (e.g. " + 100L * s.batchSize()
                    + ") or lower batch_size.");
        }
        long firstTraining = firstStepAfter(s.learningStarts(), s.trainFrequency());
        if (s.learningStarts() >= steps) {
            throw new SettingsException("learning_starts " + s.learningStarts() + " is not below the trial's steps "
                    + steps + ": the agent would only collect transitions and never take a gradient step. Lower "
                    + "learning_starts (e.g. to " + steps / 10 + ") or raise steps.");
        }
        if (firstTraining >= steps) {
            throw new SettingsException("no training round fits in " + steps + " steps: the first would come at step "
                    + firstTraining + " (the first multiple of train_frequency " + s.trainFrequency()
                    + " after learning_starts " + s.learningStarts() + "). Lower learning_starts or train_frequency, "
                    + "or raise steps.");
        }
        long firstTargetUpdate = firstStepAfter(s.learningStarts(), s.targetUpdateInterval());
        if (firstTargetUpdate >= steps) {
            throw new SettingsException("target_update_interval " + s.targetUpdateInterval() + " never updates the "
                    + "target network in " + steps + " steps (the first update would come at step " + firstTargetUpdate
                    + ", after learning_starts " + s.learningStarts() + "), so every TD target would come from the "
                    + "untrained initial network. Lower target_update_interval below " + (steps - s.learningStarts())
                    + ", or raise steps.");
        }
    }

    /** The Q-network head's settings (dueling, noisy, num_atoms, v_min, v_max; issue 14). */
    static void checkHead(DqnSettings s) {
        if (s.isTabular() && (s.dueling() || s.noisy() || s.numAtoms() != 1)) {
            throw new SettingsException("dueling / noisy / num_atoms shape the Q-network's head, and algorithm = qtable "
                    + "has no network (dueling=" + s.dueling() + ", noisy=" + s.noisy() + ", num_atoms=" + s.numAtoms()
                    + "). Leave them at their defaults (false, false, 1), or use algorithm = dqn.");
        }
        if (s.numAtoms() >= 2 && s.numAtoms() <= 10) {
            throw new SettingsException("num_atoms = " + s.numAtoms() + " is too coarse a return distribution: with 2 to "
                    + "10 atoms the projection smears every target over the whole support. Use num_atoms = 1 (expected "
                    + "values) or at least 11 (51 is C51's choice).");
        }
        boolean supportSet = !SettingsCatalog.get("v_min").defaultValue().equals(s.vMin())
                || !SettingsCatalog.get("v_max").defaultValue().equals(s.vMax());
        if (s.numAtoms() == 1 && supportSet) {
            throw new SettingsException("v_min / v_max (" + s.vMin() + ", " + s.vMax() + ") bound the atoms of a "
                    + "distributional head, but num_atoms = 1 learns expected values and would ignore them. Set "
                    + "num_atoms (e.g. 51), or remove v_min and v_max.");
        }
        if (s.numAtoms() > 1 && !(s.vMin() < s.vMax())) {
            throw new SettingsException("v_min " + s.vMin() + " is not below v_max " + s.vMax() + ": the distributional "
                    + "support needs v_min < v_max. Swap them, or widen the range to cover the task's returns "
                    + "(e.g. v_min = -10, v_max = 10).");
        }
    }

    /**
     * Rainbow's replay and optimizer settings (issue 14): a setting that would do nothing is refused rather than
     * silently ignored, so a sweep axis over it cannot produce trials that differ only in name.
     */
    private static void checkReplayAndOptimizer(DqnSettings s) {
        DqnSettings d = DqnSettings.defaults();
        if (s.isTabular()) {
            String dqnOnly = s.nStep() != 1 ? "n_step = " + s.nStep()
                    : s.prioritizedReplay() ? "prioritized_replay = true"
                    : s.usesRmsProp() ? "optimizer = rmsprop" : null;
            if (dqnOnly != null) {
                throw new SettingsException(dqnOnly + " does nothing with algorithm = qtable (tabular Q-learning has no "
                        + "replay memory and no optimizer). Leave it at its default, or use algorithm = dqn.");
            }
        }
        if (!s.prioritizedReplay()) {
            refuseUnused("prioritized_replay_alpha", s.prioritizedReplayAlpha(), d.prioritizedReplayAlpha(),
                    "prioritized_replay = false (uniform replay)", "set prioritized_replay = true");
            refuseUnused("prioritized_replay_beta0", s.prioritizedReplayBeta0(), d.prioritizedReplayBeta0(),
                    "prioritized_replay = false (uniform replay)", "set prioritized_replay = true");
            refuseUnused("prioritized_replay_eps", s.prioritizedReplayEps(), d.prioritizedReplayEps(),
                    "prioritized_replay = false (uniform replay)", "set prioritized_replay = true");
        }
        if (s.usesRmsProp()) {
            refuseUnused("adam_eps", s.adamEps(), d.adamEps(), "optimizer = rmsprop", "use rmsprop_eps, or optimizer = adam");
        } else {
            String why = "optimizer = " + s.optimizer();
            String fix = "set optimizer = rmsprop";
            refuseUnused("rmsprop_alpha", s.rmspropAlpha(), d.rmspropAlpha(), why, fix);
            refuseUnused("rmsprop_eps", s.rmspropEps(), d.rmspropEps(), why, fix);
            refuseUnused("rmsprop_centered", s.rmspropCentered(), d.rmspropCentered(), why, fix);
            refuseUnused("momentum", s.momentum(), d.momentum(), why, fix);
        }
    }

    private static void refuseUnused(String name, Object value, Object defaultValue, String because, String fix) {
        if (!value.equals(defaultValue)) {
            throw new SettingsException(name + " = " + value + " does nothing with " + because + ". Remove it (its "
                    + "default is " + defaultValue + "), or " + fix + ".");
        }
    }

    /**
     * The first env step (0-based, as the agent counts them) past {@code learningStarts} that is a multiple of
     * {@code interval}: when the agent first trains (interval = train_frequency) or updates its target.
     */
    static long firstStepAfter(long learningStarts, long interval) {
        return (learningStarts / interval + 1) * interval;
    }
}
