package dev.qsweep.env.classic;

import dev.qsweep.env.GymnasiumEnvironment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Gymnasium's {@code Acrobot-v1} (without its TimeLimit), "book" dynamics: one RK4 step of 0.2 s per action, then
 * Gymnasium's own wrap (angles) and bound (velocities). Expressions keep Python's evaluation order.
 */
public final class Acrobot extends GymnasiumEnvironment {

    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double GRAVITY = 9.8;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAILABLE_TORQUE = {-1.0, 0.0, 1.0};
    private static final Space.Box OBSERVATION_SPACE = new Space.Box(
            new double[] {-1, -1, -1, -1, -(float) MAX_VEL_1, -(float) MAX_VEL_2},
            new double[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2}, new int[] {6}, Space.DType.FLOAT32);

    private double[] state = new double[4];

    @Override
    public String id() {
        return "Acrobot-v1";
    }

    @Override
    public Space observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(3);
    }

    @Override
    protected float[] resetEpisode() {
        double[] initial = npRandom().uniform(-0.1, 0.1, 4);
        // Gymnasium stores the initial state as float32.
        for (int i = 0; i < 4; i++) {
            state[i] = (float) initial[i];
        }
        return observation();
    }

    @Override
    public StepResult step(int action) {
        requireValidAction(action);
        double torque = AVAILABLE_TORQUE[action];
        double[] next = rk4(state, torque);
        next[0] = wrap(next[0], -Math.PI, Math.PI);
        next[1] = wrap(next[1], -Math.PI, Math.PI);
        next[2] = bound(next[2], -MAX_VEL_1, MAX_VEL_1);
        next[3] = bound(next[3], -MAX_VEL_2, MAX_VEL_2);
        state = next;
        boolean terminated = -Libm.cos(state[0]) - Libm.cos(state[1] + state[0]) > 1.0;
        return new StepResult(observation(), terminated ? 0.0 : -1.0, terminated, false);
    }

    private float[] observation() {
        return toFloat32(Libm.cos(state[0]), Libm.sin(state[0]), Libm.cos(state[1]), Libm.sin(state[1]),
                state[2], state[3]);
    }

    /** Gymnasium's rk4 over t = [0, dt] with the torque as a constant fifth state component. */
    private static double[] rk4(double[] y0, double torque) {
        double dt2 = DT / 2.0;
        double[] k1 = derivatives(y0, torque);
        double[] k2 = derivatives(plusScaled(y0, dt2, k1), torque);
        double[] k3 = derivatives(plusScaled(y0, dt2, k2), torque);
        double[] k4 = derivatives(plusScaled(y0, DT, k3), torque);
        double weight = DT / 6.0;
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y0[i] + weight * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    private static double[] plusScaled(double[] y, double scale, double[] k) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y[i] + scale * k[i];
        }
        return out;
    }

    /** Time derivative of (theta1, theta2, dtheta1, dtheta2) under the given torque. */
    private static double[] derivatives(double[] s, double torque) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double cosTheta2 = Libm.cos(theta2);
        double sinTheta2 = Libm.sin(theta2);
        // lc**2 and l1**2 are Python float powers of exact constants: plain products are identical.
        double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cosTheta2) + i1 + i2;
        double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cosTheta2) + i2;
        double phi2 = m2 * lc2 * GRAVITY * Libm.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * Libm.squareViaPow(dtheta2) * sinTheta2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2
                + (m1 * lc1 + m2 * l1) * GRAVITY * Libm.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * Libm.squareViaPow(dtheta1) * sinTheta2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - Libm.squareViaPow(d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2};
    }

    /** Gymnasium's wrap: shifts by whole periods until x lies in [low, high]. */
    private static double wrap(double x, double low, double high) {
        double period = high - low;
        while (x > high) {
            x = x - period;
        }
        while (x < low) {
            x = x + period;
        }
        return x;
    }

    /** Gymnasium's bound: Python's {@code min(max(x, low), high)}. */
    private static double bound(double x, double low, double high) {
        double atLeastLow = low > x ? low : x;
        return high < atLeastLow ? high : atLeastLow;
    }

    @Override
    protected void writeDynamics(DataOutput out) throws IOException {
        writeDoubles(out, state);
    }

    @Override
    protected void readDynamics(DataInput in) throws IOException {
        state = readDoubles(in);
    }
}
