package dev.qsweep.env.atari;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds Atari ROM files. Order: the {@code rom_dir} option → {@code ALE_ROM_DIR} → the {@code roms/} folder of an
 * ale-py installed in {@code $QSWEEP_VENV}, in the {@code .venv} of the working directory or one of its parents, or
 * for the {@code python3} on {@code PATH}. ale-py ≥ 0.9 ships the ROMs inside its wheel, so {@code pip install ale-py}
 * is all a machine needs.
 */
public final class RomLocator {

    /** Environment variable naming a folder of {@code <rom_id>.bin} files (as ale-py's own variable). */
    public static final String ROM_DIR_VARIABLE = "ALE_ROM_DIR";
    /** Environment variable naming the test/product virtual environment (set by bin/test). */
    public static final String VENV_VARIABLE = "QSWEEP_VENV";

    private static volatile Optional<Path> pythonRomDir; // asking python3 costs ~100 ms: once per JVM

    private final Map<String, String> environment;
    private final Path workingDirectory;

    public RomLocator(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** The locator of this process: its environment variables and working directory. */
    public static RomLocator ofThisProcess() {
        return new RomLocator(System.getenv(), Path.of(""));
    }

    /**
     * The ROM file of {@code game}.
     *
     * @param romDirOption the {@code rom_dir} option, or empty when not given
     * @throws IllegalArgumentException if no candidate folder holds the ROM; the message lists where it looked
     */
    public Path find(AtariGames.Game game, String romDirOption) {
        List<String> looked = new ArrayList<>();
        if (!romDirOption.isBlank()) {
            // An explicit folder is final: falling back elsewhere would hide a typo.
            Path rom = Path.of(romDirOption).resolve(game.romFileName());
            if (Files.isRegularFile(rom)) {
                return rom;
            }
            throw new IllegalArgumentException("ROM " + game.romFileName() + " not found in rom_dir=" + romDirOption
                    + " (looked for " + rom.toAbsolutePath() + "); point rom_dir to a folder holding " + game.romFileName()
                    + ", e.g. the roms/ folder of an installed ale-py (pip install ale-py)");
        }
        for (Path dir : candidateDirectories(looked)) {
            Path rom = dir.resolve(game.romFileName());
            if (Files.isRegularFile(rom)) {
                return rom;
            }
        }
        throw new IllegalArgumentException("ROM " + game.romFileName() + " for " + game.name()
                + " not found; looked in: " + String.join("; ", looked)
                + ". Get the ROMs with 'pip install ale-py' (its wheel carries them; into $" + VENV_VARIABLE
                + ", ./.venv or the python3 on PATH), or set " + ROM_DIR_VARIABLE
                + " (or the env option rom_dir) to a folder holding " + game.romFileName());
    }

    /** Folders to search in order; {@code looked} receives a description of each place tried. */
    List<Path> candidateDirectories(List<String> looked) {
        List<Path> dirs = new ArrayList<>();
        String romDir = environment.get(ROM_DIR_VARIABLE);
        if (romDir != null && !romDir.isBlank()) {
            dirs.add(Path.of(romDir));
            looked.add(ROM_DIR_VARIABLE + "=" + romDir);
        } else {
            looked.add(ROM_DIR_VARIABLE + " (not set)");
        }
        String venv = environment.get(VENV_VARIABLE);
        if (venv != null && !venv.isBlank()) {
            addVenvRoms(Path.of(venv), dirs, looked, VENV_VARIABLE + "=" + venv);
        } else {
            looked.add(VENV_VARIABLE + " (not set)");
        }
        boolean foundVenv = false;
        for (Path dir = workingDirectory; dir != null && !foundVenv; dir = dir.getParent()) {
            Path venvDir = dir.resolve(".venv");
            if (Files.isDirectory(venvDir)) {
                addVenvRoms(venvDir, dirs, looked, venvDir.toString());
                foundVenv = true; // the nearest .venv is the project's
            }
        }
        if (!foundVenv) {
            looked.add(".venv (none in " + workingDirectory + " or its parents)");
        }
        Optional<Path> fromPython = pythonRomDir();
        fromPython.ifPresent(dirs::add);
        looked.add("ale-py of python3 on PATH: " + fromPython.map(Path::toString).orElse("none found"));
        return dirs;
    }

    private static void addVenvRoms(Path venv, List<Path> dirs, List<String> looked, String label) {
        Path lib = venv.resolve("lib");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3*")) {
                for (Path python : pythons) {
                    Path roms = python.resolve("site-packages").resolve("ale_py").resolve("roms");
                    if (Files.isDirectory(roms)) {
                        found.add(roms);
                    }
                }
            } catch (IOException e) {
                // an unreadable venv is reported as "no ale-py" below
            }
        }
        dirs.addAll(found);
        looked.add(label + (found.isEmpty() ? " (no ale_py/roms inside)" : " → " + found.get(0)));
    }

    private static Optional<Path> pythonRomDir() {
        Optional<Path> cached = pythonRomDir;
        if (cached == null) {
            cached = askPython();
            pythonRomDir = cached;
        }
        return cached;
    }

    private static Optional<Path> askPython() {
        try {
            Process process = new ProcessBuilder("python3", "-c",
                    "import os, ale_py; print(os.path.join(os.path.dirname(ale_py.__file__), 'roms'))")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || out.isEmpty()) {
                process.destroy();
                return Optional.empty();
            }
            Path roms = Path.of(out);
            return Files.isDirectory(roms) ? Optional.of(roms) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no python3 on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
