package dev.qsweep.cli;

import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.SweepSpec;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialSpec;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
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
        out.println(summary(plan));
        out.print(trialTable(plan).render());
        out.flush();
        return 0;
    }

    /** One line: name, trial count and how it arises, steps, env, output. */
    static String summary(SweepPlan plan) {
        SweepSpec spec = plan.spec();
        List<String> factors = new ArrayList<>();
        spec.grid().forEach((name, values) -> factors.add(values.size() + " " + name));
        if (!spec.random().isEmpty()) {
            factors.add(spec.random().count() + " random draws of " + String.join("/", spec.random().distributions().keySet()));
        }
        factors.add(spec.seeds().size() + (spec.seeds().size() == 1 ? " seed" : " seeds"));
        return String.format("sweep %s: %d trials (%s) of %,d steps on %s%s, preset %s; %d core(s) per trial; tables in %s/%s",
                spec.name(), plan.trials().size(), String.join(" × ", factors), spec.steps(), spec.envId(),
                spec.envOptions().isEmpty() ? "" : " " + spec.envOptions(), spec.preset() == null ? "none" : spec.preset(),
                spec.execution().coresPerTrial(), spec.output(), spec.name());
    }

    static TextTable trialTable(SweepPlan plan) {
        List<String> header = new ArrayList<>(List.of("#", "trial_id", "env", "seed"));
        header.addAll(plan.variedSettings());
        TextTable table = new TextTable(header);
        for (TrialSpec trial : plan.trials()) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(trial.index()), trial.trialId(), trial.envId(),
                    String.valueOf(trial.seed())));
            plan.variedSettings().forEach(name -> row.add(format(trial.settings().get(name))));
            table.add(row);
        }
        return table;
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            // Four significant digits, no trailing zeros: 0.0023, 0.9941, 1E-10.
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toString();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
