package dev.qsweep.cli;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's example outputs, made by running the README's own commands for real (in this JVM, output in a
 * scratch directory): the main job's sweep summary ({@code qsweep run jobs/cartpole-grid.conf}), the train example's
 * JSON summary ({@code qsweep train --env CartPole-v1 --seed 1 --steps 50000}) and the same run on seeds 1–5.
 * In the README each sits between {@code <!-- example:NAME -->} and {@code <!-- /example -->}. These runs are the
 * source of truth: {@code ReadmeExamplesTest} fails when the README says anything else, and
 * {@code scripts/readme-examples.sh} rewrites the marked blocks from them.
 */
final class ReadmeExamples {
    static final Path README = Path.of("README.md");
    static final String MAIN_JOB = "main-job";
    static final String TRAIN = "train";
    static final String TRAIN_SEEDS = "train-seeds";

    private static final Pattern BLOCK = Pattern.compile("<!-- example:([a-z-]+) -->\n(.*?)<!-- /example -->",
            Pattern.DOTALL);
    private static final String JOB = "jobs/cartpole-grid.conf";
    private static final int TRAIN_STEPS = 50_000;
    private static final List<Integer> TRAIN_SEED_LIST = List.of(1, 2, 3, 4, 5);

    private ReadmeExamples() {
    }

    /** Runs every example and returns each block's text (the lines between its markers), by name. */
    static Map<String, String> generate(Path work) throws IOException, InterruptedException, ExecutionException {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put(MAIN_JOB, fenced("", mainJobSummary(work)));
        List<Map<String, Object>> runs = trainRuns(work);
        blocks.put(TRAIN, fenced("json", trainJson(work, 1)));
        blocks.put(TRAIN_SEEDS, seedTable(runs));
        return blocks;
    }

    /** The blocks of a README text, by name; fails on a marker without its end. */
    static Map<String, String> blocks(String readme) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            if (blocks.put(m.group(1), m.group(2)) != null) {
                throw new IllegalStateException("the README marks example '" + m.group(1) + "' twice");
            }
        }
        return blocks;
    }

    /** The README with each named block replaced; every name must be marked in it. */
    static String replaceBlocks(String readme, Map<String, String> replacements) {
        Map<String, String> present = blocks(readme);
        for (String name : replacements.keySet()) {
            if (!present.containsKey(name)) {
                throw new IllegalStateException("the README has no <!-- example:" + name + " --> … <!-- /example -->");
            }
        }
        Matcher m = BLOCK.matcher(readme);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = replacements.getOrDefault(m.group(1), m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- example:" + m.group(1) + " -->\n" + text
                    + "<!-- /example -->"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The parts of an example that are the same on every run: elapsed times and steps/s are masked; everything else
     * (counts, returns, the ranking, trial settings) must match.
     */
    static String comparable(String text) {
        return text.replaceAll("finished in \\d+(:\\d{2})+", "finished in <time>")
                .replaceAll("\"wall_seconds\":[0-9.]+", "\"wall_seconds\":<time>")
                .replaceAll("\"sps\":[0-9.]+", "\"sps\":<rate>");
    }

    /** {@code qsweep run jobs/cartpole-grid.conf}, with the job's relative output under {@code work}. */
    private static String mainJobSummary(Path work) throws IOException {
        String job = Files.readString(Path.of(JOB), StandardCharsets.UTF_8);
        String outputLine = "output = \"results\"";
        if (job.indexOf(outputLine) < 0 || job.indexOf(outputLine) != job.lastIndexOf(outputLine)) {
            throw new IllegalStateException(JOB + " no longer has one line '" + outputLine + "' to point at a scratch directory");
        }
        Path results = work.resolve("results").toAbsolutePath();
        Path copy = Files.writeString(work.resolve("cartpole-grid.conf"),
                job.replace(outputLine, "output = \"" + results + "\""));
        Cli.Outcome run = Cli.run("run", copy.toString());
        if (run.exitCode() != 0) {
            throw new IllegalStateException("qsweep run " + JOB + " exited " + run.exitCode() + ":\n" + run.stderr());
        }
        int start = run.stdout().indexOf("sweep cartpole-grid finished");
        if (start < 0) {
            throw new IllegalStateException("no summary in the output of qsweep run " + JOB + ":\n" + run.stdout());
        }
        // What a user sees in their own directory: file:/…/results/cartpole-grid
        return run.stdout().substring(start).replace(work.toAbsolutePath().toString(), "/…");
    }

    /** {@code qsweep train --env CartPole-v1 --seed S --steps 50000} for each seed, two at a time. */
    private static List<Map<String, Object>> trainRuns(Path work) throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        try {
            List<Future<String>> lines = new ArrayList<>();
            for (int seed : TRAIN_SEED_LIST) {
                lines.add(pool.submit(() -> trainJson(work, seed)));
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            for (Future<String> line : lines) {
                runs.add(Json.object(line.get()));
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The JSON summary line of one train run; a second call for the same seed returns the first run's line. */
    private static String trainJson(Path work, int seed) throws IOException {
        Path summary = work.resolve("train-seed" + seed + ".json");
        if (Files.exists(summary)) {
            return Files.readString(summary, StandardCharsets.UTF_8);
        }
        Path runs = work.resolve("runs");
        Cli.Outcome run = Cli.run("train", "--env", "CartPole-v1", "--seed", String.valueOf(seed),
                "--steps", String.valueOf(TRAIN_STEPS), "--out", runs.resolve("CartPole-v1-seed" + seed).toString());
        if (run.exitCode() != 0) {
            throw new IllegalStateException("qsweep train --seed " + seed + " exited " + run.exitCode() + ":\n" + run.stderr());
        }
        // The README's command writes to its default, runs/CartPole-v1-seed<S> under the working directory.
        String line = run.lastStdoutLine().replace(work.toAbsolutePath() + "/", "");
        Files.writeString(summary, line, StandardCharsets.UTF_8);
        return line;
    }

    /** One row per seed: the best and the last greedy evaluation, and where the best was. */
    private static String seedTable(List<Map<String, Object>> runs) {
        StringBuilder table = new StringBuilder("| seed | best evaluation | at step | last evaluation | episodes |\n"
                + "|---|---|---|---|---|\n");
        for (Map<String, Object> run : runs) {
            table.append(String.format(Locale.ROOT, "| %d | %.1f | %,d | %.1f | %,d |%n", number(run, "seed").longValue(),
                    number(run, "best_eval_mean_return").doubleValue(), number(run, "best_eval_step").longValue(),
                    number(run, "eval_mean_return").doubleValue(), number(run, "episodes").longValue()));
        }
        return table.toString();
    }

    private static Number number(Map<String, Object> run, String key) {
        Object value = run.get(key);
        if (!(value instanceof Json.Num n)) {
            throw new IllegalStateException("the train summary has no number '" + key + "': " + run);
        }
        return n.asDouble();
    }

    private static String fenced(String language, String text) {
        return "```" + language + "\n" + (text.endsWith("\n") ? text : text + "\n") + "```\n";
    }
}
