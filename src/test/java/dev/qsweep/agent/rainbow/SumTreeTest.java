package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.rng.NumpyGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SumTreeTest {

    /** Slots 0..4 = 1, 2, 0, 3, 4 (capacity 5: three padding slots in an 8-leaf tree); total 10. */
    private static SumTree fivePriorities() {
        SumTree tree = new SumTree(5);
        double[] p = {1, 2, 0, 3, 4};
        for (int i = 0; i < p.length; i++) tree.set(i, p[i]);
        return tree;
    }

    @Test
    void totalAndDrawsFollowTheCumulativeSums() {
        SumTree tree = fivePriorities();
        assertEquals(10.0, tree.total());
        // cumulative: [0,1) → 0, [1,3) → 1, slot 2 is empty, [3,6) → 3, [6,10) → 4
        assertEquals(0, tree.find(0.0));
        assertEquals(0, tree.find(0.999));
        assertEquals(1, tree.find(1.0));
        assertEquals(1, tree.find(2.999));
        assertEquals(3, tree.find(3.0));
        assertEquals(3, tree.find(5.999));
        assertEquals(4, tree.find(6.0));
        assertEquals(4, tree.find(9.999));
    }

    @Test
    void aDrawAtOrPastTheTotalGivesTheLastPositiveSlot() {
        SumTree tree = fivePriorities();
        assertEquals(4, tree.find(10.0));
        assertEquals(4, tree.find(1e9));
        tree.set(4, 0.0);
        assertEquals(6.0, tree.total());
        assertEquals(3, tree.find(6.0), "slot 4 now has priority 0 and is never returned");
    }

    @Test
    void zeroPrioritySlotsAndUnfilledSlotsAreNeverSampled() {
        SumTree tree = new SumTree(1000);
        tree.set(0, 0.5);
        tree.set(2, 0.5); // slot 1 and 3..999 never filled
        NumpyGenerator rng = new NumpyGenerator(3);
        int[] slots = new int[64];
        double[] priorities = new double[64];
        for (int round = 0; round < 100; round++) {
            tree.sampleStratified(rng, 64, slots, priorities);
            for (int k = 0; k < 64; k++) {
                assertEquals(k < 32 ? 0 : 2, slots[k], "stratum " + k + " of two equal priorities");
                assertEquals(0.5, priorities[k]);
            }
        }
    }

    @Test
    void stratifiedSamplingDrawsOneSlotPerSegment() {
        SumTree tree = new SumTree(4);
        for (int i = 0; i < 4; i++) tree.set(i, 1.0);
        int[] slots = new int[4];
        double[] priorities = new double[4];
        tree.sampleStratified(new NumpyGenerator(7), 4, slots, priorities);
        assertArrayEquals(new int[] {0, 1, 2, 3}, slots, "equal priorities: segment k is slot k");
    }

    @Test
    void sampledFrequenciesAreProportionalToPriorities() {
        SumTree tree = new SumTree(3);
        tree.set(0, 1);
        tree.set(1, 3);
        tree.set(2, 6);
        int[] counts = new int[3];
        NumpyGenerator rng = new NumpyGenerator(11);
        int draws = 100_000;
        for (int k = 0; k < draws; k++) counts[tree.find(rng.random() * tree.total())]++;
        double[] expected = {0.1, 0.3, 0.6};
        for (int i = 0; i < 3; i++) {
            double sd = Math.sqrt(expected[i] * (1 - expected[i]) / draws);
            assertEquals(expected[i], counts[i] / (double) draws, 5 * sd, "slot " + i);
        }
    }

    @Test
    void newItemsGetTheLargestPrioritySoFar() {
        SumTree tree = new SumTree(4);
        assertEquals(1.0, tree.maxPriority(), "Schaul's p1 = 1");
        tree.setToMax(0);
        assertEquals(1.0, tree.get(0));
        tree.set(1, 4.5);
        tree.set(1, 0.2); // lowering a priority does not lower the max
        tree.setToMax(2);
        assertEquals(4.5, tree.get(2));
        assertEquals(1.0 + 0.2 + 4.5, tree.total());
        tree.clear();
        assertEquals(0.0, tree.total());
        assertEquals(1.0, tree.maxPriority());
    }

    @Test
    void aSingleSlotTreeWorks() {
        SumTree tree = new SumTree(1);
        tree.set(0, 2.5);
        assertEquals(2.5, tree.total());
        assertEquals(0, tree.find(0));
        assertEquals(0, tree.find(2.5));
    }

    @Test
    void badInputIsRefused() {
        SumTree tree = new SumTree(3);
        assertThrows(IllegalStateException.class, () -> tree.find(0.0), "all priorities 0");
        tree.set(0, 1.0);
        assertThrows(IllegalArgumentException.class, () -> tree.find(-0.1));
        assertThrows(IllegalArgumentException.class, () -> tree.find(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.set(1, -1.0));
        assertThrows(IllegalArgumentException.class, () -> tree.set(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.set(1, Double.POSITIVE_INFINITY));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.set(3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(0));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(SumTree.MAX_CAPACITY + 1));
    }

    @Test
    void manyUpdatesLeaveNoDriftAndACheckpointRestoresTheSameTree() throws IOException {
        int capacity = 10_007;
        SumTree tree = new SumTree(capacity);
        NumpyGenerator rng = new NumpyGenerator(5);
        double[] leaves = new double[capacity];
        for (int k = 0; k < 200_000; k++) {
            int slot = (int) rng.integers(0, capacity);
            double p = Math.pow(rng.random() * 10, 0.6);
            tree.set(slot, p);
            leaves[slot] = p;
        }
        double naive = 0;
        for (double p : leaves) naive += p;
        assertEquals(naive, tree.total(), 1e-12 * naive, "the root is the sum of the slots, not of 200k deltas");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tree.writeState(new DataOutputStream(bytes));
        SumTree restored = new SumTree(capacity);
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(Double.doubleToRawLongBits(tree.total()), Double.doubleToRawLongBits(restored.total()));
        assertEquals(tree.maxPriority(), restored.maxPriority());
        int[] a = new int[32];
        int[] b = new int[32];
        double[] pa = new double[32];
        double[] pb = new double[32];
        tree.sampleStratified(new NumpyGenerator(9), 32, a, pa);
        restored.sampleStratified(new NumpyGenerator(9), 32, b, pb);
        assertArrayEquals(a, b);
        assertArrayEquals(pa, pb);

        SumTree other = new SumTree(capacity + 1);
        assertThrows(IOException.class,
                () -> other.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }
}
