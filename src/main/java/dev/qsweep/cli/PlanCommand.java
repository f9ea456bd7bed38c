package dev.qsweep.cli;

import dev.qsweep.report.TextTable;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep plan}: validates a sweep file and prints its trials, running nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Validate a sweep file and print its trial table (trial_id, env, seed, the settings that vary).",
                "Runs and writes nothing."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Parameters(paramLabel = "SWEEP_FILE", description = "a sweep file, e.g. jobs/cartpole-grid.conf")
    Path file;

    @Override
    public Integer call() {
        SweepPlan plan = TrialExpansion.expand(SweepFiles.load(file));
        PrintWriter out = commandSpec.commandLine().getOut();
        out.println(plan.describe());
        out.print(trialTable(plan).render());
        out.flush();
        return 0;
    }

    static TextTable trialTable(SweepPlan plan) {
        List<String> header = new ArrayList<>(List.of("#", "trial_id", "env", "seed"));
        header.addAll(plan.variedSettings());
        TextTable table = new TextTable(header);
        for (TrialSpec trial : plan.trials()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(trial.index()), trial.trialId(), trial.envId(),
                    String.valueOf(trial.seed())));
            plan.variedSettings().forEach(name -> row.add(TextTable.format(trial.settings().get(name))));
            table.add(row);
        }
        return table;
    }
}
