package dev.qsweep.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a table of {@code R}s, in order: the one declaration that every writer and reader of the table
 * derives its schema from (see {@link EpisodeRecord#SCHEMA}).
 *
 * @param table the table's name: its directory under a sweep, and its CSV file's base name
 */
public record RowSchema<R>(String table, String doc, List<Column<R>> columns) {
    public RowSchema {
        columns = List.copyOf(columns);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** The row's values in column order. */
    public List<Object> values(R row) {
        List<Object> values = new ArrayList<>(columns.size());
        for (Column<R> column : columns) {
            values.add(column.value().apply(row));
        }
        return values;
    }

    /** The position of the column {@code name}. */
    public int index(String name) {
        int index = names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(table + " has no column " + name + "; it has " + names());
        }
        return index;
    }
}
