package dev.qsweep.spark;

import dev.qsweep.train.CheckpointStore;
import dev.qsweep.train.CheckpointStoreContract;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** The store contract through Hadoop's local file system (the one sweeps on file: outputs use). */
class HadoopCheckpointStoreTest extends CheckpointStoreContract {

    @Override
    protected CheckpointStore storeIn(Path directory) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(directory.toUri());
        FileSystem fs = path.getFileSystem(new Configuration());
        return new HadoopCheckpointStore(fs, path);
    }
}
