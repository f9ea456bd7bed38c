package dev.qsweep.agent.rainbow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DuelingTest {

    @Test
    void qIsValuePlusAdvantageMinusItsMean() {
        float[] q = new float[3];
        Dueling.forward(new float[] {1}, new float[] {1, 2, 3}, 1, 3, 1, q);
        assertArrayEquals(new float[] {0, 1, 2}, q);
    }

    @Test
    void theGradientReachesTheValueWholeAndTheAdvantagesLessTheirMean() {
        float[] dv = new float[1];
        float[] da = new float[3];
        Dueling.backward(new float[] {1, 0, 0}, 1, 3, 1, dv, da);
        assertArrayEquals(new float[] {1}, dv);
        assertArrayEquals(new float[] {2f / 3, -1f / 3, -1f / 3}, da, 1e-7f);
        Dueling.backward(new float[] {1, 1, 1}, 1, 3, 1, dv, da);
        assertArrayEquals(new float[] {3}, dv);
        assertArrayEquals(new float[] {0, 0, 0}, da, "a shift of every Q is the value's alone");
    }

    @Test
    void theDistributionalFormAggregatesAtomByAtom() {
        // batch 2, 2 actions, 2 atoms. Sample 0: V = [10, 20], A = [[1, 4], [3, 8]] → means [2, 6]
        float[] value = {10, 20, 0, 0};
        float[] advantage = {1, 4, 3, 8, /* sample 1 */ 5, 5, -5, -5};
        float[] q = new float[8];
        Dueling.forward(value, advantage, 2, 2, 2, q);
        assertArrayEquals(new float[] {9, 18, 11, 22, 5, 5, -5, -5}, q);
        float[] dv = new float[4];
        float[] da = new float[8];
        Dueling.backward(new float[] {1, 0, 0, 2, 0, 0, 0, 0}, 2, 2, 2, dv, da);
        assertArrayEquals(new float[] {1, 2, 0, 0}, dv);
        assertArrayEquals(new float[] {0.5f, -1, -0.5f, 1, 0, 0, 0, 0}, da);
    }
}
