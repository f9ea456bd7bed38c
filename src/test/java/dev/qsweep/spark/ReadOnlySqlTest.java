package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadOnlySqlTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT ';' AS a", "SELECT \"x;y\", `c;d` FROM t", "-- a; comment\nSELECT 2",
                        "/* ; */ SELECT 'it\\'s;'"),
                ReadOnlySql.statements("SELECT ';' AS a; SELECT \"x;y\", `c;d` FROM t;\n-- a; comment\nSELECT 2;"
                        + "/* ; */ SELECT 'it\\'s;';\n-- only a comment\n;  ;"));
        assertEquals(List.of("SELECT 1"), ReadOnlySql.statements("SELECT 1"));
        assertEquals(List.of(), ReadOnlySql.statements(" ; -- nothing\n"));
    }
}
