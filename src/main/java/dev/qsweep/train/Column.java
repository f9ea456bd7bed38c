package dev.qsweep.train;

import java.util.function.Function;

/**
 * One column of a table whose rows are {@code R}s, declared once: the Parquet files, the SQL views, the CSV files and
 * docs/TABLES.md derive theirs from it.
 *
 * @param unit what the value counts or measures ("env steps", "seconds"), or "" for an id, a label or a plain count
 * @param value reads the column's value from a row (boxed as its {@link Type})
 */
public record Column<R>(String name, Type type, String unit, String doc, Function<R, ?> value) {

    /** The value types of the tables, named as Parquet's physical types. */
    public enum Type {
        INT32, INT64, DOUBLE, STRING
    }

    public static <R> Column<R> of(String name, Type type, String unit, String doc, Function<R, ?> value) {
        return new Column<>(name, type, unit, doc, value);
    }
}
