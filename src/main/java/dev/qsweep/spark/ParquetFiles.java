package dev.qsweep.spark;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Writes a list of rows as one Parquet file, atomically: into a hidden temporary file, then renamed into place. */
final class ParquetFiles {
    private ParquetFiles() {
    }

    static <T> void write(FileSystem fs, Configuration conf, Path target, MessageType schema, List<T> rows,
                          BiConsumer<T, ParquetRow> fields) throws IOException {
        fs.mkdirs(target.getParent());
        // A leading dot hides the file from Spark's readers until it is complete.
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        OutputFile out = HadoopOutputFile.fromPath(temporary, conf);
        try (ParquetWriter<T> writer = new Builder<>(out, new RowWriteSupport<>(schema, fields))
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withConf(conf)
                .build()) {
            for (T row : rows) {
                writer.write(row);
            }
        }
        HadoopFiles.replace(fs, temporary, target);
        dropChecksumFile(fs, target);
    }

    /**
     * Hadoop's local file system writes a {@code .<name>.crc} beside each file; Polars refuses to read a table
     * directory that holds them ("paths with different file extensions"). Parquet files need no such sidecar.
     */
    private static void dropChecksumFile(FileSystem fs, Path file) throws IOException {
        if (fs instanceof ChecksumFileSystem checksummed) {
            checksummed.getRawFileSystem().delete(checksummed.getChecksumFile(file), false);
        }
    }

    private static final class RowWriteSupport<T> extends WriteSupport<T> {
        private final MessageType schema;
        private final BiConsumer<T, ParquetRow> fields;
        private RecordConsumer consumer;
        private ParquetRow row;

        RowWriteSupport(MessageType schema, BiConsumer<T, ParquetRow> fields) {
            this.schema = schema;
            this.fields = fields;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
            this.row = new ParquetRow(schema, recordConsumer);
        }

        @Override
        public void write(T record) {
            consumer.startMessage();
            fields.accept(record, row);
            consumer.endMessage();
        }
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> writeSupport;

        Builder(OutputFile file, WriteSupport<T> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
