package dev.qsweep.agent;

import dev.qsweep.agent.rainbow.CategoricalProjection;
import dev.qsweep.agent.rainbow.FlatRmsProp;
import dev.qsweep.config.DqnSettings;
import dev.qsweep.env.Space;
import dev.qsweep.agent.rainbow.StandardNormals;
import dev.qsweep.rng.NumpyGenerator;
import dev.qsweep.rng.Pcg64;
import dev.qsweep.rng.SeedSequence;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Deep Q-Network agent: an online Q-network trained on minibatches from replay, against TD targets from a target
 * network that follows the online one every {@code target_update_interval} steps (hard copy, or Polyak with tau).
 */
public final class DqnAgent implements Agent {
    private final DqnSettings settings;
    private final ObservationEncoder encoder;
    private final int numActions;
    private QNetwork online;
    private QNetwork target;
    private final Replay replay;
    private final ReplaySampler sampler;
    /** The online net's RMSprop state with optimizer = rmsprop (null with Adam, whose state lives in the net). */
    private final FlatRmsProp rmsProp;
    private final NumpyGenerator samplingRng;
    /** After a resume without replay (replay_in_checkpoint=false) learning waits until it holds learning_starts again. */
    private int replayNeededToLearn = 1;

    // Reused buffers: the update allocates nothing per step.
    private final ReplayMemory.Batch batch;
    private final float[] encodedObservations;
    private final float[] encodedNextObservations;
    private final float[] targetNextQ;
    private final float[] onlineNextQ;
    private final float[] tdTargets;
    private final float[] takenQ; // prioritized replay: Q(s_i, a_i) before the step, for the TD errors
    private final float[] tdErrors;
    private long step;
    // A distributional head's targets: next-state logits, the next action's selection Q, discounts, projected targets.
    private final float[] targetNextLogits;
    private final float[] selectionQ;
    private final float[] discounts;
    private final float[] targetDistributions;
    /**
     * Noisy nets: the standard normals of every noise draw (null without), from the network seed's first spawned
     * SeedSequence child, so it never shares draws with the initialisation. Checkpointed (section agent.noise).
     */
    private final StandardNormals noiseNormals;

    /** An agent for a run of unknown length: prioritized replay's β is 1 from the start. */
    public DqnAgent(DqnSettings settings, Space observationSpace, int numActions, long networkSeed, NumpyGenerator samplingRng) {
        this(settings, observationSpace, numActions, networkSeed, samplingRng, 0);
    }

    /** @param totalSteps the run's env steps, over which prioritized replay's β rises from β0 to 1 */
    public DqnAgent(DqnSettings settings, Space observationSpace, int numActions, long networkSeed, NumpyGenerator samplingRng,
                    long totalSteps) {
        this.settings = settings;
        QNetworkArchitecture architecture = ObservationEncoder.architectureFor(settings.network(),
                settings.hiddenSizesArray(), observationSpace);
        this.encoder = new ObservationEncoder(observationSpace, architecture);
        this.numActions = numActions;
        QNetworkHead head = new QNetworkHead(settings.dueling(), settings.numAtoms(), settings.vMin(), settings.vMax(),
                settings.noisy(), settings.noisySigma0());
        QNetworkSpec spec = new QNetworkSpec(architecture, numActions, settings.learningRate(),
                Loss.valueOf(settings.loss().toUpperCase()), settings.maxGradNorm(), settings.adamEps(), head);
        this.replay = Replay.forObservationSpace(observationSpace, settings.bufferSize());
        this.online = QNetwork.create(spec, networkSeed);
        this.target = QNetwork.create(spec, networkSeed);
        this.target.copyParametersFrom(online);
        this.rmsProp = settings.usesRmsProp()
                ? new FlatRmsProp(Math.toIntExact(online.parameterCount()), settings.rmspropAlpha(), settings.rmspropEps(),
                        settings.momentum(), settings.rmspropCentered())
                : null;
        if (rmsProp != null) online.useRmsProp(rmsProp);
        this.sampler = new ReplaySampler(replay.capacity(), settings.nStep(), settings.gamma(), settings.prioritizedReplay(),
                settings.prioritizedReplayAlpha(), settings.prioritizedReplayBeta0(), settings.prioritizedReplayEps(),
                totalSteps);
        this.samplingRng = samplingRng;
        int batchSize = settings.batchSize();
        this.batch = new ReplayMemory.Batch(batchSize, encoder.rawSize());
        this.encodedObservations = new float[batchSize * encoder.encodedSize()];
        this.encodedNextObservations = new float[batchSize * encoder.encodedSize()];
        this.targetNextQ = new float[batchSize * numActions];
        this.onlineNextQ = settings.doubleQ() ? new float[batchSize * numActions] : null;
        this.tdTargets = new float[batchSize];
        this.takenQ = settings.prioritizedReplay() ? new float[batchSize * numActions] : null;
        this.tdErrors = settings.prioritizedReplay() ? new float[batchSize] : null;
        int atoms = settings.numAtoms();
        boolean distributional = settings.isDistributional();
        this.targetNextLogits = distributional ? new float[batchSize * numActions * atoms] : null;
        this.selectionQ = distributional ? new float[batchSize * numActions] : null;
        this.discounts = distributional ? new float[batchSize] : null;
        this.targetDistributions = distributional ? new float[batchSize * atoms] : null;
        this.noiseNormals = settings.noisy()
                ? new StandardNormals(new NumpyGenerator(new Pcg64(new SeedSequence(BigInteger.valueOf(networkSeed), new long[] {0}))))
                : null;
    }

    /**
     * Noise policy of noisy nets (Fortunato et al.; Hessel et al.; Dopamine): every acting step draws fresh noise
     * for the online net, even when epsilon then picks a random action, so the draws do not depend on the uniform
     * draw; each gradient step draws fresh noise for the online net and, independently, for the target net
     * ({@link #learnFromReplay}); greedy evaluation uses the mean weights ({@link #evaluationAction}).
     */
    @Override
    public int act(float[] observation, double epsilon, NumpyGenerator rng) {
        if (noiseNormals != null) online.resampleNoise(noiseNormals);
        return Agent.epsilonGreedy(this, observation, epsilon, numActions, rng);
    }

    /** The evaluation policy; a noisy net evaluates with its mean weights (ε = 0), and draws no noise. */
    @Override
    public int evaluationAction(float[] observation, double epsilon, NumpyGenerator rng) {
        if (noiseNormals != null) online.useMeanWeights();
        return Agent.epsilonGreedy(this, observation, epsilon, numActions, rng);
    }

    @Override
    public int greedyAction(float[] observation) {
        return online.greedyAction(encoder.encode(observation));
    }

    /** CleanRL's order: store, then (past learning_starts) learn every train_frequency steps, sync the target. */
    @Override
    public LearnStats observe(float[] observation, int action, float reward, float[] nextObservation, boolean terminated,
                              boolean truncated, long globalStep) {
        sampler.add(replay, observation, action, reward, nextObservation, terminated, terminated || truncated);
        step = globalStep;
        if (globalStep <= settings.learningStarts() || replay.size() < replayNeededToLearn || !sampler.canSample(replay)) {
            return null;
        }
        LearnStats stats = null;
        if (globalStep % settings.trainFrequency() == 0) {
            for (int g = 0; g < settings.gradientSteps(); g++) {
                stats = learnFromReplay();
            }
        }
        if (globalStep % settings.targetUpdateInterval() == 0) {
            updateTarget();
        }
        return stats;
    }

    /**
     * One gradient step on a minibatch drawn uniformly or by priority, against one-step or n-step targets
     * {@code R + γ^m · max_a Q'(s_{t+m}, a)} ({@link TdTargets} with the window's discount γ^m).
     */
    LearnStats learnFromReplay() {
        if (noiseNormals != null) {
            // One online draw for this step's forward passes and its gradient, then an independent target draw.
            online.resampleNoise(noiseNormals);
            target.resampleNoise(noiseNormals);
        }
        sampler.sample(replay, samplingRng, batch, step);
        int n = batch.size();
        encoder.encode(batch.observations(), n, encodedObservations);
        encoder.encode(batch.nextObservations(), n, encodedNextObservations);
        if (settings.isDistributional()) {
            return learnDistributional(n);
        }

        target.qValuesBatch(encodedNextObservations, n, targetNextQ);
        if (settings.doubleQ()) {
            online.qValuesBatch(encodedNextObservations, n, onlineNextQ);
        }
        for (int i = 0; i < n; i++) {
            int offset = i * numActions;
            tdTargets[i] = settings.doubleQ()
                    ? TdTargets.doubleDqn(batch.rewards()[i], batch.terminated()[i], batch.discounts()[i], targetNextQ, onlineNextQ, offset, numActions)
                    : TdTargets.dqn(batch.rewards()[i], batch.terminated()[i], batch.discounts()[i], targetNextQ, offset, numActions);
        }
        if (!sampler.prioritized()) {
            TrainStats stats = online.train(encodedObservations, batch.actions(), tdTargets, n);
            return new LearnStats(stats.loss(), stats.meanQ());
        }
        online.qValuesBatch(encodedObservations, n, takenQ);
        for (int i = 0; i < n; i++) {
            tdErrors[i] = tdTargets[i] - takenQ[i * numActions + batch.actions()[i]];
        }
        TrainStats stats = online.train(encodedObservations, batch.actions(), tdTargets, batch.weights(), n);
        sampler.updatePriorities(batch, tdErrors);
        return new LearnStats(stats.loss(), stats.meanQ());
    }

    /**
     * C51's step: the next action is the argmax of the online net's Q (double_q) or of the target net's means; the
     * target net's distribution for it, shifted by r and γ (nothing of it when terminated), projected onto the support
     * ({@link CategoricalProjection#targets}), is what the online net's taken-action distribution is trained towards.
     */
    private LearnStats learnDistributional(int n) {
        QNetworkHead head = online.spec().head();
        target.logitsBatch(encodedNextObservations, n, targetNextLogits);
        if (settings.doubleQ()) {
            online.qValuesBatch(encodedNextObservations, n, selectionQ);
        } else {
            CategoricalProjection.qValues(targetNextLogits, n, numActions, head.support(), selectionQ);
        }
        for (int i = 0; i < n; i++) {
            // γ^m of an n-step window (γ when n_step = 1); nothing of the next state when the episode terminated.
            discounts[i] = batch.terminated()[i] ? 0f : (float) batch.discounts()[i];
        }
        CategoricalProjection.targets(targetNextLogits, selectionQ, batch.rewards(), discounts, n, numActions,
                head.vMin(), head.vMax(), head.numAtoms(), targetDistributions);
        if (!sampler.prioritized()) {
            TrainStats stats = online.train(encodedObservations, batch.actions(), targetDistributions, n);
            return new LearnStats(stats.loss(), stats.meanQ());
        }
        // Rainbow's priority for a distributional head: each sample's cross-entropy loss.
        TrainStats stats = online.train(encodedObservations, batch.actions(), targetDistributions, batch.weights(), n,
                tdErrors);
        sampler.updatePriorities(batch, tdErrors);
        return new LearnStats(stats.loss(), stats.meanQ());
    }

    void updateTarget() {
        if (settings.tau() >= 1.0) {
            target.copyParametersFrom(online);
        } else {
            target.softUpdateFrom(online, settings.tau());
        }
    }

    public QNetwork onlineNetwork() {
        return online;
    }

    public QNetwork targetNetwork() {
        return target;
    }

    public Replay replay() {
        return replay;
    }

    /**
     * Sections {@code agent.online} and {@code agent.target} (each network with its Adam state, streamed), the
     * replay (only the chunks changed since the previous checkpoint) when {@code replay_in_checkpoint} is on, the
     * sampling generator, and with noisy nets {@code agent.noise} (the normals' generator and both nets' noise).
     */
    @Override
    public void writeState(SectionWriter out) throws IOException {
        out.write("agent.online", 1, online::write);
        out.write("agent.target", 1, target::write);
        if (settings.replayInCheckpoint()) {
            out.writeChunked("replay", 1, replay);
        }
        out.write("agent.sampling_rng", 1, samplingRng::writeState);
        if (settings.prioritizedReplay() && settings.replayInCheckpoint()) {
            out.write("agent.priorities", 1, sampler::writeState);
        }
        if (rmsProp != null) {
            out.write("agent.rmsprop", 1, rmsProp::writeState);
        }
        if (noiseNormals != null) {
            out.write("agent.noise", 1, data -> {
                noiseNormals.writeState(data);
                online.writeNoise(data);
                target.writeNoise(data);
            });
        }
    }

    @Override
    public void readState(SectionReader in) throws IOException {
        QNetwork[] networks = new QNetwork[2];
        in.read("agent.online", 1, data -> networks[0] = QNetwork.read(data));
        in.read("agent.target", 1, data -> networks[1] = QNetwork.read(data));
        online = networks[0];
        target = networks[1];
        if (rmsProp != null) {
            in.read("agent.rmsprop", 1, rmsProp::readState);
            online.useRmsProp(rmsProp);
        }
        if (settings.replayInCheckpoint()) {
            in.readChunked("replay", 1, replay);
        } else {
            replay.clear();
            sampler.clear();
            replayNeededToLearn = Math.max(1, settings.learningStarts());
        }
        in.read("agent.sampling_rng", 1, samplingRng::readState);
        if (settings.prioritizedReplay() && settings.replayInCheckpoint()) {
            in.read("agent.priorities", 1, sampler::readState);
        }
        if (noiseNormals != null) {
            in.read("agent.noise", 1, data -> {
                noiseNormals.readState(data);
                online.readNoise(data);
                target.readNoise(data);
            });
        }
    }
}
