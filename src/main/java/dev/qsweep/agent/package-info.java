/**
 * The learning agent: Q-networks on DL4J ({@link dev.qsweep.agent.QNetwork}), and the parts of DQN
 * built on them. Networks are trained by DL4J's backprop and Adam; evaluation has a plain-Java fast path
 * proven equal to DL4J's {@code output()} by tests.
 */
package dev.qsweep.agent;
