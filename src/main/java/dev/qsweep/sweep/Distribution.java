package dev.qsweep.sweep;

import java.util.List;

/** How random search draws one setting. Values are already checked against the setting's type and range. */
public sealed interface Distribution {

    /** Draws one raw value (Double, Long, or one of the choices) for {@link dev.qsweep.config.Setting#parse}. */
    Object sample(SplitMix64 rng);

    /** One of the listed values, each equally likely. */
    record Choice(List<Object> values) implements Distribution {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public Object sample(SplitMix64 rng) {
            return values.get((int) rng.nextLong(values.size()));
        }
    }

    /** Uniform on [low, high). */
    record Uniform(double low, double high) implements Distribution {
        @Override
        public Object sample(SplitMix64 rng) {
            return low + (high - low) * rng.nextDouble();
        }
    }

    /** Uniform in log space on [low, high): for step sizes, where 1e-4 and 1e-3 deserve equal attention. */
    record LogUniform(double low, double high) implements Distribution {
        @Override
        public Object sample(SplitMix64 rng) {
            return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * rng.nextDouble());
        }
    }

    /** A whole number in [low, high], both ends included. */
    record IntRange(long low, long high) implements Distribution {
        @Override
        public Object sample(SplitMix64 rng) {
            return low + rng.nextLong(high - low + 1);
        }
    }
}
