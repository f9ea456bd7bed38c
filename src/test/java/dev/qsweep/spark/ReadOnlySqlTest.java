package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsException;

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

    @Test
    void saysWhatWouldChangeSomething() {
        for (String[] statementAndReason : new String[][] {
                {"CREATE TABLE t AS SELECT 1", "is a CreateTableAsSelect statement"},
                {"INSERT INTO trials SELECT * FROM trials", "is an InsertIntoStatement statement"},
                {"SELECT TRANSFORM(a) USING 'cat' FROM t", "runs a shell command (TRANSFORM … USING)"},
                {"SELECT upper(reflect('java.lang.System', 'getenv', 'HOME'))", "calls Java methods (reflect)"},
                {"WITH t AS (SELECT java_method('java.lang.System', 'setProperty', 'a', 'b')) SELECT 1",
                        "calls Java methods (java_method)"},
                {"EXPLAIN DROP TABLE trials", "is a DropTable statement"}}) {
            String message = assertThrows(SettingsException.class, () -> ReadOnlySql.check(statementAndReason[0]))
                    .getMessage();
            assertTrue(message.contains(statementAndReason[1]), message);
        }
        for (String query : new String[] {"SELECT max(`return`) FROM episodes", "WITH e AS (SELECT 1 AS x) SELECT x FROM e",
                "SHOW TABLES", "DESCRIBE trials", "EXPLAIN SELECT * FROM trials WHERE seed IN (SELECT 1)"}) {
            ReadOnlySql.check(query);
        }
    }
}
