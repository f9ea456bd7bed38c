package dev.qsweep.cli;

import dev.qsweep.agent.Nd4jRuntime;
import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.Preset;
import dev.qsweep.config.Presets;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.config.SettingsException;
import dev.qsweep.env.EnvRegistry;
import dev.qsweep.sweep.TrialChecks;
import dev.qsweep.train.CheckpointDamagedException;
import dev.qsweep.train.LocalCheckpointStore;
import dev.qsweep.train.MetricsSink;
import dev.qsweep.train.RunSpec;
import dev.qsweep.train.TrainResult;
import dev.qsweep.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qsweep train}: one training run on this machine. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one agent on one environment.",
                "Progress goes to stderr; the last line of stdout is a JSON summary."})
public final class TrainCommand implements Callable<Integer> {
    private static final String RUN_JSON = "run.json";

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--env", paramLabel = "ENV_ID", description = "environment id, e.g. CartPole-v1 (see: qsweep env list); "
            + "defaults to the preset's")
    String envId;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the environment, network and exploration (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "env steps to train for")
    long steps;

    @Option(names = "--preset", paramLabel = "NAME", description = "settings preset from conf/presets (default: the env's default preset)")
    String presetName;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting, e.g. --set learning_rate=1e-3 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--env-opt", paramLabel = "KEY=VALUE", description = "environment option, e.g. --env-opt map_name=8x8 (repeatable)")
    Map<String, String> envOptions = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: runs/<env>-seed<S>)")
    Path out;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --out")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        RunSpec spec = resolveSpec();
        Path outDir = out != null ? out : Path.of("runs", spec.envId() + "-seed" + seed);
        checkOutputDirectory(outDir);
        Map<String, Object> run = new LinkedHashMap<>(); // a fixed order, so --resume can compare the text
        run.put("env_id", spec.envId());
        run.put("env_options", new TreeMap<>(spec.envOptions()));
        run.put("seed", seed);
        run.put("steps", steps);
        run.put("preset", presetName == null ? "" : presetName);
        run.put("settings", SettingsCatalog.toMap(spec.settings()));
        String runJson = Json.object(run) + "\n";
        if (resume) {
            checkResumable(outDir, runJson);
        }

        Nd4jRuntime.configureForSmallNetworks(Integer.getInteger("qsweep.threads", 1));
        var err = commandSpec.commandLine().getErr();
        LateSink sink = new LateSink(() -> {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(RUN_JSON), runJson);
            return MetricsSink.all(new CsvMetricsSink(outDir), new ProgressBar(err, System.console() != null));
        });
        Trainer trainer;
        try {
            trainer = new Trainer(spec, sink, new LocalCheckpointStore(outDir.resolve("checkpoints")));
        } catch (IllegalArgumentException e) { // e.g. a replay memory larger than the heap: refused before any output
            throw new UserError(e.getMessage() + ".");
        }

        err.println("qsweep: training " + spec.envId() + " seed " + seed + " for " + steps + " steps"
                + (presetName != null ? " (preset " + presetName + ")" : "") + "; output in " + outDir);
        TrainResult result;
        try (sink) {
            result = trainer.run(resume); // writes from its first row on; a checkpoint of another run is refused before
        } catch (CheckpointDamagedException e) { // every checkpoint damaged: the message says what to delete
            throw new UserError(e.getMessage());
        }
        PrintWriter stdout = commandSpec.commandLine().getOut();
        stdout.println(Json.object(summary(spec, result, outDir)));
        stdout.flush();
        return 0;
    }

    /** Validates everything before anything is written. */
    private RunSpec resolveSpec() {
        try {
            return resolveSpecUnchecked();
        } catch (SettingsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage()); // unknown env id or option: the registry's message says which
        }
    }

    private RunSpec resolveSpecUnchecked() {
        Optional<Preset> preset;
        if (presetName != null) {
            preset = Optional.of(Presets.load(presetName));
        } else if (envId != null) {
            preset = Presets.defaultFor(EnvRegistry.describe(envId).id());
        } else {
            throw new UserError("Missing --env or --preset: say which environment to train on, e.g. --env CartPole-v1 "
                    + "(see: qsweep env list) or --preset cartpole.");
        }
        String env = envId != null ? envId : preset.get().envId();
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        preset.ifPresent(p -> {
            raw.putAll(p.settings());
            if (EnvRegistry.describe(p.envId()).id().equals(EnvRegistry.describe(env).id())) {
                options.putAll(p.envOptions());
            }
        });
        options.putAll(envOptions);
        raw.putAll(overrides);
        DqnSettings settings = SettingsCatalog.resolve(raw);
        if (steps <= 0) {
            throw new UserError("--steps must be a positive number of env steps, got " + steps + ".");
        }
        // Validates the id and options now, before any output exists; then the settings against each other and the env.
        var observations = EnvRegistry.make(env, options).observationSpace();
        String id = EnvRegistry.describe(env).id();
        TrialChecks.check(settings, steps, id, Optional.of(observations));
        return new RunSpec(id, options, seed, steps, settings);
    }

    /**
     * {@code --resume} continues a run only: the directory must hold a checkpoint, and the run it records must be the
     * one asked for (same env, options, seed, steps and settings) — checked before anything is written.
     */
    private static void checkResumable(Path outDir, String runJson) throws IOException {
        Path checkpoints = outDir.resolve("checkpoints");
        boolean hasCheckpoint;
        try (Stream<Path> files = Files.isDirectory(checkpoints) ? Files.list(checkpoints) : Stream.empty()) {
            hasCheckpoint = files.anyMatch(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."));
        }
        if (!hasCheckpoint) {
            throw new UserError("--resume: " + outDir + " holds no checkpoint to continue from. Leave out --resume to "
                    + "train from scratch, or give the --out of an earlier run.");
        }
        Path recorded = outDir.resolve(RUN_JSON);
        if (Files.isRegularFile(recorded) && !Files.readString(recorded).equals(runJson)) {
            throw new UserError("--resume: the run in " + outDir + " was started with other arguments:\n  recorded: "
                    + Files.readString(recorded).strip() + "\n  asked:    " + runJson.strip()
                    + "\nResume with the same --env, --env-opt, --seed, --steps, --preset and --set as the run, or "
                    + "train into another --out.");
        }
    }

    private void checkOutputDirectory(Path outDir) throws IOException {
        boolean hasRun = Files.exists(outDir.resolve(CsvMetricsSink.EPISODES)) || Files.isDirectory(outDir.resolve("checkpoints"));
        if (hasRun && !resume) {
            throw new UserError("Output directory " + outDir + " already holds a run. Pass --resume to continue it, "
                    + "or choose another --out.");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UserError("--out " + outDir + " is a file, not a directory.");
        }
    }

    private static Map<String, Object> summary(RunSpec spec, TrainResult r, Path outDir) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env_id", spec.envId());
        json.put("seed", spec.seed());
        json.put("env_steps", r.envSteps());
        json.put("episodes", r.episodes());
        json.put("wall_seconds", r.wallSeconds());
        json.put("sps", r.stepsPerSecond());
        json.put("eval_mean_return", r.finalEval() == null ? null : r.finalEval().mean());
        json.put("eval_std_return", r.finalEval() == null ? null : r.finalEval().std());
        json.put("eval_episodes", r.finalEval() == null ? 0 : r.finalEval().episodes());
        json.put("best_eval_mean_return", r.bestEval() == null ? null : r.bestEval().mean());
        json.put("best_eval_step", r.bestEval() == null ? null : r.bestEval().globalStep());
        json.put("recent_mean_return", r.recentMeanReturn());
        json.put("resumed_from_step", r.resumedFromStep());
        json.put("out", outDir.toString());
        return json;
    }
}
