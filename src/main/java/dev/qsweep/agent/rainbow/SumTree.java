package dev.qsweep.agent.rainbow;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Proportional prioritization's sum tree (Schaul et al. 2016): one priority per replay slot, the total in O(1), a
 * priority change and the slot for a uniform draw in [0, total) in O(log N).
 *
 * <p><b>Layout.</b> An implicit binary tree over {@code leaves} = the smallest power of two ≥ capacity: node 1 is the
 * root, node k has children 2k and 2k+1, slot i is node {@code leaves + i}. The padding slots past the capacity, like
 * slots not yet filled, hold priority 0 and are never sampled.
 *
 * <p><b>Why double.</b> A float has 24 bits: at N = 1M slots a total is ~2^20 times an average priority, so a float
 * sum keeps only ~4 bits of each small priority, and slots below total·2^−24 would vanish from the descent. Doubles
 * keep 53 bits (1M slots cost 16 MB). Each change recomputes its path as sums of the two children instead of adding
 * a delta, so no rounding error accumulates over millions of updates, a node is positive exactly when a slot below it
 * is, and the same priorities always give the same tree (a checkpoint stores only the slots).
 *
 * <p><b>Descent.</b> At each node, go left when the draw is below the left sum, else subtract it and go right, as
 * Dopamine's {@code SumTree.sample}; but never into a child whose sum is 0. So a zero-priority slot is never returned,
 * and a draw at or past the total (rounding in the caller's {@code u · total}) returns the last positive slot.
 *
 * <p>The tree also tracks the largest priority ever set ({@link #maxPriority}, starting at 1 as Schaul's p₁ = 1 and
 * Dopamine's tree), which new transitions receive ({@link #setToMax}); like Dopamine's it never decreases.
 *
 * <p>Stored values are the sampling priorities {@code p^α} ({@link PrioritizedSampling#priority}); P(i) = p_i / total.
 * Not thread-safe.
 */
public final class SumTree {
    private static final double INITIAL_MAX_PRIORITY = 1.0;
    /** 2^28 slots: the node array (2 × the padded leaves) stays within a Java array's int length. */
    public static final int MAX_CAPACITY = 1 << 28;

    private final int capacity;
    private final int leaves;
    private final double[] nodes; // nodes[1] = root; nodes[leaves + i] = slot i; nodes[0] unused
    private double maxPriority = INITIAL_MAX_PRIORITY;

    public SumTree(int capacity) {
        if (capacity <= 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("sum tree capacity must be in [1, 2^28], got " + capacity);
        }
        this.capacity = capacity;
        this.leaves = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.nodes = new double[2 * leaves];
    }

    public int capacity() {
        return capacity;
    }

    /** The sum of all priorities. */
    public double total() {
        return nodes[1];
    }

    public double get(int slot) {
        return nodes[leaves + checkSlot(slot)];
    }

    /** The largest priority set so far, at least 1. */
    public double maxPriority() {
        return maxPriority;
    }

    /** Sets slot's priority (≥ 0, finite) and recomputes its path to the root. */
    public void set(int slot, double priority) {
        if (!(priority >= 0) || priority == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a priority must be finite and ≥ 0, got " + priority + " for slot " + slot);
        }
        int node = leaves + checkSlot(slot);
        nodes[node] = priority;
        for (node >>>= 1; node >= 1; node >>>= 1) {
            nodes[node] = nodes[2 * node] + nodes[2 * node + 1];
        }
        if (priority > maxPriority) {
            maxPriority = priority;
        }
    }

    /** A new transition in {@code slot}: it gets the largest priority so far, so it is sampled soon. */
    public void setToMax(int slot) {
        set(slot, maxPriority);
    }

    /**
     * The slot for draw {@code u ∈ [0, total)}: the i with {@code Σ_{j<i} p_j ≤ u < Σ_{j≤i} p_j}. A draw ≥ total
     * returns the last slot with a positive priority.
     */
    public int find(double u) {
        if (!(nodes[1] > 0)) {
            throw new IllegalStateException("cannot sample from a sum tree whose priorities are all 0");
        }
        if (!(u >= 0)) {
            throw new IllegalArgumentException("a draw must be ≥ 0, got " + u);
        }
        int node = 1;
        while (node < leaves) {
            int left = 2 * node;
            double leftSum = nodes[left];
            if (u < leftSum || nodes[left + 1] == 0) {
                node = left;
            } else {
                u -= leftSum;
                node = left + 1;
            }
        }
        return node - leaves;
    }

    /**
     * Stratified sampling as Dopamine's {@code stratified_sample}: [0, 1) cut into {@code batchSize} equal segments
     * (bounds {@code k / batchSize} as numpy's {@code linspace}), one uniform draw in each, scaled by the total.
     * Writes the slots and their priorities; consumes exactly {@code batchSize} doubles of {@code rng}.
     */
    public void sampleStratified(NumpyGenerator rng, int batchSize, int[] slots, double[] priorities) {
        if (batchSize <= 0 || slots.length < batchSize || priorities.length < batchSize) {
            throw new IllegalArgumentException("batch size " + batchSize + " does not fit the output arrays");
        }
        double total = total();
        double step = 1.0 / batchSize;
        for (int k = 0; k < batchSize; k++) {
            double low = k * step;
            double high = k + 1 == batchSize ? 1.0 : (k + 1) * step;
            int slot = find(rng.uniform(low, high) * total);
            slots[k] = slot;
            priorities[k] = nodes[leaves + slot];
        }
    }

    /** All priorities to 0, the max back to 1. */
    public void clear() {
        java.util.Arrays.fill(nodes, 0.0);
        maxPriority = INITIAL_MAX_PRIORITY;
    }

    /** Capacity, max priority, then the slots; the inner nodes are recomputed on reading (the same sums, bit for bit). */
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeDouble(maxPriority);
        for (int i = 0; i < capacity; i++) {
            out.writeDouble(nodes[leaves + i]);
        }
    }

    public void readState(DataInput in) throws IOException {
        int savedCapacity = in.readInt();
        if (savedCapacity != capacity) {
            throw new IOException("checkpoint sum tree has " + savedCapacity + " slots but this run's has " + capacity);
        }
        double savedMax = in.readDouble();
        double[] slots = new double[capacity];
        for (int i = 0; i < capacity; i++) {
            double p = in.readDouble();
            if (!(p >= 0) || p == Double.POSITIVE_INFINITY) throw new IOException("corrupt sum tree: slot " + i + " = " + p);
            slots[i] = p;
        }
        java.util.Arrays.fill(nodes, 0.0);
        System.arraycopy(slots, 0, nodes, leaves, capacity);
        for (int node = leaves - 1; node >= 1; node--) {
            nodes[node] = nodes[2 * node] + nodes[2 * node + 1];
        }
        maxPriority = savedMax;
    }

    private int checkSlot(int slot) {
        if (slot < 0 || slot >= capacity) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside the sum tree's " + capacity + " slots");
        }
        return slot;
    }
}
