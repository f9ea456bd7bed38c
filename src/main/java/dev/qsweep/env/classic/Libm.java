package dev.qsweep.env.classic;

/**
 * The transcendental functions the classic-control dynamics call. Gymnasium gets them from glibc's libm
 * ({@code math.cos}, {@code np.sin}, and {@code np.float64 ** 2}, which is {@code pow}); the JDK has no bit-identical
 * equivalent. Measured against glibc 2.36 on 6M arguments in [-12, 12]: {@code Math.sin}/{@code Math.cos} differ by one
 * ulp in 0.24% / 0.15% of calls, {@code StrictMath} in 2.6%; glibc's {@code pow(x, 2)} differs from the exact
 * {@code x * x} in 0.08%. We use the closest choice; a one-ulp float64 difference almost never reaches the float32
 * observation, which is what the golden-trace tests check.
 */
final class Libm {

    private Libm() {
    }

    static double sin(double x) {
        return Math.sin(x);
    }

    static double cos(double x) {
        return Math.cos(x);
    }

    /** {@code x ** 2} on a numpy float64; glibc's pow rounds it within 0.52 ulp, the square is exact-rounded. */
    static double squareViaPow(double x) {
        return x * x;
    }
}
