package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery order: rom_dir option → ALE_ROM_DIR → ale-py in $QSWEEP_VENV → ./.venv → python3. */
class RomLocatorTest {

    private static final AtariGames.Game PONG = AtariGames.byRomId("pong").orElseThrow();
    private static final AtariGames.Game NOWHERE = new AtariGames.Game("no_such_game_anywhere", 3, false);

    @TempDir
    Path temp;

    private Path romFolder(String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.write(dir.resolve("pong.bin"), new byte[] {1});
        return dir;
    }

    private Path fakeVenv(String name) throws IOException {
        Path roms = Files.createDirectories(temp.resolve(name).resolve("lib/python3.11/site-packages/ale_py/roms"));
        Files.write(roms.resolve("pong.bin"), new byte[] {2});
        return temp.resolve(name);
    }

    @Test
    void explicitOptionWinsThenVariableThenVenv() throws IOException {
        Path option = romFolder("option");
        Path variable = romFolder("variable");
        Path venv = fakeVenv("venv");
        Path work = Files.createDirectories(temp.resolve("work"));
        Map<String, String> env = Map.of("ALE_ROM_DIR", variable.toString(), "QSWEEP_VENV", venv.toString());
        assertEquals(option.resolve("pong.bin"), new RomLocator(env, work).find(PONG, option.toString()));
        assertEquals(variable.resolve("pong.bin"), new RomLocator(env, work).find(PONG, ""));
        assertEquals(venv.resolve("lib/python3.11/site-packages/ale_py/roms/pong.bin"),
                new RomLocator(Map.of("QSWEEP_VENV", venv.toString()), work).find(PONG, ""));
    }

    @Test
    void findsTheVenvOfTheWorkingDirectoryOrAParent() throws IOException {
        fakeVenv("repo/.venv");
        Path nested = Files.createDirectories(temp.resolve("repo/sub/dir"));
        assertEquals(temp.resolve("repo/.venv/lib/python3.11/site-packages/ale_py/roms/pong.bin"),
                new RomLocator(Map.of(), nested).find(PONG, ""));
    }

    @Test
    void anExplicitFolderWithoutTheRomIsAnErrorNotAFallback() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path venv = fakeVenv("venv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RomLocator(Map.of("QSWEEP_VENV", venv.toString()), temp).find(PONG, empty.toString()));
        assertTrue(e.getMessage().contains(empty.resolve("pong.bin").toString()), e.getMessage());
    }

    @Test
    void notFoundListsEveryPlaceAndTheFix() throws IOException {
        Path venv = fakeVenv("venv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RomLocator(Map.of("QSWEEP_VENV", venv.toString()), temp).find(NOWHERE, ""));
        String message = e.getMessage();
        assertTrue(message.contains("no_such_game_anywhere.bin"), message);
        assertTrue(message.contains("ALE_ROM_DIR (not set)"), message);
        assertTrue(message.contains("QSWEEP_VENV=" + venv), message);
        assertTrue(message.contains("python3 on PATH"), message);
        assertTrue(message.contains("pip install ale-py"), message);
    }
}
