/**
 * Agents: the DQN agent (Q-network on deeplearning4j, target network, replay memory, epsilon-greedy), the tabular
 * Q-learning baseline, and the small pure functions of their math ({@link dev.qsweep.agent.Schedules},
 * {@link dev.qsweep.agent.TdTargets}). An agent sees transitions, never the environment or the file system.
 *
 * <p>Learning is DL4J's (its backprop and its Adam updater); the forward passes used to act and to compute targets run
 * in plain Java over the same weights ({@link dev.qsweep.agent.MlpForward}, {@link dev.qsweep.agent.ConvForward} for small CNNs), proven equal to DL4J's output by tests.
 *
 * <p>Q-networks are an MLP or one of two CNNs ({@link dev.qsweep.agent.QNetworkArchitecture}: the Nature DQN for stacked
 * Atari frames, MinAtar's); their convolutions are {@link dev.qsweep.agent.GemmConvolution} layers, DL4J's convolution
 * configuration with an im2col + gemm implementation proven equal to DL4J's own layer. Replay memories
 * ({@link dev.qsweep.agent.Replay}) store floats, bytes (uint8 observations) or each stacked frame once
 * ({@link dev.qsweep.agent.FrameReplayMemory}). Noisy nets use {@link dev.qsweep.agent.NoisyDense}, a DL4J dense
 * layer configuration whose μ and σ are DL4J parameters; the noise is drawn by the agent and read by every path.
 */
package dev.qsweep.agent;
