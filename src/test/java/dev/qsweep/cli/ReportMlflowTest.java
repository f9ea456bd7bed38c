package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.track.MlflowTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsweep report} on a sweep tracked in a real MLflow server logs its files to the sweep's parent run. */
class ReportMlflowTest {

    @Test
    void theReportsFilesBecomeArtifactsOfTheSweepsParentRun(@TempDir Path dir) throws Exception {
        MlflowTestServer server = MlflowTestServer.shared();
        Path file = Files.writeString(dir.resolve("tracked-report.conf"), """
                name = tracked-report
                env = FrozenLake-v1
                preset = frozenlake-qtable
                settings { eval_interval = 500, eval_episodes = 5, checkpoint_interval = 1000 }
                grid { learning_rate = [0.1, 0.5] }
                seeds = [1, 2]
                steps = 1000
                output = "%s"
                mlflow { tracking_uri = "%s", experiment = "report-artifacts" }
                """.formatted(dir.resolve("out").toUri(), server.uri()));
        Cli.Outcome run = Cli.run("run", file.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.stderr());
        String root = dir.resolve("out").toUri().toString().replaceFirst("^file:///", "file:/") + "tracked-report";

        Cli.Outcome report = Cli.run("report", root, "--master", "local[2]", "--resamples", "200",
                "--tracking-uri", server.uri(), "--experiment", "report-artifacts");
        assertEquals(0, report.exitCode(), report.stderr());
        List<MlflowTestServer.Run> runs = server.runs(server.experimentId("report-artifacts"));
        MlflowTestServer.Run parent = runs.stream().filter(r -> root.equals(r.tags().get("sweep_root"))).findFirst()
                .orElseThrow();
        assertTrue(report.stdout().contains("MLflow: logged as artifacts report/ of run " + parent.runId()), report.stdout());

        Path onDisk = dir.resolve("out/tracked-report/report");
        List<String> names;
        try (Stream<Path> files = Files.list(onDisk)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(names.stream().map(n -> "report/" + n).toList(),
                server.artifacts(parent.runId(), "report").stream().sorted().toList());
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(onDisk.resolve(name)), server.artifact(parent, "report/" + name), name);
        }
    }
}
