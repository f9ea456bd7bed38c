package dev.qsweep.env.classic;

import dev.qsweep.env.GymnasiumEnvironment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Gymnasium's {@code CartPole-v1} (without its TimeLimit): Euler integration of a cart with a hinged pole. */
public final class CartPole extends GymnasiumEnvironment {

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double HALF_POLE_LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_POLE_LENGTH;
    private static final double FORCE_MAGNITUDE = 10.0;
    private static final double SECONDS_PER_STEP = 0.02;
    private static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;
    private static final Space.Box OBSERVATION_SPACE = new Space.Box(
            boundsOf(-1), boundsOf(1), new int[] {4}, Space.DType.FLOAT32);

    private final boolean suttonBartoReward;
    private final double[] state = new double[4];
    /** Gymnasium's {@code steps_beyond_terminated}: -1 while the episode runs (Python's None). */
    private int stepsBeyondTerminated = -1;

    public CartPole(boolean suttonBartoReward) {
        this.suttonBartoReward = suttonBartoReward;
    }

    private static double[] boundsOf(int sign) {
        double[] high = {(float) (X_THRESHOLD * 2), Double.POSITIVE_INFINITY,
                (float) (THETA_THRESHOLD_RADIANS * 2), Double.POSITIVE_INFINITY};
        for (int i = 0; i < high.length; i++) {
            high[i] *= sign;
        }
        return high;
    }

    @Override
    public String id() {
        return "CartPole-v1";
    }

    @Override
    public Space observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space.Discrete actionSpace() {
        return new Space.Discrete(2);
    }

    @Override
    protected float[] resetEpisode() {
        double[] initial = npRandom().uniform(-0.05, 0.05, 4);
        System.arraycopy(initial, 0, state, 0, 4);
        stepsBeyondTerminated = -1;
        return toFloat32(state);
    }

    @Override
    public StepResult step(int action) {
        requireValidAction(action);
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action == 1 ? FORCE_MAGNITUDE : -FORCE_MAGNITUDE;
        double cosTheta = Libm.cos(theta);
        double sinTheta = Libm.sin(theta);

        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (HALF_POLE_LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;

        x = x + SECONDS_PER_STEP * xDot;
        xDot = xDot + SECONDS_PER_STEP * xAcc;
        theta = theta + SECONDS_PER_STEP * thetaDot;
        thetaDot = thetaDot + SECONDS_PER_STEP * thetaAcc;
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        double reward;
        if (!terminated) {
            reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0;
            reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            // Stepping past the end is undefined in Gymnasium; it counts and pays nothing (or -1).
            stepsBeyondTerminated++;
            reward = suttonBartoReward ? -1.0 : 0.0;
        }
        return new StepResult(toFloat32(state), reward, terminated, false);
    }

    @Override
    protected void writeDynamics(DataOutput out) throws IOException {
        writeDoubles(out, state);
        out.writeInt(stepsBeyondTerminated);
    }

    @Override
    protected void readDynamics(DataInput in) throws IOException {
        System.arraycopy(readDoubles(in), 0, state, 0, 4);
        stepsBeyondTerminated = in.readInt();
    }
}
