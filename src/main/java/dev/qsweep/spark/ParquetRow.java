package dev.qsweep.spark;

import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Writes the fields of one Parquet row by name; a null (or NaN, for optional numbers) leaves the field out. */
final class ParquetRow {
    private final MessageType schema;
    private final RecordConsumer consumer;

    ParquetRow(MessageType schema, RecordConsumer consumer) {
        this.schema = schema;
        this.consumer = consumer;
    }

    ParquetRow int32(String field, int value) {
        int index = start(field);
        consumer.addInteger(value);
        return end(field, index);
    }

    ParquetRow int64(String field, long value) {
        int index = start(field);
        consumer.addLong(value);
        return end(field, index);
    }

    ParquetRow float64(String field, double value) {
        int index = start(field);
        consumer.addDouble(value);
        return end(field, index);
    }

    /** An optional double: NaN is written as null (no value), as SQL aggregates should skip it. */
    ParquetRow optionalFloat64(String field, double value) {
        return Double.isNaN(value) ? this : float64(field, value);
    }

    /** An optional step: negative means none. */
    ParquetRow optionalInt64(String field, long value) {
        return value < 0 ? this : int64(field, value);
    }

    ParquetRow bool(String field, boolean value) {
        int index = start(field);
        consumer.addBoolean(value);
        return end(field, index);
    }

    ParquetRow string(String field, String value) {
        if (value == null) {
            return this;
        }
        int index = start(field);
        consumer.addBinary(Binary.fromString(value));
        return end(field, index);
    }

    /** The standard three-level LIST: {@code group (LIST) { repeated group list { required int32 element; } }}. */
    ParquetRow int32List(String field, List<Integer> values) {
        int index = start(field);
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("list", 0);
            for (int value : values) {
                consumer.startGroup();
                consumer.startField("element", 0);
                consumer.addInteger(value);
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
        return end(field, index);
    }

    private int start(String field) {
        int index = schema.getFieldIndex(field);
        consumer.startField(field, index);
        return index;
    }

    private ParquetRow end(String field, int index) {
        consumer.endField(field, index);
        return this;
    }
}
