package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One submission at a time per sweep output: two submissions into one directory would both train every trial. The lock
 * is a file {@code <sweep>/_qsweep.lock} created only if absent — atomically on local disks (O_EXCL) and HDFS; on
 * object stores without conditional writes two submissions starting in the same instant may still both get it. It
 * holds owner, host, pid and start time; a lock left by a process of this host that no longer runs (killed) is taken
 * over with a warning. The {@code _} prefix keeps Spark and Parquet readers from reading it as data.
 */
public final class SweepLock implements AutoCloseable {
    static final String FILE = "_qsweep.lock";

    private final FileSystem fs;
    private final Path path;
    private final String content;

    private SweepLock(FileSystem fs, Path path, String content) {
        this.fs = fs;
        this.path = path;
        this.content = content;
    }

    /**
     * Takes the sweep's lock, creating its directory.
     *
     * @throws SettingsException when another submission that may still run holds it, naming the holder and the fix
     */
    public static SweepLock acquire(SweepLayout layout, PrintWriter err) throws IOException {
        FileSystem fs = layout.rootPath().getFileSystem(HadoopFiles.configuration());
        Path path = new Path(layout.rootPath(), FILE);
        fs.mkdirs(layout.rootPath());
        Holder me = Holder.current();
        String content = me.text();
        if (tryCreate(fs, path, content)) {
            return new SweepLock(fs, path, content);
        }
        String text = read(fs, path);
        Optional<Holder> holder = Holder.parse(text);
        if (holder.isPresent() && me.host().equals(holder.get().host()) && !holder.get().isRunning()) {
            err.println("qsweep: warning: taking over the lock of an earlier submission that no longer runs ("
                    + holder.get().describe() + "; " + path + ")");
            err.flush();
            fs.delete(path, false);
            if (tryCreate(fs, path, content)) {
                return new SweepLock(fs, path, content);
            }
            holder = Holder.parse(read(fs, path));
        }
        throw new SettingsException(layout.root() + " is in use by another submission of this sweep ("
                + holder.map(Holder::describe).orElse("holder unknown: the lock file is being written or damaged")
                + "); two submissions into one output would both train every trial. Wait for it to finish. If it no "
                + "longer runs (e.g. it was killed on another machine), delete the lock file " + path + " and submit again.");
    }

    /** Releases the lock if it is still this submission's. */
    @Override
    public void close() throws IOException {
        if (fs.exists(path) && read(fs, path).equals(content)) {
            fs.delete(path, false);
        }
    }

    private static boolean tryCreate(FileSystem fs, Path path, String content) throws IOException {
        return HadoopFiles.createNew(fs, path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(FileSystem fs, Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException e) {
            return "";
        }
    }

    /** Who holds a lock. */
    record Holder(String owner, String host, long pid, Instant since) {
        static Holder current() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
            return new Holder(System.getProperty("user.name", "unknown"), host, ProcessHandle.current().pid(),
                    Instant.now());
        }

        String text() {
            return "owner=" + owner + "\nhost=" + host + "\npid=" + pid + "\nsince=" + since + "\n";
        }

        static Optional<Holder> parse(String text) {
            Map<String, String> fields = new LinkedHashMap<>();
            text.lines().forEach(line -> {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            });
            try {
                return Optional.of(new Holder(fields.get("owner"), fields.get("host"),
                        Long.parseLong(fields.get("pid")), Instant.parse(fields.get("since"))));
            } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
                return Optional.empty();
            }
        }

        /** Whether the process still runs: alive, and not a newer process that reuses the pid. */
        boolean isRunning() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(start -> !start.isAfter(since)).orElse(true))
                    .orElse(false);
        }

        String describe() {
            return "pid " + pid + " on host " + host + ", user " + owner + ", since " + since;
        }
    }
}
