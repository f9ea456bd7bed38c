/**
 * Agents: the DQN agent (Q-network on deeplearning4j, target network, replay memory, epsilon-greedy), the tabular
 * Q-learning baseline, and the small pure functions of their math ({@link dev.qsweep.agent.Schedules},
 * {@link dev.qsweep.agent.TdTargets}). An agent sees transitions, never the environment or the file system.
 *
 * <p>Learning is DL4J's (its backprop and its Adam updater); the forward passes used to act and to compute targets run
 * in plain Java over the same weights ({@link dev.qsweep.agent.MlpForward}), proven equal to DL4J's output by tests.
 */
package dev.qsweep.agent;
