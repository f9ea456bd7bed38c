package dev.qsweep.cli;

import dev.qsweep.report.TextTable;
import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import dev.qsweep.sweep.Variant;
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
        variantLines(plan).forEach(out::println);
        out.print(trialTable(plan).render());
        out.flush();
        return 0;
    }

    /**
     * One line per variant: its name, preset and own settings. The trial table then shows a variant's name, not every
     * setting its preset or its own values change, which would make it as wide as the settings catalog.
     */
    static List<String> variantLines(SweepPlan plan) {
        List<String> lines = new ArrayList<>();
        if (plan.spec().hasVariants()) {
            lines.add("variants (each over " + (plan.spec().multiEnv() ? "each env's" : "the sweep's")
                    + " base settings, or over its own preset and the settings block; the grid and random draws over "
                    + "it):");
        }
        for (Variant variant : plan.spec().variants()) {
            List<String> parts = new ArrayList<>();
            if (variant.preset() != null) {
                parts.add("preset " + variant.preset());
            }
            variant.settings().forEach((name, value) -> parts.add(name + " = " + TextTable.format(value)));
            lines.add("  " + variant.name() + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
        }
        return lines;
    }

    static TextTable trialTable(SweepPlan plan) {
        boolean variants = plan.spec().hasVariants();
        // With variants, the settings that vary only between variants are listed above; the table keeps the axes.
        List<String> shown = variants ? plan.variedSettings().stream().filter(name -> plan.spec().grid()
                .containsKey(name) || plan.spec().random().distributions().containsKey(name)).toList()
                : plan.variedSettings();
        List<String> header = new ArrayList<>(List.of("#", "trial_id", "env", "seed"));
        if (variants) {
            header.add("variant");
        }
        header.addAll(shown);
        TextTable table = new TextTable(header);
        for (TrialSpec trial : plan.trials()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(trial.index()), trial.trialId(), trial.envId(),
                    String.valueOf(trial.seed())));
            if (variants) {
                row.add(trial.variant());
            }
            shown.forEach(name -> row.add(TextTable.format(trial.settings().get(name))));
            table.add(row);
        }
        return table;
    }
}
