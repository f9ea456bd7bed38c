package dev.qsweep.spark;

import dev.qsweep.train.EpisodeRecord;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Episode rows as comparable text lines (episode, global step, return, length, epsilon — every column but the wall
 * time), from the trainer's callbacks or from a sweep's episodes table.
 */
final class EpisodeLines {
    private EpisodeLines() {
    }

    static String of(EpisodeRecord e) {
        return e.episode() + " " + e.globalStep() + " " + e.episodeReturn() + " " + e.length() + " " + e.epsilon();
    }

    /** One trial's rows of the registered {@code episodes} view, in episode order. */
    static List<String> fromTable(SparkSession spark, String trialId) {
        return spark.sql("SELECT episode, global_step, `return`, length, epsilon FROM episodes WHERE trial_id = '"
                        + trialId + "' ORDER BY episode").collectAsList().stream()
                .map(r -> r.getLong(0) + " " + r.getLong(1) + " " + r.getDouble(2) + " " + r.getInt(3) + " " + r.getDouble(4))
                .toList();
    }
}
