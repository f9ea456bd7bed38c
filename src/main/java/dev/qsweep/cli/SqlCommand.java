package dev.qsweep.cli;

import dev.qsweep.report.TextTable;
import dev.qsweep.spark.ReadOnlySql;
import dev.qsweep.spark.SweepQueries;
import dev.qsweep.spark.SweepTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep sql}: SQL over a sweep's tables, printed as text tables. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Query a sweep's tables with Spark SQL. The views are trials, episodes, evals and decisions "
                + "(a scheduler's; episodes' return column needs backticks: `return`). Read-only: only SELECT, WITH, "
                + "SHOW, DESCRIBE and EXPLAIN run; anything else exits 2 before Spark starts.",
                "Each QUERY is SQL text or the path of a .sql file (examples: jobs/queries/*.sql)."})
public final class SqlCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "<output>/<sweep name>, as `qsweep run` prints it")
    String sweepDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "SQL text or a .sql file")
    List<String> queries;

    @Option(names = "--max-rows", defaultValue = "100", description = "rows printed per query (default: ${DEFAULT-VALUE})")
    int maxRows;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE})")
    String master;

    @Override
    public Integer call() throws IOException {
        List<String> sqls = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String query : queries) {
            List<String> statements = ReadOnlySql.statements(sqlText(query));
            if (statements.isEmpty()) {
                throw new UserError("no SQL statement in '" + query + "'. Give a query, e.g. \"SELECT * FROM trials\".");
            }
            for (int i = 0; i < statements.size(); i++) {
                ReadOnlySql.check(statements.get(i)); // all before Spark starts: a refused statement writes nothing
                sqls.add(statements.get(i));
                labels.add(statements.size() == 1 ? query : query + " (statement " + (i + 1) + ")");
            }
        }
        try {
            SweepTables.checkExists(sweepDir, new Configuration()); // before Spark starts: a typo fails fast
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        // Spark makes its warehouse (spark-warehouse/) in the working directory when a query first touches the catalog,
        // e.g. on a missing table; keep it, and any catalog, in a temporary directory removed afterwards.
        Path scratch = Files.createTempDirectory("qsweep-sql");
        SparkSession spark = SparkSession.builder().master(master).appName("qsweep sql")
                .config("spark.ui.enabled", false).config("spark.ui.showConsoleProgress", false)
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
                .config("spark.sql.debug.maxToStringFields", 200).getOrCreate();
        try {
            SweepTables.register(spark, sweepDir);
            for (int i = 0; i < sqls.size(); i++) {
                if (sqls.size() > 1) {
                    out.println((i > 0 ? "\n" : "") + "-- " + labels.get(i));
                }
                print(out, run(sqls.get(i)));
            }
            out.flush();
            return 0;
        } finally {
            spark.stop();
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private SweepQueries.Result run(String sql) {
        try {
            return SweepQueries.run(SparkSession.active(), sql, maxRows);
        } catch (Exception e) { // Scala's AnalysisException is checked for javac, yet undeclared
            if (e instanceof AnalysisException) {
                throw new UserError("the query failed: " + e.getMessage().strip().lines().findFirst().orElse("")
                        + "\n  Views: trials, episodes, evals; see their columns with: SELECT * FROM trials LIMIT 1");
            }
            throw e;
        }
    }

    private void print(PrintWriter out, SweepQueries.Result result) {
        TextTable table = new TextTable(result.columns());
        for (List<Object> row : result.rows()) {
            table.add(row.stream().map(TextTable::format).toList());
        }
        out.print(table.render());
        out.println(result.rows().size() + (result.truncated() ? "+ rows (first " + maxRows + " shown; raise --max-rows)"
                : result.rows().size() == 1 ? " row" : " rows"));
    }

    /** A {@code .sql} argument is read from its file (comments and several statements, each ending in ;, are fine). */
    private static String sqlText(String query) throws IOException {
        String trimmed = query.trim();
        if (!trimmed.toLowerCase().endsWith(".sql")) {
            return trimmed;
        }
        Path file = Path.of(trimmed);
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such query file: " + file + ". Give SQL text or the path of a .sql file.");
        }
        return Files.readString(file);
    }
}
