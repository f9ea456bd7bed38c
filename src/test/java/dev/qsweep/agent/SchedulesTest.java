package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void fallsLinearlyThenHolds() {
        // slope = (0.05 - 1) / 1000 = -0.00095 per step
        assertEquals(1.0, Schedules.linear(1.0, 0.05, 1000, 0), 0);
        assertEquals(1.0 - 0.00095 * 500, Schedules.linear(1.0, 0.05, 1000, 500), 1e-15);
        assertEquals(0.05, Schedules.linear(1.0, 0.05, 1000, 1000), 1e-15);
        assertEquals(0.05, Schedules.linear(1.0, 0.05, 1000, 5000), 0);
    }

    @Test
    void risingScheduleIsCappedAtItsEnd() {
        assertEquals(0.5, Schedules.linear(0.0, 1.0, 10, 5), 1e-15);
        assertEquals(1.0, Schedules.linear(0.0, 1.0, 10, 50), 0);
    }

    @Test
    void zeroDurationIsTheEndValue() {
        assertEquals(0.1, Schedules.linear(1.0, 0.1, 0, 0), 0);
    }
}
