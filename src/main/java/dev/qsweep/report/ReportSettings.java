package dev.qsweep.report;

import dev.qsweep.config.SettingsException;
import java.util.List;
import java.util.Locale;

/**
 * What {@code qsweep report} computes, validated.
 *
 * @param groupBy           settings that make a group; empty: every setting that varies within an env (never the seed)
 * @param score             the per-trial score
 * @param lastEpisodes      N for {@link Score#LAST_EPISODES}
 * @param normalization     how scores are scaled before aggregating over envs
 * @param resamples         bootstrap resamples
 * @param seed              bootstrap seed: the same seed gives the same intervals
 * @param confidence        interval level, e.g. 0.95
 * @param comparedGroups    how many groups (the best by IQM) get pairwise probabilities of improvement, profiles and
 *                          curves; the number of pairs grows as its square
 */
public record ReportSettings(List<String> groupBy, Score score, int lastEpisodes, Normalization normalization,
                             int resamples, long seed, double confidence, int comparedGroups) {
    public static final int DEFAULT_RESAMPLES = 2_000;
    public static final int DEFAULT_COMPARED_GROUPS = 10;

    public ReportSettings {
        groupBy = List.copyOf(groupBy);
        if (resamples < 100 || resamples > 1_000_000) {
            throw new SettingsException("--resamples: " + resamples + " is out of range; give 100 to 1,000,000 "
                    + "(rliable uses 2,000 to 50,000).");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new SettingsException("--confidence: " + confidence + " is not a level in (0.5, 1); give e.g. 0.95.");
        }
        if (lastEpisodes < 1) {
            throw new SettingsException("--last-episodes: " + lastEpisodes + " must be at least 1, e.g. 100.");
        }
        if (comparedGroups < 2 || comparedGroups > 100) {
            throw new SettingsException("--compare: " + comparedGroups + " is out of range; give 2 to 100 groups "
                    + "(pairs grow as its square).");
        }
    }

    /** The per-trial score aggregated over runs and tasks. */
    public enum Score {
        /** The trial's last evaluation mean return. */
        FINAL_EVAL,
        /** The trial's best evaluation mean return. */
        BEST_EVAL,
        /** The mean return of the trial's last N training episodes. */
        LAST_EPISODES,
        /** Area under the evaluation curve divided by the steps it spans: the mean evaluation return over training. */
        EVAL_AUC;

        public String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Score parse(String text) {
            for (Score score : values()) {
                if (score.optionName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return score;
                }
            }
            throw new SettingsException("--score: unknown score '" + text + "'. Valid: final_eval (default), best_eval, "
                    + "last_episodes (with --last-episodes N), eval_auc.");
        }
    }

    /** How a score is scaled per env before aggregating. */
    public enum Normalization {
        NONE,
        /** (score − random) / (reference − random): the random policy's mean from the baselines table, the reference from conf/. */
        REFERENCE;

        public static Normalization parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "reference" -> REFERENCE;
                default -> throw new SettingsException("--normalize: unknown normalisation '" + text + "'. Valid: none "
                        + "(raw returns), reference ((score - random) / (reference - random); needs `qsweep baseline` "
                        + "and conf/reference-scores.conf).");
            };
        }
    }

    /** The {@code metric} column: what was aggregated, e.g. {@code final_eval} or {@code last_100_episodes_normalized}. */
    public String metricName() {
        String base = score == Score.LAST_EPISODES ? "last_" + lastEpisodes + "_episodes" : score.optionName();
        return normalization == Normalization.REFERENCE ? base + "_normalized" : base;
    }
}
