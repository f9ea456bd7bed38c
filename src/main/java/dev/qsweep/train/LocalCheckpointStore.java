package dev.qsweep.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Checkpoint files in a local directory, each written to a temporary name and renamed atomically. */
public final class LocalCheckpointStore implements CheckpointStore {
    /** Prefix of this store's temporaries; other writers in the directory use other names. */
    static final String TEMPORARY_PREFIX = ".ckpt-in-progress-";
    private final Path directory;

    public LocalCheckpointStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public PendingFile create(String name) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID() + "-" + name);
        OutputStream out = Files.newOutputStream(temporary);
        return new PendingFile() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    out.close();
                    Files.deleteIfExists(temporary);
                }
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(directory.resolve(name));
    }

    @Override
    public Map<String, Long> list() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String name = path.getFileName().toString();
                if (!name.startsWith(TEMPORARY_PREFIX)) {
                    try {
                        files.put(name, Files.size(path));
                    } catch (NoSuchFileException gone) {
                        // deleted while listing
                    }
                }
            }
        }
        return files;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name));
    }

    @Override
    public void deleteTemporaries() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Override
    public String location() {
        return directory.toUri().toString();
    }
}
