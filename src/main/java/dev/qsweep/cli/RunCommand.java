package dev.qsweep.cli;

import dev.qsweep.spark.SweepDriver;
import dev.qsweep.spark.SweepExit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep run}: a sweep on Spark in this JVM (local mode), or on any master URL. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a sweep on Spark: one task per trial; Parquet tables and checkpoints under <output>/<name>/.",
                "Validates first (exit 2, nothing written, on a bad file). Finished trials are skipped, interrupted ones "
                        + "resume from their checkpoints. Progress goes to stderr; the plan and the summary to stdout.",
                "Exit codes: 0 every trial done, 3 some trial failed or diverged, 2 bad input (nothing written), "
                        + "1 internal error."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Parameters(paramLabel = "SWEEP_FILE", description = "a sweep file, e.g. jobs/cartpole-grid.conf")
    Path file;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
            description = "Spark master (default: ${DEFAULT-VALUE}; local[N,F] retries a failed trial F-1 times)")
    String master;

    @Override
    public Integer call() throws IOException {
        var result = SweepDriver.run(file, master, commandSpec.commandLine().getOut(), commandSpec.commandLine().getErr());
        return SweepExit.code(result, commandSpec.commandLine().getErr());
    }
}
