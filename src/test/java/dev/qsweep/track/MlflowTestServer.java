package dev.qsweep.track;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mlflow server} for tests: SQLite store and local artifacts under a directory, on a free loopback port,
 * from the test venv ({@code $QSWEEP_VENV}, made by bin/setup-venv). Can be stopped and started again on the same
 * port and store, to simulate an outage. Results are read through MLflow's REST API directly, not our client.
 */
public final class MlflowTestServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4); // gunicorn + imports take ~50 s on a busy 2-core box
    private final Path mlflow;
    private final Path directory;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private MlflowTestServer(Path mlflow, Path directory, int port) {
        this.mlflow = mlflow;
        this.directory = directory;
        this.port = port;
    }

    private static MlflowTestServer shared;

    /**
     * One server for every test class of this JVM (it takes tens of seconds to start), in target/, stopped when the
     * JVM exits. Tests keep apart by experiment names.
     */
    public static synchronized MlflowTestServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "mlflow-test-server-");
            shared = start(directory);
            MlflowTestServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return shared;
    }

    /** Starts a server and waits until {@code /health} answers. Fails (never skips) when MLflow is not installed. */
    public static MlflowTestServer start(Path directory) throws IOException, InterruptedException {
        String venv = System.getenv("QSWEEP_VENV");
        Path mlflow = venv == null ? Path.of(".venv", "bin", "mlflow") : Path.of(venv, "bin", "mlflow");
        if (!Files.isExecutable(mlflow)) {
            throw new IllegalStateException("no MLflow at " + mlflow.toAbsolutePath() + ". The MLflow tests talk to a real "
                    + "mlflow server: run bin/setup-venv (it installs scripts/requirements-test.txt, including mlflow, into "
                    + ".venv) and export QSWEEP_VENV=$PWD/.venv, or run everything with bin/test.");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MlflowTestServer server = new MlflowTestServer(mlflow, directory, port);
        server.startProcess();
        return server;
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server and its worker processes (the store stays); the port is free afterwards. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy); // SIGTERM: the CLI, uvicorn and its workers
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    /** Starts it again on the same port and store. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        Files.createDirectories(directory.resolve("artifacts"));
        Path log = directory.resolve("server.log");
        process = new ProcessBuilder(mlflow.toString(), "server", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--workers", "1",
                "--backend-store-uri", "sqlite:///" + directory.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination", directory.resolve("artifacts").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + "; its log:\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("mlflow server did not answer /health within " + START_TIMEOUT + "; log:\n"
                + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    // ---- REST reads, straight from the server ----

    public Object get(String pathAndQuery) throws IOException, InterruptedException {
        return Json.parse(getText(pathAndQuery));
    }

    public String getText(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    public byte[] getBytes(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(uri() + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    public Object post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Json.parse(response.body());
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object json) {
        return json == null ? List.of() : (List<Object>) json;
    }

    /** A run as runs/search returns it: info, tags, params, latest metrics. */
    public record Run(String runId, String name, String status, String artifactUri, Map<String, String> tags,
                      Map<String, String> params) {
    }

    public String experimentId(String name) throws IOException, InterruptedException {
        Map<String, Object> response = object(get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + encode(name)));
        return (String) object(response.get("experiment")).get("experiment_id");
    }

    /** Every active run of the experiment, following page tokens. */
    public List<Run> runs(String experimentId) throws IOException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        String token = null;
        do {
            String body = "{\"experiment_ids\": [\"" + experimentId + "\"], \"max_results\": 500"
                    + (token == null ? "" : ", \"page_token\": \"" + token + "\"") + "}";
            Map<String, Object> page = object(post("/api/2.0/mlflow/runs/search", body));
            for (Object item : list(page.get("runs"))) {
                Map<String, Object> info = object(object(item).get("info"));
                Map<String, Object> data = object(object(item).getOrDefault("data", Map.of()));
                runs.add(new Run((String) info.get("run_id"), (String) info.get("run_name"), (String) info.get("status"),
                        (String) info.get("artifact_uri"), keyValues(data.get("tags")), keyValues(data.get("params"))));
            }
            token = (String) page.get("next_page_token");
        } while (token != null && !token.isEmpty());
        return runs;
    }

    /** A metric's full history in step order (ties: server order), following page tokens. */
    public List<Point> history(String runId, String key) throws IOException, InterruptedException {
        List<Point> points = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> page = object(get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId
                    + "&metric_key=" + encode(key) + "&max_results=1000"
                    + (token == null ? "" : "&page_token=" + encode(token))));
            for (Object m : list(page.get("metrics"))) {
                Map<String, Object> metric = object(m);
                points.add(new Point(((Json.Num) metric.get("step")).asLong(), number(metric.get("value"))));
            }
            token = (String) page.get("next_page_token");
        } while (token != null && !token.isEmpty());
        points.sort((a, b) -> Long.compare(a.step(), b.step()));
        return points;
    }

    /** A metric point as read back. */
    public record Point(long step, double value) {
    }

    /** The run's artifact paths (recursively), via the tracking API's artifacts/list. */
    public List<String> artifacts(String runId, String path) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>();
        Map<String, Object> listing = object(get("/api/2.0/mlflow/artifacts/list?run_id=" + runId
                + (path.isEmpty() ? "" : "&path=" + encode(path))));
        for (Object f : list(listing.get("files"))) {
            Map<String, Object> file = object(f);
            if (Boolean.TRUE.equals(file.get("is_dir"))) {
                files.addAll(artifacts(runId, (String) file.get("path")));
            } else {
                files.add((String) file.get("path"));
            }
        }
        return files;
    }

    /** Downloads an artifact through the proxied artifact endpoint. */
    public byte[] artifact(Run run, String path) throws IOException, InterruptedException {
        return getBytes("/api/2.0/mlflow-artifacts/artifacts/" + MlflowServer.proxiedPath(run.artifactUri()) + "/" + path);
    }

    private static double number(Object value) {
        if (value instanceof Json.Num num) {
            return num.asDouble();
        }
        return Double.parseDouble(String.valueOf(value)); // "NaN", "Infinity"
    }

    private static Map<String, String> keyValues(Object entries) {
        Map<String, String> map = new java.util.TreeMap<>();
        for (Object e : list(entries)) {
            map.put((String) object(e).get("key"), (String) object(e).get("value"));
        }
        return map;
    }
}
