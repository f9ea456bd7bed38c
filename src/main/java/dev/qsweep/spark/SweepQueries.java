package dev.qsweep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs SQL over a sweep's views and returns the result as plain Java values, for the console. */
public final class SweepQueries {

    /**
     * A query's result.
     *
     * @param rows at most the asked number of rows; values are Java values (arrays become lists)
     * @param truncated whether more rows exist than returned
     */
    public record Result(List<String> columns, List<List<Object>> rows, boolean truncated) {
    }

    private SweepQueries() {
    }

    /**
     * Opens the session's views over {@code sweepRoot} (see {@link SweepTables#register}) and runs {@code sql}.
     *
     * @throws org.apache.spark.sql.AnalysisException on a query Spark cannot parse or resolve
     */
    public static Result run(SparkSession spark, String sql, int maxRows) {
        Dataset<Row> result = spark.sql(sql);
        List<Row> rows = result.limit(maxRows + 1).collectAsList();
        List<List<Object>> values = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(rows.size(), maxRows))) {
            List<Object> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(javaValue(row.get(i)));
            }
            values.add(cells);
        }
        return new Result(List.of(result.columns()), values, rows.size() > maxRows);
    }

    private static Object javaValue(Object value) {
        if (value instanceof scala.collection.Seq<?> seq) {
            return ScalaCollections.toList(seq);
        }
        return value;
    }
}
