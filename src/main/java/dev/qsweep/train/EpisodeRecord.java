package dev.qsweep.train;

import static dev.qsweep.train.Column.Type.DOUBLE;
import static dev.qsweep.train.Column.Type.INT32;
import static dev.qsweep.train.Column.Type.INT64;

import java.util.List;

/**
 * One finished training episode.
 *
 * @param globalStep env steps done when the episode ended (1-based)
 * @param epsilon exploration rate at the episode's last step
 */
public record EpisodeRecord(long episode, long globalStep, double episodeReturn, int length, double epsilon,
                            double wallSeconds) {

    /** The columns of the {@code episodes} table and {@code episodes.csv}, declared once. */
    public static final RowSchema<EpisodeRecord> SCHEMA = new RowSchema<>("episodes",
            "One row per finished training episode.", List.of(
            Column.of("episode", INT64, "", "the episode's number in its trial, from 1", EpisodeRecord::episode),
            Column.of("global_step", INT64, "env steps", "env steps done when the episode ended, from 1",
                    EpisodeRecord::globalStep),
            Column.of("return", DOUBLE, "reward", "the sum of the episode's rewards, undiscounted, as the environment "
                    + "with its preprocessing gives them (Atari with clip_reward or episodic_life: the clipped sum of "
                    + "one life, not the game score)", EpisodeRecord::episodeReturn),
            Column.of("length", INT32, "env steps", "the episode's length", EpisodeRecord::length),
            Column.of("epsilon", DOUBLE, "probability", "the exploration rate at the episode's last step",
                    EpisodeRecord::epsilon),
            Column.of("wall_seconds", DOUBLE, "seconds", "training time of the trial when the episode ended, summed "
                    + "over the attempts that led here (a resumed run continues its checkpoint's count)",
                    EpisodeRecord::wallSeconds)));
}
