/**
 * Agents: the DQN agent (Q-network on deeplearning4j, target network, replay memory, epsilon-greedy), the tabular
 * Q-learning baseline, and the small pure functions of their math ({@link dev.qsweep.agent.Schedules},
 * {@link dev.qsweep.agent.TdTargets}). An agent sees transitions, never the environment or the file system.
 */
package dev.qsweep.agent;
