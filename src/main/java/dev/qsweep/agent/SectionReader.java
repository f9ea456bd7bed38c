package dev.qsweep.agent;

import java.io.DataInputStream;
import java.io.IOException;

/** Reads the sections a {@link SectionWriter} wrote; a missing section or another version is refused. */
public interface SectionReader {

    /** Reads one section; its checksum is verified when {@code body} returns. */
    void read(String name, int version, Body body) throws IOException;

    /** Restores a chunked section exactly (chunks without a file become zeros). */
    void readChunked(String name, int version, ChunkedState state) throws IOException;

    /** Reads a section's bytes. */
    interface Body {
        void read(DataInputStream in) throws IOException;
    }
}
