package dev.qsweep.spark;

import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialOutcome;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.TrialStatus;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Writes a synthetic finished sweep of 10,000 trials (5 envs × 200 configurations × 10 seeds) with the real writers
 * (trials rows, episode and evaluation segments, one partition per trial), for timing {@code qsweep report} on it:
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) dev.qsweep.spark.ReportBench file:/tmp/bench
 * time bin/qsweep report file:/tmp/bench/synthetic-10k --master 'local[2]'
 * </pre>
 * Scores are made up (a configuration effect per env plus seeded noise); only the shape and size are real.
 */
public final class ReportBench {
    static final String SWEEP = """
            name = synthetic-10k
            envs = [ { env = CartPole-v1 }, { env = Acrobot-v1 }, { env = MountainCar-v0 }, { env = FrozenLake-v1 },
                     { env = Taxi-v4 } ]
            preset = cartpole-cleanrl
            grid {
              learning_rate = [1e-4, 2e-4, 3e-4, 5e-4, 7e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2]
              batch_size = [16, 32, 48, 64, 96, 128, 160, 192, 224, 256]
              gamma = [0.98, 0.99]
            }
            seeds = 10
            steps = 10000
            output = "%s"
            """;
    static final int EVALS_PER_TRIAL = 10;
    static final int EPISODES_PER_TRIAL = 20;

    private ReportBench() {
    }

    public static void main(String[] args) throws IOException {
        String output = args.length > 0 ? args[0] : "file:/tmp/qsweep-report-bench";
        SweepPlan plan = TrialExpansion.expand(SweepFiles.parse(SWEEP.formatted(output), "ReportBench"));
        Configuration conf = new Configuration();
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), conf);
        FileSystem fs = layout.rootPath().getFileSystem(conf);
        long start = System.nanoTime();
        for (TrialSpec trial : plan.trials()) {
            SplittableRandom noise = new SplittableRandom(trial.index());
            double effect = 100 * Math.log10((Double) trial.settings().get("learning_rate") * 1e4)
                    + 0.2 * (Integer) trial.settings().get("batch_size") + trial.envId().length();
            double last = 0;
            try (ParquetMetricsSink sink = new ParquetMetricsSink(fs, conf, layout, trial.trialId(), 0)) {
                for (int e = 1; e <= EPISODES_PER_TRIAL; e++) {
                    long step = e * trial.steps() / EPISODES_PER_TRIAL;
                    sink.onEpisode(new EpisodeRecord(e, step, effect * e / EPISODES_PER_TRIAL + 20 * noise.nextGaussian(),
                            (int) (trial.steps() / EPISODES_PER_TRIAL), 0.05, e));
                }
                for (int v = 1; v <= EVALS_PER_TRIAL; v++) {
                    last = effect * v / EVALS_PER_TRIAL + 25 * noise.nextGaussian();
                    sink.onEval(new EvalRecord(v * trial.steps() / EVALS_PER_TRIAL, last, 5, last - 10, last + 10, 10));
                }
                sink.onCheckpoint(trial.steps());
            }
            TrialRows.write(fs, conf, layout, trial, new TrialOutcome(trial.trialId(), TrialStatus.DONE, null,
                    trial.steps(), EPISODES_PER_TRIAL, last, 5, last, trial.steps(), 60, trial.steps() / 60.0,
                    layout.checkpoints(trial.trialId()).toString(), 1, 0, false));
        }
        System.out.printf("wrote %,d trials (%s) to %s in %.1f s%n", plan.trials().size(), plan.describe(),
                layout.root(), (System.nanoTime() - start) / 1e9);
    }
}
