package dev.qsweep.train;

import dev.qsweep.agent.ChunkedState;
import dev.qsweep.agent.SectionReader;
import dev.qsweep.agent.SectionWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoint format (version 2): a checkpoint is a set of named, versioned sections, each a file streamed into
 * the {@link CheckpointStore} with its CRC-32C computed on the way, and a small manifest committed last that lists the
 * sections and the length and checksum of every file they use. Nothing is held whole in memory, so a checkpoint has
 * no size limit.
 *
 * <p><b>Incremental chunks.</b> A chunked section (the replay memory) is a header plus one file per chunk; a checkpoint
 * writes only the chunks changed since the previous one and refers to the earlier files for the rest. There is no
 * chain of deltas: each manifest names every file it needs, so its cost is the changed chunks, its restore reads one
 * file per chunk, and deleting old checkpoints never breaks a newer one — a file is deleted only when no kept manifest
 * names it.
 *
 * <p><b>Damage.</b> A manifest whose checksum fails, a file missing or of another length, or a section whose checksum
 * fails while it is read makes that checkpoint damaged: a warning names it and the previous one is used. A checkpoint
 * of another format version, or with a section or section version this code does not know, is refused with what to do.
 */
public final class Checkpoints {
    private static final byte[] MAGIC = "QSWEEPCK".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 2;
    private static final int KEEP = 2;
    private static final Pattern MANIFEST = Pattern.compile("checkpoint-(\\d{12})\\.qck");
    private static final Pattern OWN_FILE = Pattern.compile("checkpoint-\\d{12}\\..+\\.(qsec|qchunk)");
    private static final int BUFFER_BYTES = 1 << 16;

    private final CheckpointStore store;
    private final Consumer<String> warnings;
    /** The files of the newest checkpoint written or restored, which unchanged chunks refer to. */
    private Map<String, FileEntry> previousFiles = Map.of();
    private Map<String, String[]> previousChunkFiles = Map.of();

    /** @param warnings told, in a sentence naming the file, when a damaged checkpoint is passed over */
    public Checkpoints(CheckpointStore store, Consumer<String> warnings) {
        this.store = store;
        this.warnings = warnings;
    }

    /** Writes state as sections. */
    public interface StateWriter {
        void write(SectionWriter out) throws IOException;
    }

    /** Reads state from sections; it must overwrite every part of the state, so a later fallback starts clean. */
    public interface StateReader {
        void read(SectionReader in) throws IOException;
    }

    record FileEntry(long length, int crc) {
    }

    private record Section(String name, int version, String file) {
    }

    record Manifest(long step, List<Section> sections, Map<String, FileEntry> files) {
    }

    /** Writes the checkpoint of {@code step}; it exists once this returns, and only the newest two are kept. */
    public void save(long step, StateWriter state) throws IOException {
        store.deleteTemporaries();
        Writer writer = new Writer(step);
        state.write(writer);
        ByteArrayOutputStream manifest = new ByteArrayOutputStream();
        encodeManifest(new Manifest(step, writer.sections, writer.files), manifest);
        try (CheckpointStore.PendingFile file = store.create(manifestName(step))) {
            manifest.writeTo(file.stream());
            file.commit();
        }
        writer.chunked.forEach(ChunkedState::markSaved);
        previousFiles = writer.files;
        previousChunkFiles = writer.chunkFiles;
        deleteUnreferenced();
    }

    /**
     * Restores the newest checkpoint that is not damaged, passing over (with a warning) those that are.
     *
     * @return its step, or empty when there is none
     * @throws CheckpointMismatchException for a checkpoint of another format or with sections this code cannot read
     * @throws CheckpointDamagedException  when checkpoints exist but every one is damaged
     */
    public OptionalLong restoreLatest(StateReader state) throws IOException {
        store.deleteTemporaries();
        Map<String, Long> listed = store.list();
        List<Long> steps = manifestSteps(listed);
        List<String> damaged = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            String name = manifestName(steps.get(i));
            try {
                Manifest manifest = readManifest(name, listed);
                Reader reader = new Reader(manifest);
                state.read(reader);
                reader.requireEverySectionRead();
                previousFiles = manifest.files();
                previousChunkFiles = reader.chunkFiles;
                reader.chunked.forEach(ChunkedState::markSaved);
                return OptionalLong.of(manifest.step());
            } catch (CheckpointDamagedException e) {
                String older = i > 0 ? "using the previous one, " + manifestName(steps.get(i - 1)) : "no older checkpoint is left";
                warnings.accept("checkpoint " + store.location() + "/" + name + " is damaged and was not used ("
                        + e.getMessage() + "); " + older);
                damaged.add(name + ": " + e.getMessage());
            }
        }
        if (!damaged.isEmpty()) {
            throw new CheckpointDamagedException("every checkpoint in " + store.location() + " is damaged: "
                    + String.join("; ", damaged) + ". Delete that directory to train the run again from the start.");
        }
        return OptionalLong.empty();
    }

    /** The step of the newest checkpoint whose manifest and file lengths check out (contents are checked on restore). */
    public static OptionalLong latestStep(CheckpointStore store) throws IOException {
        Map<String, Long> listed = store.list();
        List<Long> steps = manifestSteps(listed);
        for (int i = steps.size() - 1; i >= 0; i--) {
            try {
                readManifest(store, manifestName(steps.get(i)), listed);
                return OptionalLong.of(steps.get(i));
            } catch (CheckpointDamagedException e) {
                // an older one may be good
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The newest checkpoint as one zip file (the manifest and every file it names), for uploading as an artifact, or
     * empty when there is none or its files add up to more than {@code maxBytes}.
     */
    public static Optional<byte[]> exportLatest(CheckpointStore store, long maxBytes) throws IOException {
        Map<String, Long> listed = store.list();
        OptionalLong step = latestStep(store);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        String name = manifestName(step.getAsLong());
        Manifest manifest = readManifest(store, name, listed);
        long total = listed.get(name) + manifest.files().values().stream().mapToLong(FileEntry::length).sum();
        if (total > maxBytes) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            List<String> names = new ArrayList<>(manifest.files().keySet());
            names.add(0, name);
            for (String file : names) {
                zip.putNextEntry(new ZipEntry(file));
                try (InputStream in = store.open(file)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return Optional.of(bytes.toByteArray());
    }

    static String manifestName(long step) {
        return String.format("checkpoint-%012d.qck", step);
    }

    private static List<Long> manifestSteps(Map<String, Long> listed) {
        List<Long> steps = new ArrayList<>();
        for (String name : listed.keySet()) {
            Matcher m = MANIFEST.matcher(name);
            if (m.matches()) {
                steps.add(Long.parseLong(m.group(1)));
            }
        }
        steps.sort(null);
        return steps;
    }

    /** Keeps the newest {@link #KEEP} manifests and every file they name; deletes the rest of this format's files. */
    private void deleteUnreferenced() throws IOException {
        Map<String, Long> listed = store.list();
        List<Long> steps = manifestSteps(listed);
        for (int i = 0; i < steps.size() - KEEP; i++) {
            store.delete(manifestName(steps.get(i)));
        }
        Set<String> referenced = new HashSet<>();
        for (int i = Math.max(0, steps.size() - KEEP); i < steps.size(); i++) {
            try {
                referenced.addAll(readManifest(store, manifestName(steps.get(i)), listed).files().keySet());
            } catch (CheckpointDamagedException | CheckpointMismatchException e) {
                // a damaged or foreign manifest keeps nothing alive
            }
        }
        for (String name : listed.keySet()) {
            if (OWN_FILE.matcher(name).matches() && !referenced.contains(name)) {
                store.delete(name);
            }
        }
    }

    private Manifest readManifest(String name, Map<String, Long> listed) throws IOException {
        return readManifest(store, name, listed);
    }

    /** Reads and checks a manifest, and that every file it names is there with its length. */
    static Manifest readManifest(CheckpointStore store, String name, Map<String, Long> listed) throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(name)) {
            bytes = in.readAllBytes();
        }
        Manifest manifest = decodeManifest(name, bytes, store.location());
        for (Map.Entry<String, FileEntry> file : manifest.files().entrySet()) {
            Long length = listed.get(file.getKey());
            if (length == null) {
                throw new CheckpointDamagedException("its file " + file.getKey() + " is missing");
            }
            if (length != file.getValue().length()) {
                throw new CheckpointDamagedException("its file " + file.getKey() + " has " + length + " bytes, "
                        + file.getValue().length() + " were written (truncated?)");
            }
        }
        return manifest;
    }

    private static void encodeManifest(Manifest manifest, OutputStream target) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(manifest.step());
        out.writeInt(manifest.sections().size());
        for (Section section : manifest.sections()) {
            out.writeUTF(section.name());
            out.writeInt(section.version());
            out.writeUTF(section.file());
        }
        out.writeInt(manifest.files().size());
        for (Map.Entry<String, FileEntry> file : manifest.files().entrySet()) {
            out.writeUTF(file.getKey());
            out.writeLong(file.getValue().length());
            out.writeInt(file.getValue().crc());
        }
        out.flush();
        byte[] bytes = body.toByteArray();
        DataOutputStream sealed = new DataOutputStream(target);
        sealed.write(bytes);
        sealed.writeInt(crc(bytes, bytes.length));
        sealed.flush();
    }

    static Manifest decodeManifest(String name, byte[] bytes, String location) throws IOException {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new CheckpointDamagedException("not a qsweep checkpoint manifest (" + bytes.length + " bytes, bad magic)");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - MAGIC.length));
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new CheckpointMismatchException("the checkpoint " + location + "/" + name + " is in format " + version
                    + ", which this qsweep does not read (it reads format " + FORMAT_VERSION + (version < FORMAT_VERSION
                    ? "; format 1 held the whole checkpoint in one array, capped at 2 GB" : "; it was written by a newer qsweep")
                    + "). Train the run again from the start: delete " + location + " (for `qsweep train`, or train into a "
                    + "new --out without --resume); a sweep then re-runs the trial on its next submission.");
        }
        if (bytes.length < MAGIC.length + 8 || crc(bytes, bytes.length - 4)
                != ((bytes[bytes.length - 4] & 0xFF) << 24 | (bytes[bytes.length - 3] & 0xFF) << 16
                | (bytes[bytes.length - 2] & 0xFF) << 8 | (bytes[bytes.length - 1] & 0xFF))) {
            throw new CheckpointDamagedException("the manifest's checksum does not match (truncated or corrupted)");
        }
        try {
            long step = in.readLong();
            List<Section> sections = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                sections.add(new Section(in.readUTF(), in.readInt(), in.readUTF()));
            }
            Map<String, FileEntry> files = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                files.put(in.readUTF(), new FileEntry(in.readLong(), in.readInt()));
            }
            return new Manifest(step, sections, files);
        } catch (IOException e) {
            throw new CheckpointDamagedException("the manifest cannot be read: " + e.getMessage(), e);
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** Streams sections into the store, each file checksummed as it is written and committed on its own. */
    private final class Writer implements SectionWriter {
        private final long step;
        final List<Section> sections = new ArrayList<>();
        final Map<String, FileEntry> files = new LinkedHashMap<>();
        final Map<String, String[]> chunkFiles = new HashMap<>();
        final List<ChunkedState> chunked = new ArrayList<>();

        Writer(long step) {
            this.step = step;
        }

        @Override
        public void write(String name, int version, Body body) throws IOException {
            String file = sectionFile(name);
            writeFile(file, body);
            sections.add(new Section(name, version, file));
        }

        @Override
        public void writeChunked(String name, int version, ChunkedState state) throws IOException {
            String[] previous = previousChunkFiles.get(name);
            if (previous != null && previous.length != state.chunkCount()) {
                previous = null;
            }
            String[] current = new String[state.chunkCount()];
            for (int c = 0; c < current.length; c++) {
                int chunk = c;
                if (state.chunkChanged(c)) {
                    current[c] = String.format("checkpoint-%012d.%s.%d.qchunk", step, name, c);
                    writeFile(current[c], out -> state.writeChunk(chunk, out));
                } else if (previous != null && !previous[c].isEmpty()) {
                    current[c] = previous[c];
                    files.put(current[c], previousFiles.get(current[c]));
                } else {
                    current[c] = ""; // never written: zeros
                }
            }
            write(name, version, out -> {
                state.writeHeader(out);
                out.writeInt(current.length);
                for (String file : current) {
                    out.writeUTF(file);
                }
            });
            chunkFiles.put(name, current);
            chunked.add(state);
        }

        private String sectionFile(String name) {
            if (!name.matches("[a-z0-9_.]+")) {
                throw new IllegalArgumentException("section names are lower case letters, digits, '_' and '.': " + name);
            }
            return String.format("checkpoint-%012d.%s.qsec", step, name);
        }

        private void writeFile(String file, Body body) throws IOException {
            try (CheckpointStore.PendingFile pending = store.create(file)) {
                CRC32C crc = new CRC32C();
                CountingOutputStream counted = new CountingOutputStream(
                        new CheckedOutputStream(new BufferedOutputStream(pending.stream(), BUFFER_BYTES), crc));
                DataOutputStream out = new DataOutputStream(counted);
                body.write(out);
                out.flush();
                pending.commit();
                files.put(file, new FileEntry(counted.count, (int) crc.getValue()));
            }
        }
    }

    /** Reads sections of one manifest, checking each file's length and checksum as it streams. */
    private final class Reader implements SectionReader {
        private final Manifest manifest;
        private final Set<String> read = new HashSet<>();
        final Map<String, String[]> chunkFiles = new HashMap<>();
        final List<ChunkedState> chunked = new ArrayList<>();

        Reader(Manifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public void read(String name, int version, Body body) throws IOException {
            Section section = manifest.sections().stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new CheckpointMismatchException("the checkpoint " + store.location() + "/"
                            + manifestName(manifest.step()) + " has no section '" + name + "'; it was written by another "
                            + "qsweep version or for other settings. Train the run again from the start in a new output."));
            if (section.version() != version) {
                throw new CheckpointMismatchException("section '" + name + "' of the checkpoint " + store.location() + "/"
                        + manifestName(manifest.step()) + " is version " + section.version() + "; this qsweep reads version "
                        + version + ". Use the qsweep that wrote it, or train the run again from the start in a new output.");
            }
            read.add(name);
            readFile(section.file(), body);
        }

        @Override
        public void readChunked(String name, int version, ChunkedState state) throws IOException {
            String[][] files = new String[1][];
            read(name, version, in -> {
                state.readHeader(in);
                int count = in.readInt();
                if (count != state.chunkCount()) {
                    throw new IOException("section '" + name + "' has " + count + " chunks, this run's has " + state.chunkCount());
                }
                files[0] = new String[count];
                for (int c = 0; c < count; c++) {
                    files[0][c] = in.readUTF();
                }
            });
            for (int c = 0; c < files[0].length; c++) {
                int chunk = c;
                if (files[0][c].isEmpty()) {
                    state.zeroChunk(c);
                } else {
                    readFile(files[0][c], in -> state.readChunk(chunk, in));
                }
            }
            chunkFiles.put(name, files[0]);
            chunked.add(state);
        }

        void requireEverySectionRead() {
            List<String> unknown = manifest.sections().stream().map(Section::name).filter(n -> !read.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new CheckpointMismatchException("the checkpoint " + store.location() + "/" + manifestName(manifest.step())
                        + " has sections this qsweep does not know: " + unknown + ". It was written by a newer qsweep; "
                        + "use that one, or train the run again from the start in a new output.");
            }
        }

        /**
         * Streams a file into {@code body}, then checks its length and checksum. A body that fails on damaged bytes
         * (a bad magic, an impossible length) is reported as damage when the checksum also fails.
         */
        private void readFile(String file, Body body) throws IOException {
            FileEntry expected = manifest.files().get(file);
            if (expected == null) {
                throw new CheckpointDamagedException("its manifest does not list the file " + file);
            }
            CRC32C crc = new CRC32C();
            try (InputStream raw = store.open(file)) {
                CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, BUFFER_BYTES), crc);
                DataInputStream in = new DataInputStream(checked);
                Exception failure = null;
                try {
                    body.read(in);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
                in.transferTo(OutputStream.nullOutputStream());
                boolean intact = (int) crc.getValue() == expected.crc();
                if (!intact) {
                    throw new CheckpointDamagedException("the checksum of " + file + " does not match (corrupted)", failure);
                }
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
            } catch (FileNotFoundException | NoSuchFileException e) {
                throw new CheckpointDamagedException("its file " + file + " is missing", e);
            }
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
