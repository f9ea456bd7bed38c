package dev.qsweep.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code qsweep} command line as the launcher does (Main's exception handling), capturing its output. */
final class Cli {
    private Cli() {}

    record Outcome(int exitCode, String stdout, String stderr) {
        String lastStdoutLine() {
            List<String> lines = stdout.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code qsweep env <args>}. */
    static Outcome env(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "env";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }
}
