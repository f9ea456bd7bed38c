package dev.qsweep.train;

import dev.qsweep.agent.Agent;
import dev.qsweep.agent.Agent.LearnStats;
import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.QTableAgent;
import dev.qsweep.agent.SectionReader;
import dev.qsweep.agent.Schedules;
import dev.qsweep.config.DqnSettings;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.env.Environment;
import dev.qsweep.env.StepResult;
import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Runs one training run: act → step → store → learn → sync, with periodic evaluation and checkpoints. A run resumed
 * from a checkpoint continues bit-identically to one that was never interrupted.
 */
public final class Trainer {
    private static final int PROGRESS_INTERVAL_STEPS = 1_000;
    private static final int STATS_INTERVAL_STEPS = 1_000;
    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

    private final RunSpec spec;
    private final DqnSettings settings;
    private final MetricsSink sink;
    private final CheckpointStore checkpoints;
    private final Checkpoints checkpointFiles;
    private final Supplier<Environment> envFactory;
    private final Environment env;
    private final Agent agent;
    private final NumpyGenerator explorationRng;
    /** The DQN agent's replay-sampling generator (null for a Q-table), so PBT's exploit can give it a new stream. */
    private final NumpyGenerator samplingRng;
    private final RecentReturns recentReturns = new RecentReturns(100);

    // Loop state; all of it goes into checkpoints.
    private long stepsDone;
    private long episodes;
    private double episodeReturn;
    private int episodeLength;
    private float[] observation;
    private LearnStats lastStats;
    private EvalRecord lastEval;
    private EvalRecord bestEval;
    private double wallSecondsBefore;

    public Trainer(RunSpec spec, MetricsSink sink, CheckpointStore checkpoints) {
        this(spec, sink, checkpoints, () -> EnvRegistry.make(spec.envId(), spec.envOptions()));
    }

    /**
     * A trainer on environments from {@code envFactory} instead of the registry (called once for training and once per
     * evaluation); {@code spec.envId()} then only names the run.
     */
    public Trainer(RunSpec spec, MetricsSink sink, CheckpointStore checkpoints, Supplier<Environment> envFactory) {
        this.spec = spec;
        this.envFactory = envFactory;
        this.settings = spec.settings();
        this.sink = sink;
        this.checkpoints = checkpoints;
        this.checkpointFiles = new Checkpoints(checkpoints, message -> LOG.log(System.Logger.Level.WARNING, message));
        this.env = envFactory.get();
        this.explorationRng = new NumpyGenerator(Seeds.derive(spec.seed(), Seeds.Stream.EXPLORATION));
        int numActions = env.actionSpace().n();
        this.samplingRng = settings.isTabular() ? null
                : new NumpyGenerator(Seeds.derive(spec.seed(), Seeds.Stream.REPLAY_SAMPLING));
        this.agent = settings.isTabular()
                ? new QTableAgent(settings, env.observationSpace(), numActions)
                : new DqnAgent(settings, env.observationSpace(), numActions,
                        Seeds.derive(spec.seed(), Seeds.Stream.NETWORK_INIT), samplingRng, spec.totalSteps());
    }

    /** Trains from scratch, or from the newest checkpoint when {@code resume} is set and one exists. */
    public TrainResult run(boolean resume) throws IOException {
        return run(resume, spec.totalSteps());
    }

    /**
     * As {@link #run(boolean)}, but stops at {@code stopAtStep} (at most the run's total), evaluating and
     * checkpointing there, so a later call resumes from it. Every schedule (exploration, learning rate) still follows
     * the run's total steps, so a run trained in pieces is bit-identical to one trained at once; the only extra rows
     * are the evaluation at the stop, which reads the agent without changing it.
     */
    public TrainResult run(boolean resume, long stopAtStep) throws IOException {
        if (stopAtStep < 1 || stopAtStep > spec.totalSteps()) {
            throw new IllegalArgumentException("stopAtStep must be in [1, " + spec.totalSteps() + "], got " + stopAtStep);
        }
        long resumedFrom = 0;
        OptionalLong restored = resume ? checkpointFiles.restoreLatest(this::restore) : OptionalLong.empty();
        if (restored.isPresent()) {
            resumedFrom = stepsDone;
            sink.onResume(stepsDone);
        } else {
            observation = env.reset(spec.seed());
        }
        long startNanos = System.nanoTime();
        long totalSteps = spec.totalSteps();
        double explorationSteps = settings.explorationFraction() * totalSteps;

        while (stepsDone < stopAtStep) {
            double epsilon = Schedules.linear(settings.explorationInitialEps(), settings.explorationFinalEps(),
                    explorationSteps, stepsDone);
            int action = agent.act(observation, epsilon, explorationRng);
            StepResult step = env.step(action);
            LearnStats stats = agent.observe(observation, action, (float) step.reward(), step.observation(),
                    step.terminated(), step.truncated(), stepsDone);
            stepsDone++;
            if (stats != null) {
                if (!stats.isFinite()) {
                    throw new DivergedException(stepsDone, "loss " + stats.loss() + ", mean Q " + stats.meanQ());
                }
                lastStats = stats;
            }

            episodeReturn += step.reward();
            episodeLength++;
            if (step.done()) {
                episodes++;
                recentReturns.add(episodeReturn);
                sink.onEpisode(new EpisodeRecord(episodes, stepsDone, episodeReturn, episodeLength, epsilon,
                        wallSeconds(startNanos)));
                episodeReturn = 0;
                episodeLength = 0;
                observation = env.reset();
            } else {
                observation = step.observation();
            }

            if (settings.evalEpisodes() > 0 && (stepsDone % settings.evalInterval() == 0
                    || stepsDone == stopAtStep)) {
                recordEval(evaluate());
            }
            if (stepsDone % STATS_INTERVAL_STEPS == 0 && lastStats != null) {
                sink.onTrainStats(new TrainStatsRecord(stepsDone, lastStats.loss(), lastStats.meanQ(),
                        (stepsDone - resumedFrom) / secondsSince(startNanos)));
            }
            if (stepsDone % PROGRESS_INTERVAL_STEPS == 0 || stepsDone == stopAtStep) {
                sink.onProgress(new Progress(stepsDone, totalSteps, episodes, recentReturns.mean(),
                        (stepsDone - resumedFrom) / secondsSince(startNanos), wallSeconds(startNanos)));
            }
            boolean checkpointDue = settings.checkpointInterval() > 0 && stepsDone % settings.checkpointInterval() == 0;
            if (checkpointDue || stepsDone == stopAtStep) {
                saveCheckpoint(startNanos);
            }
        }
        double seconds = secondsSince(startNanos);
        return new TrainResult(stepsDone, episodes, wallSeconds(startNanos), (stepsDone - resumedFrom) / seconds,
                lastEval, bestEval, recentReturns.mean(), resumedFrom);
    }

    /**
     * Plays {@code eval_episodes} episodes with the evaluation policy on a separate environment. Its seeds derive from
     * the run seed and the step, so an evaluation is reproducible and needs no state in checkpoints.
     */
    private EvalRecord evaluate() {
        Environment evalEnv = envFactory.get();
        long evalSeed = Seeds.within(Seeds.derive(Seeds.derive(spec.seed(), Seeds.Stream.EVALUATION), stepsDone),
                evalEnv.maxSeed());
        NumpyGenerator evalRng = new NumpyGenerator(evalSeed ^ 0x5DEECE66DL);
        double[] returns = new double[settings.evalEpisodes()];
        for (int e = 0; e < returns.length; e++) {
            float[] obs = e == 0 ? evalEnv.reset(evalSeed) : evalEnv.reset();
            boolean done = false;
            while (!done) {
                StepResult step = evalEnv.step(agent.evaluationAction(obs, settings.evalEpsilon(), evalRng));
                returns[e] += step.reward();
                obs = step.observation();
                done = step.done();
            }
        }
        return EvalStatistics.of(stepsDone, returns);
    }

    private void recordEval(EvalRecord eval) throws IOException {
        lastEval = eval;
        if (bestEval == null || eval.mean() > bestEval.mean()) {
            bestEval = eval;
        }
        sink.onEval(eval);
    }

    /** Sections {@code trainer} (loop state), {@code rng.exploration}, {@code env}, then the agent's. */
    private void saveCheckpoint(long startNanos) throws IOException {
        sink.onCheckpoint(stepsDone);
        double wallSeconds = wallSeconds(startNanos);
        checkpointFiles.save(stepsDone, sections -> {
            sections.write("trainer", 1, out -> {
                out.writeUTF(spec.fingerprint());
                out.writeLong(stepsDone);
                out.writeLong(episodes);
                out.writeDouble(episodeReturn);
                out.writeInt(episodeLength);
                writeFloats(out, observation);
                out.writeDouble(wallSeconds);
                recentReturns.write(out);
                writeEval(out, lastEval);
                writeEval(out, bestEval);
                out.writeBoolean(lastStats != null);
                if (lastStats != null) {
                    out.writeDouble(lastStats.loss());
                    out.writeDouble(lastStats.meanQ());
                }
            });
            sections.write("rng.exploration", 1, explorationRng::writeState);
            sections.write("env", 1, env::writeState);
            agent.writeState(sections);
        });
    }

    /**
     * PBT's exploit, and the only way to resume another run's checkpoint: takes everything from the newest checkpoint
     * in {@code donor} (network, optimizer state, replay, env, step and episode counters) but this trainer's settings,
     * sets the restored network's learning rate to them, restarts the exploration and replay-sampling generators from
     * {@code streamSeed}, and saves the result as this run's checkpoint at the donor's step. The donor must be the
     * same env, seed and steps; only settings may differ, and the caller must allow only those that can change
     * mid-run (the pbt scheduler's mutable settings).
     */
    public void adoptCheckpoint(CheckpointStore donor, long streamSeed) throws IOException {
        Checkpoints donorFiles = new Checkpoints(donor, message -> LOG.log(System.Logger.Level.WARNING, message));
        if (donorFiles.restoreLatest(sections -> restore(sections, false)).isEmpty()) {
            throw new IOException("the PBT donor has no checkpoint in " + donor.location());
        }
        if (agent instanceof DqnAgent dqn) {
            dqn.onlineNetwork().useLearningRate(settings.learningRate());
            dqn.targetNetwork().useLearningRate(settings.learningRate());
            restart(samplingRng, Seeds.derive(streamSeed, Seeds.Stream.REPLAY_SAMPLING));
            dqn.replay().markAllChanged(); // its chunk files are the donor's: this run's checkpoint writes its own
        }
        restart(explorationRng, Seeds.derive(streamSeed, Seeds.Stream.EXPLORATION));
        saveCheckpoint(System.nanoTime());
    }

    private static void restart(NumpyGenerator generator, long seed) throws IOException {
        java.io.ByteArrayOutputStream state = new java.io.ByteArrayOutputStream();
        new NumpyGenerator(seed).writeState(new DataOutputStream(state));
        generator.readState(new DataInputStream(new java.io.ByteArrayInputStream(state.toByteArray())));
    }

    private void restore(SectionReader sections) throws IOException {
        restore(sections, true);
    }

    /**
     * Restores every part of the state (the trainer section first: a checkpoint of another run is refused).
     * {@code sameSettings} false: settings may differ from the checkpoint's (PBT), the run must not.
     */
    private void restore(SectionReader sections, boolean sameSettings) throws IOException {
        sections.read("trainer", 1, in -> {
            String fingerprint = in.readUTF();
            String run = spec.fingerprint().substring(0, spec.fingerprint().indexOf(" settings="));
            if (sameSettings ? !fingerprint.equals(spec.fingerprint()) : !fingerprint.startsWith(run + " settings=")) {
                throw new CheckpointMismatchException("the checkpoint in " + checkpoints.location() + " belongs to a different run:\n  saved: "
                        + fingerprint + "\n  asked: " + spec.fingerprint()
                        + "\nUse the same env, seed, steps and settings, or another output directory.");
            }
            stepsDone = in.readLong();
            episodes = in.readLong();
            episodeReturn = in.readDouble();
            episodeLength = in.readInt();
            observation = readFloats(in);
            wallSecondsBefore = in.readDouble();
            recentReturns.read(in);
            lastEval = readEval(in);
            bestEval = readEval(in);
            lastStats = in.readBoolean() ? new LearnStats(in.readDouble(), in.readDouble()) : null;
        });
        sections.read("rng.exploration", 1, explorationRng::readState);
        sections.read("env", 1, env::readState);
        agent.readState(sections);
    }

    public Agent agent() {
        return agent;
    }

    private double wallSeconds(long startNanos) {
        return wallSecondsBefore + secondsSince(startNanos);
    }

    private static double secondsSince(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static void writeEval(DataOutputStream out, EvalRecord eval) throws IOException {
        out.writeBoolean(eval != null);
        if (eval != null) {
            out.writeLong(eval.globalStep());
            out.writeDouble(eval.mean());
            out.writeDouble(eval.std());
            out.writeDouble(eval.min());
            out.writeDouble(eval.max());
            out.writeInt(eval.episodes());
        }
    }

    private static EvalRecord readEval(DataInputStream in) throws IOException {
        return in.readBoolean()
                ? new EvalRecord(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt())
                : null;
    }
}
