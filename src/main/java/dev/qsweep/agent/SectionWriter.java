package dev.qsweep.agent;

import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Where state is saved: named, versioned sections, each written as a stream (the checkpoint format lives in
 * {@code dev.qsweep.train}; agents and the trainer only name their sections).
 */
public interface SectionWriter {

    /** Streams one section; {@code version} is what its reader will ask for. */
    void write(String name, int version, Body body) throws IOException;

    /** A chunked section: only the chunks changed since the previous checkpoint are written. */
    void writeChunked(String name, int version, ChunkedState state) throws IOException;

    /** Writes a section's bytes. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }
}
