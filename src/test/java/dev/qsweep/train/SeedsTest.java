package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void withinLeavesSeedsOfFullRangeEnvironmentsAlone() {
        long derived = Seeds.derive(7, Seeds.Stream.EVALUATION);
        assertEquals(derived, Seeds.within(derived, Long.MAX_VALUE));
    }

    @Test
    void withinFoldsIntoASmallerSeedRange() {
        assertEquals(1, Seeds.within(5, 3));
        assertEquals(7, Seeds.within((1L << 32) + 7, 0xFFFFFFFFL));
        assertEquals(0xFFFFFFFFL, Seeds.within(0xFFFFFFFFL, 0xFFFFFFFFL));
        assertEquals(Long.MAX_VALUE % (1L << 32), Seeds.within(Long.MAX_VALUE, 0xFFFFFFFFL));
    }
}
