package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsweep sql} is read-only: over real tables from a real sweep, only queries run and nothing is written. */
class SqlCommandTest {
    @TempDir
    static Path dir;
    static String root;

    @BeforeAll
    static void runOneTrial() throws IOException {
        Path file = Files.writeString(dir.resolve("one.conf"), """
                name = one
                env = FrozenLake-v1
                preset = frozenlake-qtable
                settings { eval_interval = 200, eval_episodes = 2, checkpoint_interval = 200 }
                seeds = [1]
                steps = 400
                output = "%s"
                """.formatted(dir.resolve("out").toUri()));
        Cli.Outcome run = Cli.run("run", file.toString(), "--master", "local[1]");
        assertEquals(0, run.exitCode(), run.stderr());
        root = dir.resolve("out").toUri().toString().replaceFirst("^file:///", "file:/") + "one";
    }

    @Test
    void queriesRunAndWriteNothing() throws IOException {
        Path queries = Files.writeString(dir.resolve("two.sql"), """
                -- two statements; the semicolon in the string does not split them
                SELECT count(*) AS n FROM evals WHERE 'a;b' <> '';
                /* and a CTE */ WITH e AS (SELECT global_step FROM evals) SELECT max(global_step) AS last FROM e;
                """);
        Map<String, String> before = snapshot();
        Cli.Outcome sql = Cli.run("sql", root, "--master", "local[1]", queries.toString(), "SHOW TABLES",
                "DESCRIBE trials", "EXPLAIN SELECT * FROM episodes", "SELECT * FROM no_such_table");
        assertEquals(2, sql.exitCode(), sql.stderr()); // the last one names a missing table
        assertTrue(sql.stdout().contains("-- " + queries + " (statement 1)"), sql.stdout());
        assertTrue(sql.stdout().contains("""
                n
                -
                2
                1 row"""), sql.stdout());
        assertTrue(sql.stdout().contains("""
                last
                ----
                 400
                1 row"""), sql.stdout());
        assertTrue(sql.stdout().contains("-- DESCRIBE trials"), sql.stdout());
        assertTrue(sql.stderr().contains("the query failed: [TABLE_OR_VIEW_NOT_FOUND]"), sql.stderr());
        assertEquals(before, snapshot(), "the output tree and the working directory are unchanged");
    }

    @Test
    void everyStatementThatWouldWriteIsRefusedBeforeSparkStarts() throws IOException {
        Map<String, String> before = snapshot();
        for (String statement : List.of(
                "CREATE TABLE t AS SELECT * FROM trials",
                "CREATE TABLE t (x INT) USING parquet",
                "CREATE TEMPORARY VIEW v AS SELECT 1",
                "INSERT INTO trials SELECT * FROM trials",
                "INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1",
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                "DROP TABLE trials",
                "ALTER TABLE trials RENAME TO t2",
                "SET spark.sql.warehouse.dir=/tmp/elsewhere",
                "CACHE TABLE trials",
                "ADD JAR /tmp/x.jar",
                "USE other",
                "EXPLAIN CREATE TABLE t AS SELECT 1",
                "DELETE FROM trials WHERE true",
                "SELECT TRANSFORM(trial_id) USING 'touch /tmp/qsweep-sql-wrote' AS (x) FROM trials",
                "SELECT reflect('org.apache.spark.util.Utils', 'createDirectory', '/tmp', 'qsweep-sql')",
                "WITH t AS (SELECT JAVA_METHOD('java.lang.System', 'setProperty', 'a', 'b') AS x) SELECT * FROM t",
                "SELECT * FROM trials WHERE seed IN (SELECT `try_reflect`('java.lang.System', 'getenv', 'HOME'))")) {
            Cli.Outcome refused = Cli.run("sql", root, "--master", "local[1]", "SELECT 1", statement);
            assertEquals(2, refused.exitCode(), statement + ": " + refused.stderr());
            assertTrue(refused.stderr().contains("qsweep sql only reads: '"), statement + ": " + refused.stderr());
            assertTrue(refused.stderr().contains("Use SELECT, WITH, SHOW, DESCRIBE or EXPLAIN"), refused.stderr());
            assertEquals("", refused.stdout(), "refused before the first query ran: " + statement);
        }
        assertEquals(before, snapshot(), "the output tree and the working directory are unchanged");
    }

    @Test
    void aParseErrorPrintsSparksMessage() {
        Cli.Outcome bad = Cli.run("sql", root, "SELEC * FROM trials");
        assertEquals(2, bad.exitCode(), bad.stderr());
        assertTrue(bad.stderr().contains("the query does not parse: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'"),
                bad.stderr());
        assertEquals("", bad.stdout());
    }

    /** Every file under the sweep's output and the working directory's top level (path → SHA-256 of its bytes). */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        try (Stream<Path> cwd = Files.list(Path.of("."))) {
            cwd.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target"))
                    .forEach(n -> files.put("cwd:" + n, ""));
        }
        for (String left : List.of("spark-warehouse", "metastore_db", "derby.log")) {
            assertFalse(Files.exists(Path.of(left)), left + " left in the working directory");
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
