package dev.qsweep.env.classic;

import dev.qsweep.env.GymnasiumEnvironment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Gymnasium's {@code MountainCar-v0} (without its TimeLimit): an underpowered car in a valley. */
public final class MountainCar extends GymnasiumEnvironment {

    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;
    private static final Space.Box OBSERVATION_SPACE = new Space.Box(
            new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new double[] {(float) MAX_POSITION, (float) MAX_SPEED}, new int[] {2}, Space.DType.FLOAT32);

    private final double goalVelocity;
    private double position;
    private double velocity;

    public MountainCar(double goalVelocity) {
        this.goalVelocity = goalVelocity;
    }

    @Override
    public String id() {
        return "MountainCar-v0";
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
        position = npRandom().uniform(-0.6, -0.4);
        velocity = 0.0;
        return toFloat32(position, velocity);
    }

    @Override
    public StepResult step(int action) {
        requireValidAction(action);
        velocity += (action - 1) * FORCE + Libm.cos(3 * position) * (-GRAVITY);
        velocity = clip(velocity, -MAX_SPEED, MAX_SPEED);
        position += velocity;
        position = clip(position, MIN_POSITION, MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0.0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        return new StepResult(toFloat32(position, velocity), -1.0, terminated, false);
    }

    /** {@code np.clip} on a scalar: max with the lower bound, then min with the upper. */
    private static double clip(double value, double low, double high) {
        return Math.min(Math.max(value, low), high);
    }

    @Override
    protected void writeDynamics(DataOutput out) throws IOException {
        out.writeDouble(position);
        out.writeDouble(velocity);
    }

    @Override
    protected void readDynamics(DataInput in) throws IOException {
        position = in.readDouble();
        velocity = in.readDouble();
    }
}
