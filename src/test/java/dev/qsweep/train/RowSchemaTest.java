package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each row record's {@link RowSchema} covers it exactly: every component is read by exactly one column, with the
 * column type of the component's Java type. A component added to a record without its column fails here.
 */
class RowSchemaTest {

    @Test
    void everyComponentOfEachRowRecordIsExactlyOneColumn() throws Exception {
        check(EpisodeRecord.class, EpisodeRecord.SCHEMA);
        check(EvalRecord.class, EvalRecord.SCHEMA);
        check(TrainStatsRecord.class, TrainStatsRecord.SCHEMA);
    }

    @Test
    void namesValuesAndIndexesFollowTheDeclaredOrder() {
        EpisodeRecord episode = new EpisodeRecord(3, 120, 21.5, 40, 0.25, 1.75);
        assertEquals(List.of("episode", "global_step", "return", "length", "epsilon", "wall_seconds"),
                EpisodeRecord.SCHEMA.names());
        assertEquals(List.of(3L, 120L, 21.5, 40, 0.25, 1.75), EpisodeRecord.SCHEMA.values(episode));
        assertEquals(1, EpisodeRecord.SCHEMA.index("global_step"));
        assertEquals(0, EvalRecord.SCHEMA.index("global_step"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> EvalRecord.SCHEMA.index("return"));
        assertEquals("evals has no column return; it has [global_step, mean, std, min, max, episodes]", missing.getMessage());
    }

    /** A record whose components hold distinct values, so a column's value says which component it read. */
    private static <R extends Record> void check(Class<R> type, RowSchema<R> schema) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Map<Object, String> componentOf = new HashMap<>();
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = distinct(types[i], i);
            componentOf.put(values[i], components[i].getName());
        }
        R row = type.getDeclaredConstructor(types).newInstance(values);
        List<String> read = new ArrayList<>();
        for (Column<R> column : schema.columns()) {
            Object value = column.value().apply(row);
            String component = componentOf.get(value);
            assertEquals(expectedType(value.getClass()), column.type(), schema.table() + "." + column.name());
            read.add(component);
        }
        assertEquals(List.of(components).stream().map(RecordComponent::getName).sorted().toList(),
                read.stream().sorted().toList(), schema.table() + ": each component read by exactly one column");
        assertEquals(schema.columns().size(), schema.names().stream().distinct().count(), "unique column names");
    }

    private static Object distinct(Class<?> type, int i) {
        if (type == long.class) {
            return 1000L + i;
        } else if (type == int.class) {
            return 2000 + i;
        } else if (type == double.class) {
            return 3000.5 + i;
        }
        return "value" + i;
    }

    private static Column.Type expectedType(Class<?> boxed) {
        if (boxed == Long.class) {
            return Column.Type.INT64;
        } else if (boxed == Integer.class) {
            return Column.Type.INT32;
        } else if (boxed == Double.class) {
            return Column.Type.DOUBLE;
        }
        return Column.Type.STRING;
    }
}
