package dev.qsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void formatsNumbersForReadingNotForPrecision() {
        assertEquals("0.0023", TextTable.format(2.3e-3));
        assertEquals("0.0003766", TextTable.format(3.76621e-4));
        assertEquals("500", TextTable.format(500.0));
        assertEquals("357.4", TextTable.format(357.4449));
        assertEquals("19816.5", TextTable.format(19816.5));
        assertEquals("1E-10", TextTable.format(1e-10));
        assertEquals("0.0", TextTable.format(0.0));
        assertEquals("NaN", TextTable.format(Double.NaN));
        assertEquals("64,64", TextTable.format(List.of(64, 64)));
        assertEquals("null", TextTable.format(null));
    }

    @Test
    void alignsNumbersRightAndTextLeft() {
        String table = new TextTable(List.of("name", "value")).add(List.of("a", "1")).add(List.of("bbb", "100.5")).render();
        assertEquals("""
                name  value
                ----  -----
                a         1
                bbb   100.5
                """, table);
    }
}
