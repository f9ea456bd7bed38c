package dev.qsweep.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the sweep tests share: a tiny sweep, its submission as spark-submit makes it, a byte snapshot of its output,
 * and its tables without wall-clock times.
 */
final class TinySweeps {
    /** What a submission printed, and its exit code. */
    record Submission(int exitCode, String out, String err) {
    }

    private TinySweeps() {
    }

    /** Submits {@code file} as {@link SweepJob} does under spark-submit. */
    static Submission submit(Path file) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SweepJob.run(new String[] {file.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Submission(code, out.toString(), err.toString());
    }

    /** Tiny CartPole trials that learn: 900 steps, a checkpoint and an evaluation every 300. */
    static String tinyCartPole(String name, String seeds, Path output) {
        return """
                name = %s
                env = CartPole-v1
                preset = cartpole-cleanrl
                settings {
                  hidden_sizes = [8]
                  buffer_size = 1000
                  learning_starts = 100
                  batch_size = 16
                  target_update_interval = 100
                  eval_interval = 300
                  eval_episodes = 2
                  checkpoint_interval = 300
                }
                seeds = %s
                steps = 900
                output = "%s"
                """.formatted(name, seeds, output.toUri());
    }

    /** Every regular file under {@code root} (hidden ones too), by path relative to it, with its bytes. */
    static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /**
     * One trial's rows in the three tables as text, every column but the wall-clock ones (and the trial row's attempt
     * bookkeeping), in a fixed order: equal for two runs of the same trial however they were interrupted.
     */
    static List<String> tables(SparkSession spark, String root, String trialId) throws IOException {
        SweepTables.register(spark, root);
        String where = " WHERE trial_id = '" + trialId + "'";
        List<String> rows = new ArrayList<>();
        for (String query : List.of(
                "SELECT episode, global_step, return, length, epsilon FROM episodes" + where + " ORDER BY episode",
                "SELECT global_step, mean, std, min, max, episodes FROM evals" + where + " ORDER BY global_step",
                "SELECT status, env_steps, episodes, final_eval_mean, final_eval_std, best_eval_mean, best_eval_step "
                        + "FROM trials" + where)) {
            rows.add(query.substring(0, query.indexOf(" FROM")));
            for (Row row : spark.sql(query).collectAsList()) {
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
