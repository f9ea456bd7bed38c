/** Wrappers that change an environment's episode rules the way Gymnasium's wrappers do, e.g. {@link dev.qsweep.env.wrappers.TimeLimit}. */
package dev.qsweep.env.wrappers;
