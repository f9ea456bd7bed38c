package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.testutil.Json;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.LocalCheckpointStore;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The application jar, submitted with a real {@code spark-submit} to a real standalone cluster (a master and two
 * one-core workers on 127.0.0.1), of the Spark version the build targets (Spark 4 by default, Spark 3.5 with
 * {@code -Pspark35}; see {@link StandaloneCluster#sparkHome}): the sweep survives losing a worker in the middle of a trial without losing or
 * duplicating a row, and a re-submitted finished sweep trains nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitIT {
    private static final int STEPS = 6_000;
    private static final int CHECKPOINT_INTERVAL = 1_000;
    /** What Spark logs when it was not told its address and the host name resolves to loopback. */
    private static final String LOOPBACK_WARNING = "resolves to a loopback address";
    private static final String SWEEP = """
            name = cluster
            env = CartPole-v1
            preset = cartpole
            settings {
              hidden_sizes = [32, 32]
              learning_starts = 500
              train_frequency = 64
              gradient_steps = 16
              eval_interval = 2500
              eval_episodes = 3
              checkpoint_interval = %d
            }
            grid { learning_rate = [2.3e-3, 1e-3] }
            seeds = [1, 2]
            steps = %d
            output = "%s"
            """;

    private static Path work;
    private static Path jar;
    private static Path sweepFile;
    private static SweepPlan plan;
    private static Path root;
    private static StandaloneCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws IOException {
        jar = Path.of(System.getProperty("qsweep.applicationJar", "target/qsweep-spark.jar"));
        assertTrue(Files.isRegularFile(jar), "the application jar " + jar + " exists (mvn package builds it)");
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cluster-it-").toAbsolutePath();
        Path output = Files.createDirectories(work.resolve("results"));
        sweepFile = Files.writeString(work.resolve("cluster.conf"), SWEEP.formatted(CHECKPOINT_INTERVAL, STEPS, output));
        plan = TrialExpansion.expand(SweepFiles.load(sweepFile));
        root = output.resolve("cluster");
        cluster = StandaloneCluster.start(work, 2);
        spark = SparkSession.builder().master("local[1]").appName("SparkSubmitIT reader")
                .config("spark.ui.enabled", false).getOrCreate();
    }

    @AfterAll
    static void stopCluster() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aWorkerKilledInTheMiddleOfATrialLosesAndDuplicatesNothing() throws Exception {
        int uiPort = StandaloneCluster.freePort();
        Process submit = submit("first", uiPort);
        Victim victim = awaitVictim(submit, uiPort);
        Map<String, Long> finishedBefore = new TreeMap<>();
        for (TrialSpec trial : plan.trials()) {
            if (Files.exists(root.resolve("trials/trial_id=" + trial.trialId()))) {
                finishedBefore.putAll(fileTimes(root.resolve("episodes/trial_id=" + trial.trialId())));
                finishedBefore.putAll(fileTimes(root.resolve("trials/trial_id=" + trial.trialId())));
            }
        }
        cluster.killWorker(victim.worker());
        cluster.startWorker(victim.worker()); // the cluster gets its capacity back, as after a machine replacement

        String out = awaitSuccess(submit, "first");
        assertTrue(out.contains("4 trials: 4 done (0 of them already finished before), 0 failed"), out);

        SweepTables.register(spark, root.toUri().toString());
        List<Row> trials = spark.sql("SELECT trial_id, status, env_steps, attempts, resumed_from_step FROM trials")
                .collectAsList();
        assertEquals(4, trials.size());
        for (Row row : trials) {
            assertEquals("DONE", row.getString(1), row.toString());
            assertEquals(STEPS, row.getLong(2), row.toString());
            if (row.getString(0).equals(victim.trial().trialId())) {
                assertTrue(row.getInt(3) >= 2, "the killed trial ran again: " + row);
                assertTrue(row.getLong(4) >= victim.checkpointStep(),
                        "resumed from the checkpoint it had reached (" + victim.checkpointStep() + "), not from 0: " + row);
            }
        }
        for (TrialSpec trial : plan.trials()) {
            Row counts = spark.sql("SELECT count(*), count(DISTINCT episode), min(episode), max(episode) FROM episodes"
                    + " WHERE trial_id = '" + trial.trialId() + "'").first();
            assertTrue(counts.getLong(0) > 10, "trial " + trial.trialId() + " logged its episodes");
            assertEquals(counts.getLong(0), counts.getLong(1), "each (trial_id, episode) once: " + trial.trialId());
            assertEquals(1, counts.getLong(2), "episodes count from 1: " + trial.trialId());
            assertEquals(counts.getLong(0), counts.getLong(3), "no episode lost: " + trial.trialId());
        }
        assertEquals(reference(victim.trial()), EpisodeLines.fromTable(spark, victim.trial().trialId()),
                "the killed trial's rows equal an uninterrupted run of the same trial, value for value");
        finishedBefore.forEach((file, time) -> assertEquals(time, fileTimeOrMissing(file),
                "files of trials finished before the kill are untouched: " + file));
    }

    @Test
    @Order(2)
    void resubmittingAFinishedSweepTrainsNothing() throws Exception {
        Map<String, Long> before = fileTimes(root);
        String out = awaitSuccess(submit("second", StandaloneCluster.freePort()), "second");
        assertTrue(out.contains("4 trials: 4 done (4 of them already finished before)"), out);
        assertTrue(out.contains("trained 0 env steps in this submission"), out);
        assertEquals(before, fileTimes(root), "no table or checkpoint file was written or removed");
    }

    /** A trial running on a cluster executor that has committed at least one checkpoint. */
    private record Victim(TrialSpec trial, int worker, long checkpointStep) {
    }

    private Process submit(String name, int uiPort) throws IOException {
        Path cache = Path.of("target/javacpp-cache-cluster").toAbsolutePath();
        return cluster.submit(List.of("--class", SweepJob.class.getName(),
                        "--conf", "spark.ui.port=" + uiPort,
                        "--conf", "spark.executor.memory=1g",
                        "--conf", "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=" + cache,
                        jar.toString(), sweepFile.toString()))
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile())
                .start();
    }

    private String awaitSuccess(Process submit, String name) throws Exception {
        boolean ended = submit.waitFor(8, TimeUnit.MINUTES);
        String err = Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8);
        if (!ended) {
            submit.destroyForcibly();
        }
        assertTrue(ended, "spark-submit ended within 8 minutes; stderr:\n" + tail(err));
        assertEquals(0, submit.exitValue(), "spark-submit succeeded; stderr:\n" + tail(err));
        assertTrue(err.contains("Running Spark version " + StandaloneCluster.sparkVersion()),
                "the driver ran the Spark the jar was built for (" + StandaloneCluster.sparkVersion() + "):\n" + tail(err));
        assertEquals(List.of(), cluster.logsContaining(LOOPBACK_WARNING),
                "every process of the cluster and the job binds to 127.0.0.1 without a warning about the host name");
        return Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    /**
     * Watches the driver's REST API and the checkpoint directories until a running trial has a checkpoint and at
     * most half its steps done, and says which worker runs it.
     */
    private Victim awaitVictim(Process submit, int uiPort) {
        Victim[] found = new Victim[1];
        StandaloneCluster.await(Duration.ofMinutes(5), "a running trial past its first checkpoint", () -> {
            if (!submit.isAlive()) {
                throw new AssertionError("spark-submit ended before a worker could be killed");
            }
            found[0] = runningTrialPastACheckpoint(uiPort).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private Optional<Victim> runningTrialPastACheckpoint(int uiPort) {
        Optional<Object> apps = StandaloneCluster.getJson(uiPort, "/api/v1/applications");
        if (apps.isEmpty() || ((List<?>) apps.get()).isEmpty()) {
            return Optional.empty();
        }
        String app = (String) ((Map<?, ?>) ((List<?>) apps.get()).get(0)).get("id");
        Optional<Object> stages = StandaloneCluster.getJson(uiPort, "/api/v1/applications/" + app + "/stages?status=active");
        for (Object stage : (List<?>) stages.orElse(List.of())) {
            Map<?, ?> s = (Map<?, ?>) stage;
            String tasksPath = "/api/v1/applications/" + app + "/stages/" + ((Json.Num) s.get("stageId")).asLong() + "/"
                    + ((Json.Num) s.get("attemptId")).asLong() + "/taskList?length=1000";
            for (Object task : (List<?>) StandaloneCluster.getJson(uiPort, tasksPath).orElse(List.of())) {
                Map<?, ?> t = (Map<?, ?>) task;
                if (!"RUNNING".equals(t.get("status"))) {
                    continue;
                }
                TrialSpec trial = plan.trials().get((int) ((Json.Num) t.get("index")).asLong());
                long checkpoint = latestCheckpointStep(trial.trialId());
                Optional<Integer> worker = cluster.workerOf(app, (String) t.get("executorId"));
                if (checkpoint > 0 && checkpoint <= STEPS / 2 && worker.isPresent()) {
                    return Optional.of(new Victim(trial, worker.get(), checkpoint));
                }
            }
        }
        return Optional.empty();
    }

    private static long latestCheckpointStep(String trialId) {
        Path directory = root.resolve("checkpoints").resolve(trialId);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.qck"))
                    .mapToLong(n -> Long.parseLong(n.substring("checkpoint-".length(), n.length() - ".qck".length())))
                    .max().orElse(0);
        } catch (IOException e) {
            return 0; // the directory changed under us; look again
        }
    }

    /** The trial's episodes from an uninterrupted run in this JVM. */
    private static List<String> reference(TrialSpec trial) throws IOException {
        List<String> episodes = new ArrayList<>();
        MetricsSink sink = new MetricsSink() {
            @Override
            public void onEpisode(EpisodeRecord e) {
                episodes.add(EpisodeLines.of(e));
            }
        };
        new Trainer(trial.runSpec(), sink, new LocalCheckpointStore(Files.createTempDirectory(work, "reference"))).run(false);
        return episodes;
    }


    private static Map<String, Long> fileTimes(Path directory) throws IOException {
        Map<String, Long> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                times.put(file.toString(), Files.getLastModifiedTime(file).toMillis());
            }
        }
        return times;
    }

    private static Long fileTimeOrMissing(String file) {
        try {
            return Files.getLastModifiedTime(Path.of(file)).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
    }
}
