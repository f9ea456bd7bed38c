package dev.qsweep.train;

import java.io.IOException;
import java.util.Optional;

/** Durable storage of a run's checkpoints. {@link #save} is atomic: a reader sees the old or the new checkpoint. */
public interface CheckpointStore {

    void save(long globalStep, byte[] checkpoint) throws IOException;

    /** The newest complete checkpoint, if any. */
    Optional<byte[]> loadLatest() throws IOException;

    /** Where the checkpoints live, for messages and result tables. */
    String location();
}
