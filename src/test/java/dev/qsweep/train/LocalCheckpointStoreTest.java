package dev.qsweep.train;

import java.nio.file.Path;

class LocalCheckpointStoreTest extends CheckpointStoreContract {

    @Override
    protected CheckpointStore storeIn(Path directory) {
        return new LocalCheckpointStore(directory);
    }
}
