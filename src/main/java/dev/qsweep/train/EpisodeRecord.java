package dev.qsweep.train;

/**
 * One finished training episode.
 *
 * @param globalStep env steps done when the episode ended (1-based)
 * @param epsilon exploration rate at the episode's last step
 */
public record EpisodeRecord(long episode, long globalStep, double episodeReturn, int length, double epsilon,
                            double wallSeconds) {
}
