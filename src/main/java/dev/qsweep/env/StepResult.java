package dev.qsweep.env;

/**
 * What {@link Environment#step(int)} returns, with Gymnasium's meaning: {@code terminated} is a true end of
 * the task (no bootstrapping), {@code truncated} is a cut by a time limit (the value of the state still counts).
 *
 * @param observation the observation after the step, flat, in the env's native layout (a Discrete observation
 *                    is one element holding the integer)
 */
public record StepResult(float[] observation, double reward, boolean terminated, boolean truncated) {

    public boolean done() {
        return terminated || truncated;
    }
}
