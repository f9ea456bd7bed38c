package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Entry point for {@code spark-submit --class dev.qsweep.spark.SweepJob qsweep.jar jobs/x.conf}: the master and
 * resources come from spark-submit; without one (plain {@code java}), local[*]. Exit codes as the CLI's: 2 for a bad
 * sweep file or output, 1 for a failure.
 */
public final class SweepJob {
    private SweepJob() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (args.length != 1) {
            err.println("usage: spark-submit --class " + SweepJob.class.getName() + " <qsweep jar> <sweep file>");
            System.exit(2);
        }
        String master = System.getProperty("spark.master") == null ? "local[*]" : null;
        try {
            SweepDriver.run(Path.of(args[0]), master, out, err);
        } catch (SettingsException e) {
            err.println("qsweep: error: " + e.getMessage());
            System.exit(2);
        }
    }
}
