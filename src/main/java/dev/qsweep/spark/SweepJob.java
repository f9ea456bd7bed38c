package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Entry point for {@code spark-submit --class dev.qsweep.spark.SweepJob qsweep.jar jobs/x.conf}: the master and
 * resources come from spark-submit; without one (plain {@code java}), local[*]. Exit codes as the CLI's (see
 * {@link SweepExit}): 0 every trial done, 3 some trial failed or diverged, 2 bad sweep file or output, 1 a failure.
 */
public final class SweepJob {
    private SweepJob() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        if (code != SweepExit.ALL_DONE) {
            System.exit(code);
        }
    }

    /** Runs the job and returns its exit code; other exceptions propagate (exit 1 from spark-submit). */
    static int run(String[] args, PrintWriter out, PrintWriter err) throws Exception {
        if (args.length != 1) {
            err.println("usage: spark-submit --class " + SweepJob.class.getName() + " <qsweep jar> <sweep file>");
            return SweepExit.BAD_INPUT;
        }
        String master = System.getProperty("spark.master") == null ? "local[*]" : null;
        try {
            return SweepExit.code(SweepDriver.run(Path.of(args[0]), master, out, err), err);
        } catch (SettingsException e) {
            err.println("qsweep: error: " + e.getMessage());
            return SweepExit.BAD_INPUT;
        }
    }
}
