package dev.qsweep.env.toytext;

import dev.qsweep.rng.NumpyGenerator;
import java.util.List;

/** Gymnasium's {@code categorical_sample}: first index whose running sum exceeds one {@code random()} draw. */
final class CategoricalSampler {

    private CategoricalSampler() {
    }

    static int sample(double[] probabilities, NumpyGenerator rng) {
        double threshold = rng.random();
        double cumulative = 0.0;
        for (int i = 0; i < probabilities.length; i++) {
            cumulative += probabilities[i];
            if (cumulative > threshold) {
                return i;
            }
        }
        return 0; // np.argmax of an all-false array
    }

    static Transition sample(List<Transition> transitions, NumpyGenerator rng) {
        double[] probabilities = new double[transitions.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = transitions.get(i).probability();
        }
        return transitions.get(sample(probabilities, rng));
    }
}
