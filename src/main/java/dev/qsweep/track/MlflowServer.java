package dev.qsweep.track;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow_project.apachehttp.client.config.RequestConfig;
import org.mlflow_project.apachehttp.conn.ssl.NoopHostnameVerifier;
import org.mlflow_project.apachehttp.conn.ssl.SSLConnectionSocketFactory;
import org.mlflow_project.apachehttp.conn.ssl.TrustSelfSignedStrategy;
import org.mlflow_project.apachehttp.impl.client.HttpClientBuilder;
import org.mlflow_project.apachehttp.ssl.SSLContextBuilder;

/**
 * The calls qsweep makes to an MLflow tracking server: the Java client for the tracking REST API (in the request
 * sizes {@code runs/log-batch} accepts), and plain HTTP for the proxied artifact endpoint, which the Java client only
 * reaches through the Python CLI.
 */
public final class MlflowServer implements AutoCloseable {
    /** log-batch limits per request (MLflow REST API). */
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_TAGS_PER_BATCH = 100;
    /** Longer param values are rejected by the server. */
    static final int MAX_PARAM_VALUE_CHARS = 6000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ARTIFACT_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Longest wait for any answer from a tracking-API call. The Java client has none of its own, so a server that
     * accepts connections but hangs would block the sending thread forever; a timed-out request counts as failed,
     * and the sender re-reads the run's latest steps before sending again.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String trackingUri;
    private final MlflowClient client;
    private final HttpClient http;

    public MlflowServer(String trackingUri) {
        this(trackingUri, REQUEST_TIMEOUT);
    }

    MlflowServer(String trackingUri, Duration requestTimeout) {
        this.trackingUri = trackingUri;
        this.client = new MlflowClient(trackingUri);
        installTimeouts(client, requestTimeout);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * Gives the Java client's HTTP connection timeouts. mlflow-client 2.17.2 builds its Apache HttpClient lazily,
     * without timeouts, only when none is set, and offers no option for it; so this sets one (built the way the
     * library builds it, including its MLFLOW_TRACKING_INSECURE_TLS variant) into its caller before first use.
     */
    private static void installTimeouts(MlflowClient client, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        RequestConfig config = RequestConfig.custom().setConnectTimeout(Math.toIntExact(CONNECT_TIMEOUT.toMillis()))
                .setConnectionRequestTimeout(millis).setSocketTimeout(millis).build();
        HttpClientBuilder builder = HttpClientBuilder.create().setDefaultRequestConfig(config);
        if ("true".equalsIgnoreCase(System.getenv("MLFLOW_TRACKING_INSECURE_TLS"))) {
            try {
                builder.setSSLSocketFactory(new SSLConnectionSocketFactory(new SSLContextBuilder()
                        .loadTrustMaterial(null, new TrustSelfSignedStrategy()).build(), new NoopHostnameVerifier()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the TLS context MLFLOW_TRACKING_INSECURE_TLS asks for", e);
            }
        }
        try {
            java.lang.reflect.Field callerField = MlflowClient.class.getDeclaredField("httpCaller");
            callerField.setAccessible(true);
            Object caller = callerField.get(client);
            java.lang.reflect.Field httpClientField = caller.getClass().getDeclaredField("httpClient");
            httpClientField.setAccessible(true);
            httpClientField.set(caller, builder.build());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A client version with another layout: say so loudly rather than run without timeouts unnoticed.
            throw new IllegalStateException("cannot set HTTP timeouts on this mlflow-client version ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); qsweep is built for 2.17.2", e);
        }
    }

    public String trackingUri() {
        return trackingUri;
    }

    /**
     * Asks the server for one experiment, with a timeout, to tell "nothing listens there" and "not an MLflow server"
     * apart from a working server.
     *
     * @throws IOException saying what answered (or did not)
     */
    public void checkReachable(Duration timeout) throws IOException {
        URI uri = URI.create(trackingUri + "/api/2.0/mlflow/experiments/search?max_results=1");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("no answer from " + trackingUri + " (connection refused: nothing listens there)", e);
        } catch (IOException e) {
            throw new IOException("no answer from " + trackingUri + " (" + describe(e) + ")", e);
        }
        if (response.statusCode() != 200 || !response.body().contains("experiments")) {
            throw new IOException(trackingUri + " answered HTTP " + response.statusCode()
                    + " to an MLflow API call; is it an MLflow tracking server?");
        }
    }

    /** Active or deleted. (Not get-by-name: the Java client retries its 404 for a missing one three times.) */
    public Optional<Experiment> experimentByName(String name) {
        if (name.contains("'")) {
            return client.getExperimentByName(name);
        }
        return client.searchExperiments("name = '" + name + "'", ViewType.ALL, 10, List.of()).getItems().stream()
                .filter(e -> e.getName().equals(name)).findFirst();
    }

    public String createExperiment(String name) {
        return client.createExperiment(name);
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        client.setExperimentTag(experimentId, key, value);
    }

    public RunInfo createRun(String experimentId, String runName, Map<String, String> tags) {
        CreateRun.Builder request = CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
                .setStartTime(System.currentTimeMillis());
        tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
        return client.createRun(request.build());
    }

    /** The active runs of an experiment whose tag {@code key} has {@code value}, newest first. */
    public List<RunInfo> runsTagged(String experimentId, String key, String value) {
        String filter = "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'";
        List<RunInfo> runs = new ArrayList<>(client.searchRuns(List.of(experimentId), filter));
        runs.sort((a, b) -> Long.compare(b.getStartTime(), a.getStartTime()));
        return runs;
    }

    public Run run(String runId) {
        return client.getRun(runId);
    }

    /** The newest step the server holds for each metric of the run (runs/get returns each key's latest point). */
    public Map<String, Long> latestSteps(String runId) {
        Map<String, Long> latest = new HashMap<>();
        for (Metric metric : client.getRun(runId).getData().getMetricsList()) {
            latest.merge(metric.getKey(), metric.getStep(), Math::max);
        }
        return latest;
    }

    /** Sends at most {@link #MAX_METRICS_PER_BATCH} points in one request. */
    public void logMetrics(String runId, List<MetricPoint> points) {
        if (points.size() > MAX_METRICS_PER_BATCH) {
            throw new IllegalArgumentException(points.size() + " points in one batch; at most " + MAX_METRICS_PER_BATCH);
        }
        List<Metric> metrics = new ArrayList<>(points.size());
        for (MetricPoint p : points) {
            metrics.add(Metric.newBuilder().setKey(p.key()).setValue(p.value()).setStep(p.step())
                    .setTimestamp(p.timestampMillis()).build());
        }
        client.logBatch(runId, metrics, List.of(), List.of());
    }

    /** Logs params (values cut to the server's limit) and tags, in as many requests as the limits ask. */
    public void logParamsAndTags(String runId, Map<String, String> params, Map<String, String> tags) {
        List<Param> paramList = new ArrayList<>();
        params.forEach((k, v) -> paramList.add(Param.newBuilder().setKey(k)
                .setValue(v.length() > MAX_PARAM_VALUE_CHARS ? v.substring(0, MAX_PARAM_VALUE_CHARS) : v).build()));
        List<RunTag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(RunTag.newBuilder().setKey(k).setValue(v).build()));
        for (int i = 0; i < paramList.size(); i += MAX_PARAMS_PER_BATCH) {
            client.logBatch(runId, List.of(), paramList.subList(i, Math.min(paramList.size(), i + MAX_PARAMS_PER_BATCH)),
                    List.of());
        }
        for (int i = 0; i < tagList.size(); i += MAX_TAGS_PER_BATCH) {
            client.logBatch(runId, List.of(), List.of(), tagList.subList(i, Math.min(tagList.size(), i + MAX_TAGS_PER_BATCH)));
        }
    }

    public void setTag(String runId, String key, String value) {
        client.setTag(runId, key, value);
    }

    public void terminate(String runId, RunStatus status) {
        client.setTerminated(runId, status, System.currentTimeMillis());
    }

    /** Marks a reused run as running again (the client has no call for it; runs/update takes a status). */
    public void markRunning(String runId) {
        client.sendPost("runs/update", "{\"run_id\": \"" + runId + "\", \"status\": \"RUNNING\"}");
    }

    public List<Metric> history(String runId, String key) {
        return client.getMetricHistory(runId, key);
    }

    /**
     * Uploads {@code bytes} as the run's artifact {@code path} with HTTP PUT to the server's proxied artifact
     * endpoint. Only runs whose artifact URI is {@code mlflow-artifacts:} (a server started with artifact serving,
     * MLflow's default) can be reached this way.
     *
     * @throws IOException when the run's artifacts live elsewhere, or the upload fails
     */
    public void putArtifact(RunInfo run, String path, byte[] bytes, String contentType) throws IOException {
        URI uri = URI.create(trackingUri + "/api/2.0/mlflow-artifacts/artifacts/" + proxiedPath(run.getArtifactUri())
                + "/" + encodePath(path));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ARTIFACT_TIMEOUT)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("uploading " + path + " to " + uri + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /**
     * {@code mlflow-artifacts:/1/abc/artifacts} (or with a {@code //host:port} authority) → {@code 1/abc/artifacts}.
     */
    static String proxiedPath(String artifactUri) throws IOException {
        String scheme = "mlflow-artifacts:";
        if (artifactUri == null || !artifactUri.startsWith(scheme)) {
            throw new IOException("the run's artifacts live at '" + artifactUri + "', not behind the tracking server; "
                    + "start the server with artifact serving (mlflow server --serve-artifacts, the default; "
                    + "bin/mlflow-server does) so executors can upload over HTTP");
        }
        String rest = artifactUri.substring(scheme.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return rest;
    }

    private static String encodePath(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", segments);
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close();
    }
}
