package dev.qsweep.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints as files {@code checkpoint-<step>.qck} in a local directory, written to a temporary name and renamed
 * atomically. The newest two are kept, so a crash while writing never leaves the run without one.
 */
public final class LocalCheckpointStore implements CheckpointStore {
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".qck";
    private static final int KEEP = 2;
    private final Path directory;

    public LocalCheckpointStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void save(long globalStep, byte[] checkpoint) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve(".in-progress" + SUFFIX);
        Files.write(temporary, checkpoint);
        Files.move(temporary, directory.resolve(String.format("%s%012d%s", PREFIX, globalStep, SUFFIX)),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - KEEP; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    @Override
    public Optional<byte[]> loadLatest() throws IOException {
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(Files.readAllBytes(all.get(all.size() - 1)));
    }

    @Override
    public String location() {
        return directory.toUri().toString();
    }

    /** Oldest first; the zero-padded step makes name order step order. */
    private List<Path> checkpoints() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }
}
