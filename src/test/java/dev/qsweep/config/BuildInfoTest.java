package dev.qsweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void versionIsThePomsVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        var version = Pattern.compile("<artifactId>qsweep</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "pom.xml declares qsweep's version");
        assertEquals(version.group(1), BuildInfo.current().version());
    }

    @Test
    void commitIsTheCheckedOutHead() throws Exception {
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, git.waitFor(), "tests run inside the git checkout: " + head);
        String commit = BuildInfo.current().gitCommit();
        assertEquals(head, commit.replace("-dirty", ""), "recorded commit " + commit);
    }
}
