package dev.qsweep.env.toytext;

/** One outcome of an action in a tabular environment, as Gymnasium's {@code P[s][a]} lists them. */
record Transition(double probability, int nextState, double reward, boolean terminated) {
}
