package dev.qsweep.config;

import static dev.qsweep.config.Setting.ofBoolean;
import static dev.qsweep.config.Setting.ofChoice;
import static dev.qsweep.config.Setting.ofDouble;
import static dev.qsweep.config.Setting.ofInt;
import static dev.qsweep.config.Setting.ofIntList;

import dev.qsweep.config.Setting.Range;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one place where each setting is declared: name, type, default, doc and valid range. */
public final class SettingsCatalog {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Range POSITIVE_INT = new Range(1, true, Integer.MAX_VALUE, true);
    private static final Range NON_NEGATIVE_INT = new Range(0, true, Integer.MAX_VALUE, true);
    private static final Range UNIT_CLOSED = new Range(0, true, 1, true);

    /** All settings in declaration order; the order of {@link DqnSettings}' components. */
    public static final List<Setting> ALL = List.of(
            ofChoice("algorithm", "dqn", List.of("dqn", "qtable"),
                    "dqn: a Q-network trained from replay; qtable: tabular Q-learning (Discrete observations only)"),
            ofDouble("learning_rate", 1e-4, new Range(0, false, 1, true),
                    "Adam step size (dqn) or the Q-table's update rate alpha (qtable)"),
            ofInt("buffer_size", 1_000_000, new Range(1, true, 100_000_000, true),
                    "replay memory capacity in transitions; the oldest are overwritten"),
            ofInt("learning_starts", 100, NON_NEGATIVE_INT,
                    "env steps collected before the first gradient step"),
            ofInt("batch_size", 32, new Range(1, true, 65_536, true),
                    "transitions sampled (uniformly, with replacement) per gradient step"),
            ofDouble("tau", 1.0, new Range(0, false, 1, true),
                    "target update mix: 1 copies the online net (hard update), below 1 is a soft (Polyak) update"),
            ofDouble("gamma", 0.99, UNIT_CLOSED, "discount factor of the TD target"),
            ofInt("train_frequency", 4, POSITIVE_INT, "env steps between training rounds"),
            ofInt("gradient_steps", 1, POSITIVE_INT, "gradient steps per training round"),
            ofInt("target_update_interval", 10_000, POSITIVE_INT, "env steps between target network updates"),
            ofDouble("exploration_fraction", 0.1, UNIT_CLOSED,
                    "fraction of the total steps over which epsilon falls from initial to final"),
            ofDouble("exploration_initial_eps", 1.0, UNIT_CLOSED, "epsilon at step 0"),
            ofDouble("exploration_final_eps", 0.05, UNIT_CLOSED, "epsilon after the exploration fraction"),
            ofDouble("max_grad_norm", 10.0, new Range(0, true, INF, false),
                    "clip the global L2 norm of the gradient to this; 0 turns clipping off"),
            ofChoice("loss", "huber", List.of("mse", "huber"),
                    "TD error loss: mse (squared error) or huber (smooth L1, delta 1)"),
            ofBoolean("double_q", false, "Double DQN: the online net picks the next action, the target net values it"),
            ofIntList("hidden_sizes", List.of(64, 64), new Range(1, true, 65_536, true),
                    "units of each hidden ReLU layer of the Q-network"),
            ofChoice("network", "mlp", List.of("mlp", "nature_cnn", "minatar_cnn"),
                    "Q-network: mlp (hidden_sizes dense layers), nature_cnn (Mnih et al. 2015, for [4][84][84] uint8 "
                            + "frame stacks), minatar_cnn (one 16-filter 3x3 conv and 128 units, for [10][10][C] MinAtar "
                            + "observations); the CNNs ignore hidden_sizes"),
            ofInt("eval_interval", 10_000, POSITIVE_INT, "env steps between evaluations"),
            ofInt("eval_episodes", 10, new Range(0, true, 100_000, true),
                    "episodes per evaluation; 0 turns evaluation off"),
            ofDouble("eval_epsilon", 0.0, UNIT_CLOSED, "epsilon of the evaluation policy (0 = greedy)"),
            ofInt("checkpoint_interval", 25_000, NON_NEGATIVE_INT,
                    "env steps between checkpoints; 0 saves only at the end"),
            ofBoolean("replay_in_checkpoint", true,
                    "save the replay memory in checkpoints; false keeps checkpoints small, and a resumed run refills "
                            + "its replay from scratch (it then no longer matches an uninterrupted run)"),
            // Rainbow's replay and optimizer components (issue 14); each off or at today's value by default.
            ofInt("n_step", 1, new Range(1, true, 100, true),
                    "n-step returns: the TD target sums n discounted rewards, then bootstraps gamma^n max Q from the "
                            + "n-th next state; an episode end inside the n steps cuts the sum (termination does not "
                            + "bootstrap, a time-limit cut does, from the cut state); 1 is one-step DQN"),
            ofBoolean("prioritized_replay", false,
                    "proportional prioritized replay (Schaul et al. 2016) on a sum tree: transitions drawn in "
                            + "proportion to (|TD error| + eps)^alpha, the loss weighted by importance-sampling weights "
                            + "normalised by the batch max; false draws uniformly"),
            ofDouble("prioritized_replay_alpha", 0.6, UNIT_CLOSED,
                    "prioritized replay: exponent of the priorities (0 = uniform)"),
            ofDouble("prioritized_replay_beta0", 0.4, UNIT_CLOSED,
                    "prioritized replay: importance-sampling exponent at step 0, raised linearly to 1 at the run's "
                            + "last step"),
            ofDouble("prioritized_replay_eps", 1e-6, new Range(0, false, INF, false),
                    "prioritized replay: added to |TD error| so that no stored transition has priority 0"),
            ofChoice("optimizer", "adam", List.of("adam", "rmsprop"),
                    "adam (DL4J's Adam, beta 0.9/0.999) or rmsprop (PyTorch's RMSprop arithmetic; its defaults here "
                            + "are those of MinAtar's published DQN, Young & Tian 2019, so that a grid over optimizer "
                            + "compares with it)"),
            ofDouble("adam_eps", 1e-8, new Range(0, false, 1, true),
                    "Adam's epsilon, added to sqrt(v) (PyTorch's default 1e-8); optimizer = adam only"),
            ofDouble("rmsprop_alpha", 0.95, new Range(0, true, 1, false),
                    "RMSprop's smoothing constant of the squared-gradient average (MinAtar's 0.95; PyTorch's "
                            + "default is 0.99); optimizer = rmsprop only"),
            ofDouble("rmsprop_eps", 0.01, new Range(0, false, 1, true),
                    "RMSprop's epsilon, added outside the square root as PyTorch does (MinAtar's 0.01; PyTorch's "
                            + "default is 1e-8); optimizer = rmsprop only"),
            ofBoolean("rmsprop_centered", true,
                    "centred RMSprop: divide by the estimated variance of the gradient instead of its raw second "
                            + "moment (MinAtar's true; PyTorch's default is false); optimizer = rmsprop only"),
            ofDouble("momentum", 0.0, new Range(0, true, 1, false),
                    "RMSprop's momentum (PyTorch's default 0, also MinAtar's); optimizer = rmsprop only"),
            // Rainbow's network-side components (issue 14): the Q-network's head.
            ofBoolean("dueling", false,
                    "dueling head: value and advantage streams, Q = V + A - mean(A) (Wang et al. 2016); with "
                            + "num_atoms > 1 the aggregation is applied atom by atom"),
            ofBoolean("noisy", false,
                    "factorised Gaussian noisy linear layers (Fortunato et al. 2018) for every dense layer after the "
                            + "convolutions (all layers of an MLP); fresh noise for every acting step and, independently "
                            + "for the online and target nets, every gradient step; greedy evaluation uses the mean "
                            + "weights. Exploration epsilon may then be 0"),
            ofDouble("noisy_sigma0", 0.5, new Range(0, false, INF, false),
                    "initial noise scale of the noisy layers: sigma = noisy_sigma0 / sqrt(fan-in)"),
            ofInt("num_atoms", 1, new Range(1, true, 1_001, true),
                    "atoms of the categorical return distribution (C51, Bellemare et al. 2017); 1 learns expected "
                            + "values as plain DQN does, 51 is the paper's choice; 2 to 10 are refused"),
            ofDouble("v_min", -10.0, new Range(-1e9, true, 1e9, true),
                    "lowest atom of the distributional support (needs num_atoms > 1)"),
            ofDouble("v_max", 10.0, new Range(-1e9, true, 1e9, true),
                    "highest atom of the distributional support (needs num_atoms > 1)"));

    /**
     * Settings added after trial ids and checkpoint fingerprints were pinned. At their default they reproduce the
     * behaviour from before they existed, so {@link #identityView} leaves them out there: ids of existing sweeps and
     * checkpoints of existing runs stay valid.
     */
    private static final Set<String> ADDED_AFTER_IDS_WERE_PINNED = Set.of("network", "replay_in_checkpoint",
            "n_step", "prioritized_replay", "prioritized_replay_alpha", "prioritized_replay_beta0",
            "prioritized_replay_eps", "optimizer", "adam_eps", "rmsprop_alpha", "rmsprop_eps", "rmsprop_centered",
            "momentum",
            "dueling", "noisy", "noisy_sigma0", "num_atoms", "v_min", "v_max");

    private static final Map<String, Setting> BY_NAME =
            ALL.stream().collect(Collectors.toMap(Setting::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    private SettingsCatalog() {
    }

    public static Setting get(String name) {
        Setting setting = BY_NAME.get(name);
        if (setting == null) {
            throw new SettingsException("Unknown setting '" + name + "'." + Suggestions.didYouMean(name, BY_NAME.keySet())
                    + " Valid settings: " + String.join(", ", BY_NAME.keySet()) + ".");
        }
        return setting;
    }

    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }

    /**
     * Resolves raw values over the defaults. Every key must be a declared setting and every value valid.
     *
     * @param raw setting name → raw value (String from the command line, or a HOCON-unwrapped value)
     * @throws SettingsException on the first unknown name or invalid value
     */
    public static DqnSettings resolve(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : ALL) {
            values.put(setting.name(), setting.defaultValue());
        }
        raw.forEach((name, value) -> values.put(name, get(name).parse(value)));
        return fromValues(values);
    }

    /** The resolved settings as name → value, in declaration order; what provenance and MLflow params record. */
    public static Map<String, Object> toMap(DqnSettings settings) {
        var components = DqnSettings.class.getRecordComponents();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < ALL.size(); i++) {
            try {
                values.put(ALL.get(i).name(), components[i].getAccessor().invoke(settings));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /**
     * The settings that identify a run (trial ids, checkpoint fingerprints): {@code values} without the settings
     * added after ids were pinned, where those hold their default.
     */
    public static Map<String, Object> identityView(Map<String, Object> values) {
        Map<String, Object> view = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!(ADDED_AFTER_IDS_WERE_PINNED.contains(name) && get(name).defaultValue().equals(value))) {
                view.put(name, value);
            }
        });
        return view;
    }

    @SuppressWarnings("unchecked")
    private static DqnSettings fromValues(Map<String, Object> v) {
        return new DqnSettings(
                (String) v.get("algorithm"),
                (Double) v.get("learning_rate"),
                (Integer) v.get("buffer_size"),
                (Integer) v.get("learning_starts"),
                (Integer) v.get("batch_size"),
                (Double) v.get("tau"),
                (Double) v.get("gamma"),
                (Integer) v.get("train_frequency"),
                (Integer) v.get("gradient_steps"),
                (Integer) v.get("target_update_interval"),
                (Double) v.get("exploration_fraction"),
                (Double) v.get("exploration_initial_eps"),
                (Double) v.get("exploration_final_eps"),
                (Double) v.get("max_grad_norm"),
                (String) v.get("loss"),
                (Boolean) v.get("double_q"),
                (List<Integer>) v.get("hidden_sizes"),
                (String) v.get("network"),
                (Integer) v.get("eval_interval"),
                (Integer) v.get("eval_episodes"),
                (Double) v.get("eval_epsilon"),
                (Integer) v.get("checkpoint_interval"),
                (Boolean) v.get("replay_in_checkpoint"),
                (Integer) v.get("n_step"),
                (Boolean) v.get("prioritized_replay"),
                (Double) v.get("prioritized_replay_alpha"),
                (Double) v.get("prioritized_replay_beta0"),
                (Double) v.get("prioritized_replay_eps"),
                (String) v.get("optimizer"),
                (Double) v.get("adam_eps"),
                (Double) v.get("rmsprop_alpha"),
                (Double) v.get("rmsprop_eps"),
                (Boolean) v.get("rmsprop_centered"),
                (Double) v.get("momentum"),
                (Boolean) v.get("dueling"),
                (Boolean) v.get("noisy"),
                (Double) v.get("noisy_sigma0"),
                (Integer) v.get("num_atoms"),
                (Double) v.get("v_min"),
                (Double) v.get("v_max"));
    }
}
