package dev.qsweep.cli;

import dev.qsweep.config.BuildInfo;
import dev.qsweep.config.SettingsException;
import dev.qsweep.train.CheckpointMismatchException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qsweep} command. Exit codes: 0 success, 1 failure, 2 bad input (nothing written). */
@Command(name = "qsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep Q-Learning experiments: train DQN agents, roll out environments.",
        subcommands = {TrainCommand.class, EnvCommand.class, PlanCommand.class, RunCommand.class, SqlCommand.class,
                ReportCommand.class, BaselineCommand.class})
public final class Main implements Runnable {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;

    /** {@code qsweep --version}: the release and the commit it was built from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {"qsweep " + build.version() + " (git " + build.gitCommit() + ")"};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line as the launcher would, returning the exit code instead of exiting. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (isBadInput(exception)) {
                err.println("qsweep: error: " + exception.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("qsweep: failed: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    private static boolean isBadInput(Exception e) {
        return e instanceof UserError || e instanceof SettingsException || e instanceof CheckpointMismatchException;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
