package dev.qsweep.config;

import java.util.List;
import java.util.Map;

/**
 * Every hyperparameter of a training run, resolved and validated. Names, meanings and defaults are declared once, in
 * {@link SettingsCatalog}; this record is the typed view the trainer reads.
 */
public record DqnSettings(
        String algorithm,
        double learningRate,
        int bufferSize,
        int learningStarts,
        int batchSize,
        double tau,
        double gamma,
        int trainFrequency,
        int gradientSteps,
        int targetUpdateInterval,
        double explorationFraction,
        double explorationInitialEps,
        double explorationFinalEps,
        double maxGradNorm,
        String loss,
        boolean doubleQ,
        List<Integer> hiddenSizes,
        String network,
        int evalInterval,
        int evalEpisodes,
        double evalEpsilon,
        int checkpointInterval,
        boolean replayInCheckpoint,
        int nStep,
        boolean prioritizedReplay,
        double prioritizedReplayAlpha,
        double prioritizedReplayBeta0,
        double prioritizedReplayEps,
        String optimizer,
        double adamEps,
        double rmspropAlpha,
        double rmspropEps,
        boolean rmspropCentered,
        double momentum,
        boolean dueling,
        boolean noisy,
        double noisySigma0,
        int numAtoms,
        double vMin,
        double vMax) {

    public DqnSettings {
        hiddenSizes = List.copyOf(hiddenSizes);
    }

    /** The catalog defaults, with nothing overridden. */
    public static DqnSettings defaults() {
        return SettingsCatalog.resolve(Map.of());
    }

    public boolean isTabular() {
        return "qtable".equals(algorithm);
    }

    public boolean usesRmsProp() {
        return "rmsprop".equals(optimizer);
    }

    /** True when the Q-network's head learns a categorical return distribution (C51) instead of expected values. */
    public boolean isDistributional() {
        return numAtoms > 1;
    }

    public int[] hiddenSizesArray() {
        return hiddenSizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
