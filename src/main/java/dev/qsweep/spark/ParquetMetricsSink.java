package dev.qsweep.spark;

import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import dev.qsweep.train.MetricsSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trial's episode and eval rows as Parquet segments, one per checkpoint interval: {@code seg-<from>-<to>.parquet}
 * holds the rows of env steps (from, to]. Rows wait in memory until the trainer announces a checkpoint, then are
 * written before the checkpoint is saved. On resume from step s, segments ending after s are deleted — they belong to
 * a checkpoint that was never saved — so the resumed run rewrites those rows and none is ever duplicated.
 */
public final class ParquetMetricsSink implements MetricsSink {
    /** A segment's file name; groups 1 and 2 are the steps its rows come after and go up to. */
    static final Pattern SEGMENT = Pattern.compile("seg-(\\d{12})-(\\d{12})\\.parquet");

    private final FileSystem fs;
    private final Configuration conf;
    private final Path episodesDir;
    private final Path evalsDir;
    private final List<EpisodeRecord> episodes = new ArrayList<>();
    private final List<EvalRecord> evals = new ArrayList<>();
    private final AttemptFence fence;
    private long committedStep;

    /** Opens the sink for a run that starts at {@code startStep} (its checkpoint, or 0), discarding rows past it. */
    public ParquetMetricsSink(FileSystem fs, Configuration conf, SweepLayout layout, String trialId, long startStep)
            throws IOException {
        this(fs, conf, layout, trialId, startStep, AttemptFence.NONE);
    }

    /** As above, writing and deleting segments only while {@code fence} says this attempt owns the trial. */
    ParquetMetricsSink(FileSystem fs, Configuration conf, SweepLayout layout, String trialId, long startStep,
                       AttemptFence fence) throws IOException {
        this.fs = fs;
        this.fence = fence;
        this.conf = conf;
        this.episodesDir = layout.partition(SweepLayout.EPISODES, trialId);
        this.evalsDir = layout.partition(SweepLayout.EVALS, trialId);
        onResume(startStep);
    }

    @Override
    public void onResume(long checkpointStep) throws IOException {
        discardAfter(episodesDir, checkpointStep);
        discardAfter(evalsDir, checkpointStep);
        episodes.clear();
        evals.clear();
        committedStep = checkpointStep;
    }

    @Override
    public void onEpisode(EpisodeRecord episode) {
        episodes.add(episode);
    }

    @Override
    public void onEval(EvalRecord eval) {
        evals.add(eval);
    }

    @Override
    public void onCheckpoint(long globalStep) throws IOException {
        String name = String.format("seg-%012d-%012d.parquet", committedStep, globalStep);
        if (!episodes.isEmpty()) {
            fence.check("writing episodes segment " + name);
            ParquetFiles.write(fs, conf, new Path(episodesDir, name), TableSchemas.EPISODES, episodes,
                    TableSchemas.writer(EpisodeRecord.SCHEMA));
        }
        if (!evals.isEmpty()) {
            fence.check("writing evals segment " + name);
            ParquetFiles.write(fs, conf, new Path(evalsDir, name), TableSchemas.EVALS, evals,
                    TableSchemas.writer(EvalRecord.SCHEMA));
        }
        episodes.clear();
        evals.clear();
        committedStep = globalStep;
    }

    /** Deletes segments that end after {@code step}, and temporary files a crashed writer left behind. */
    private void discardAfter(Path directory, long step) throws IOException {
        if (!fs.exists(directory)) {
            return;
        }
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            Matcher segment = SEGMENT.matcher(name);
            boolean stale = segment.matches() ? Long.parseLong(segment.group(2)) > step : name.endsWith(".tmp");
            if (stale) {
                fence.check("deleting " + status.getPath());
                fs.delete(status.getPath(), false);
            }
        }
    }
}
