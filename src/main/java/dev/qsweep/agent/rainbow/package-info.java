/**
 * Rainbow's components (Hessel et al. 2018) as math and data structures, not yet wired into the agent: proportional
 * prioritized replay ({@link dev.qsweep.agent.rainbow.SumTree}, {@link dev.qsweep.agent.rainbow.PrioritizedSampling}),
 * n-step returns ({@link dev.qsweep.agent.rainbow.NStepReturns}), the C51 projection and loss
 * ({@link dev.qsweep.agent.rainbow.CategoricalProjection}), the dueling aggregation
 * ({@link dev.qsweep.agent.rainbow.Dueling}), factorised noisy layers ({@link dev.qsweep.agent.rainbow.NoisyLinear},
 * {@link dev.qsweep.agent.rainbow.FactorisedNoise}, {@link dev.qsweep.agent.rainbow.StandardNormals}) and torch's
 * RMSprop ({@link dev.qsweep.agent.rainbow.FlatRmsProp}).
 *
 * <p>Each is deterministic given its inputs and seeded generator, and whatever holds state writes and reads it
 * ({@code writeState(DataOutput)} / {@code readState(DataInput)}) so a resumed run continues bit for bit. Their tests
 * use hand-computed numbers and {@code scripts/rainbow_reference.py} (numpy). Like the rest of the core, this package
 * never imports Spark, MLflow, Parquet or Hadoop.
 */
package dev.qsweep.agent.rainbow;
