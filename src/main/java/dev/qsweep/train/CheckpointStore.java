package dev.qsweep.train;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The files of a run's checkpoints: a flat directory of named files, each streamed under a temporary name and
 * committed by a rename, so a reader sees a whole file or none. {@link Checkpoints} builds checkpoints from them:
 * section files first, the manifest last, so a checkpoint exists from the moment its manifest is committed and
 * never half. The store may share its directory with other files (e.g. MLflow's pending points); it touches only
 * the names it is given and its own temporaries.
 */
public interface CheckpointStore {

    /**
     * Starts a file. Its bytes are visible under {@code name} only once {@link PendingFile#commit} returns (replacing a
     * committed file of that name); closing it without a commit discards them.
     */
    PendingFile create(String name) throws IOException;

    /** Reads a committed file. */
    InputStream open(String name) throws IOException;

    /** The committed files and their lengths in bytes; temporaries are not listed. */
    Map<String, Long> list() throws IOException;

    /** Deletes a committed file, if it exists. */
    void delete(String name) throws IOException;

    /** Deletes the temporaries of writers that died before committing (called before each save and load). */
    void deleteTemporaries() throws IOException;

    /** Where the checkpoints live, for messages and result tables. */
    String location();

    /** A file being written. */
    interface PendingFile extends Closeable {
        OutputStream stream();

        /** Makes the file visible under its name, atomically. */
        void commit() throws IOException;
    }
}
