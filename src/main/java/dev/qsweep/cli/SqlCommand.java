package dev.qsweep.cli;

import dev.qsweep.report.TextTable;
import dev.qsweep.spark.SweepQueries;
import dev.qsweep.spark.SweepTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
                + "(a scheduler's; episodes' return column needs backticks: `return`).",
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
        for (String query : queries) {
            sqls.add(sqlText(query));
        }
        try {
            SweepTables.checkExists(sweepDir, new Configuration()); // before Spark starts: a typo fails fast
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        SparkSession spark = SparkSession.builder().master(master).appName("qsweep sql")
                .config("spark.ui.enabled", false).config("spark.ui.showConsoleProgress", false)
                .config("spark.sql.debug.maxToStringFields", 200).getOrCreate();
        try {
            SweepTables.register(spark, sweepDir);
            for (int i = 0; i < sqls.size(); i++) {
                if (sqls.size() > 1) {
                    out.println((i > 0 ? "\n" : "") + "-- " + queries.get(i));
                }
                print(out, run(sqls.get(i)));
            }
            out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    private SweepQueries.Result run(String sql) {
        try {
            return SweepQueries.run(SparkSession.active(), sql, maxRows);
        } catch (Exception e) { // Scala's AnalysisException is checked for javac, yet undeclared
            if (e instanceof AnalysisException) {
                throw new UserError("the query failed: " + e.getMessage().lines().findFirst().orElse("")
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

    /** A {@code .sql} argument is read from its file (comments and a trailing semicolon are fine). */
    private static String sqlText(String query) throws IOException {
        String trimmed = query.trim();
        if (!trimmed.toLowerCase().endsWith(".sql")) {
            return stripSemicolon(trimmed);
        }
        Path file = Path.of(trimmed);
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such query file: " + file + ". Give SQL text or the path of a .sql file.");
        }
        return stripSemicolon(Files.readString(file).trim());
    }

    private static String stripSemicolon(String sql) {
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }
}
