package dev.qsweep.env;

import java.util.Arrays;

/** The shape and dtype of observations or actions, as Gymnasium's spaces describe them. */
public sealed interface Space permits Space.Discrete, Space.Box {

    /** Number of scalars in one flat value of this space (1 for {@link Discrete}). */
    int flatSize();

    /** {@code Discrete(n)}: the integers {@code 0 .. n-1}. */
    record Discrete(int n) implements Space {
        public Discrete {
            if (n <= 0) {
                throw new IllegalArgumentException("Discrete space needs n > 0, got " + n);
            }
        }

        @Override
        public int flatSize() {
            return 1;
        }

        @Override
        public String toString() {
            return "Discrete(" + n + ")";
        }
    }

    /** A box of {@code shape} with per-element bounds; values are held as floats, typed by {@code dtype}. */
    record Box(double[] low, double[] high, int[] shape, DType dtype) implements Space {
        public Box {
            int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            if (low.length != size || high.length != size) {
                throw new IllegalArgumentException("Box bounds must have " + size + " elements");
            }
            low = low.clone();
            high = high.clone();
            shape = shape.clone();
        }

        @Override
        public int flatSize() {
            return low.length;
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return "Box(" + Arrays.toString(shape) + ", " + dtype.numpyName() + ")";
        }
    }

    /** Element types of a {@link Box}. */
    enum DType {
        FLOAT32("float32"), UINT8("uint8");

        private final String numpyName;

        DType(String numpyName) {
            this.numpyName = numpyName;
        }

        public String numpyName() {
            return numpyName;
        }
    }
}
