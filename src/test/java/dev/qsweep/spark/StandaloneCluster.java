package dev.qsweep.spark;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: one master and N one-core workers, started from
 * the Spark distribution that the {@code pyspark} wheel in the test venv carries ({@code bin/spark-class}, {@code jars/}).
 * The venv comes from {@code bin/setup-venv}; {@code bin/test} exports its path as {@code QSWEEP_VENV}. Without it the
 * tests fail (they never skip): a cluster test that silently does not run proves nothing.
 */
final class StandaloneCluster implements AutoCloseable {
    /** Master and workers agree on it; short, so a killed worker is declared lost in seconds, not a minute. */
    private static final int WORKER_TIMEOUT_SECONDS = 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path sparkHome;
    private final Path directory;
    private final int masterPort;
    private final int masterUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path sparkHome, Path directory) throws IOException {
        this.sparkHome = sparkHome;
        this.directory = directory;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        this.master = launch(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)),
                "SPARK_MASTER_OPTS", directory.resolve("master.log"));
    }

    /** Starts a master and {@code workerCount} workers with one core each, and waits until all are registered. */
    static StandaloneCluster start(Path directory, int workerCount) throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(sparkHome(), directory);
        try {
            cluster.awaitAliveWorkers(0);
            for (int i = 0; i < workerCount; i++) {
                cluster.workers.add(null);
                cluster.startWorker(i);
            }
            cluster.awaitAliveWorkers(workerCount);
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * {@code SPARK_HOME}: the pyspark package inside the venv named by the environment variable that the build passes
     * as {@code qsweep.clusterVenvVariable} ({@code QSWEEP_VENV} for Spark 4, {@code QSWEEP_VENV_SPARK35} in the
     * {@code spark35} profile). It must carry the very Spark the tests were built for ({@code qsweep.sparkVersion},
     * {@code qsweep.scalaBinaryVersion}): a cluster of another version would pass for the wrong reason.
     */
    static Path sparkHome() {
        String variable = System.getProperty("qsweep.clusterVenvVariable", "QSWEEP_VENV");
        String venv = System.getenv(variable);
        if (venv == null || venv.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the cluster tests need a venv with pyspark. "
                    + "Run the tests with bin/test, which creates it (bin/setup-venv) and exports " + variable + ".");
        }
        Path home;
        try (Stream<Path> pythons = Files.list(Path.of(venv, "lib"))) {
            home = pythons.map(p -> p.resolve("site-packages/pyspark"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/spark-submit"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no pyspark with bin/spark-submit in " + venv
                            + "; re-create the venv with bin/setup-venv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the venv " + venv + "; create it with bin/setup-venv", e);
        }
        Path core = home.resolve("jars/spark-core_" + scalaBinaryVersion() + "-" + sparkVersion() + ".jar");
        if (!Files.isRegularFile(core)) {
            throw new IllegalStateException("the pyspark in " + variable + "=" + venv + " is not Spark " + sparkVersion()
                    + " for Scala " + scalaBinaryVersion() + " (no " + core.getFileName() + " in " + home.resolve("jars")
                    + "); re-create it with bin/setup-venv");
        }
        return home;
    }

    /** The Spark version the tests were built against (the pom's spark.version). */
    static String sparkVersion() {
        return System.getProperty("qsweep.sparkVersion", "4.1.3");
    }

    static String scalaBinaryVersion() {
        return System.getProperty("qsweep.scalaBinaryVersion", "2.13");
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path workDirectory(int worker) {
        return directory.resolve("worker-" + worker);
    }

    /** (Re)starts worker {@code index}; the caller waits for registration with {@link #awaitAliveWorkers}. */
    void startWorker(int index) throws IOException {
        Path workDir = Files.createDirectories(workDirectory(index));
        workers.set(index, launch(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                "--memory", "2g", "--work-dir", workDir.toString(), "--webui-port", "0", masterUrl()),
                "SPARK_WORKER_OPTS", directory.resolve("worker-" + index + ".log")));
    }

    /** Kills worker {@code index} and the executors it launched at once (SIGKILL), as if its machine died. */
    void killWorker(int index) {
        Process worker = workers.get(index);
        List<ProcessHandle> executors = worker.descendants().toList(); // before the kill: orphans are no descendants
        worker.destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
    }

    /** The worker whose work directory holds the given executor of the given application, if any. */
    Optional<Integer> workerOf(String applicationId, String executorId) {
        for (int i = 0; i < workers.size(); i++) {
            if (Files.isDirectory(workDirectory(i).resolve(applicationId).resolve(executorId))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Waits until the master reports exactly {@code count} ALIVE workers. */
    void awaitAliveWorkers(int count) {
        await(Duration.ofSeconds(90), "the master at " + masterUrl() + " to report " + count + " alive worker(s)", () -> {
            Optional<Object> state = getJson(masterUiPort, "/json/");
            return state.isPresent() && ((Json.Num) ((Map<?, ?>) state.get()).get("aliveworkers")).asLong() == count;
        });
    }

    /** {@code spark-submit} as a user types it, with the cluster as master. */
    ProcessBuilder submit(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(sparkHome.resolve("bin/spark-submit").toString(),
                "--master", masterUrl(), "--conf", "spark.driver.host=127.0.0.1"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder);
        return builder;
    }

    /**
     * The log files under the cluster's directory (master, workers, the executors' stdout and stderr, what a test
     * redirected spark-submit to) that contain {@code text}.
     */
    List<Path> logsContaining(String text) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> found = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                boolean log = name.endsWith(".log") || name.endsWith(".err") || name.endsWith(".out")
                        || name.equals("stderr") || name.equals("stdout");
                if (log && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
                    found.add(file);
                }
            }
            return found;
        }
    }

    /** GET a JSON document from a local web UI; empty when it does not answer (yet). */
    static Optional<Object> getJson(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(Json.parse(response.body())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not up yet, or a "starting up" page instead of JSON
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process launch(List<String> arguments, String optionsVariable, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(sparkHome.resolve("bin/spark-class").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment(builder);
        builder.environment().put(optionsVariable, "-Dspark.worker.timeout=" + WORKER_TIMEOUT_SECONDS);
        return builder.start();
    }

    private void environment(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", scalaBinaryVersion());
        env.put("SPARK_LOCAL_IP", "127.0.0.1"); // every process on loopback, and no "resolves to a loopback" warning
        env.put("SPARK_CONF_DIR", directory.resolve("conf").toString()); // none of the user's spark-defaults
    }

    @Override
    public void close() {
        for (Process worker : workers) {
            if (worker != null) {
                worker.descendants().forEach(ProcessHandle::destroyForcibly);
                worker.destroyForcibly();
            }
        }
        master.destroyForcibly();
    }
}
