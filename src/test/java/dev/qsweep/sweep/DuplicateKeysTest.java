package dev.qsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuplicateKeysTest {
    private static Optional<DuplicateKeys.Duplicate> find(String text) {
        return DuplicateKeys.find(text);
    }

    @Test
    void findsAValueSetTwiceAtOneFullPath() {
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("steps", 1, 3)), find("steps = 1\nname = x\nsteps = 2\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("settings.gamma", 2, 4)),
                find("settings {\n  gamma = 0.9\n}\nsettings.gamma = 0.99\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("grid.learning_rate", 1, 1)),
                find("grid { learning_rate = [1e-3, 3e-4], learning_rate = [1e-4] }"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("random.gamma.uniform", 2, 3)),
                find("random {\n gamma { uniform = [0.9, 0.99] }\n gamma.uniform = [0.5, 0.6]\n count = 2 }"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("settings", 1, 2)),
                find("settings { gamma = 0.9 }\nsettings = 3\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("seeds", 1, 2)), find("seeds = 3\nseeds { a = 1 }\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("a.b", 1, 1)), find("{ a { b: 1 }, a.b: 2 }"));
    }

    @Test
    void blocksThatMergeAppendsCommentsAndQuotesAreNotDuplicates() {
        assertEquals(Optional.empty(), find("""
                # steps = 1 in a comment
                name = "x = {y}"   // a = 1
                settings { gamma = 0.9 }
                settings { learning_rate = 1e-3 }
                grid { hidden_sizes = [[16, 16], [32]], loss = [mse, huber] }
                seeds = [1, 2]
                seeds += 3
                description = \"\"\"two
                lines, steps = 5\"\"\"
                env_options { map_name = "8x8" }
                steps = 2000
                """));
    }

    @Test
    void findsAKeySetTwiceInsideABlockOfAList() {
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("variants[1].gamma", 3, 4)),
                find("variants = [\n  { name = a, gamma = 0.9 }\n  { name = b, gamma = 0.9,\n    gamma = 0.95 }\n]\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("envs[0].env", 1, 1)),
                find("envs = [ { env = \"A\", env = B }, { env = C } ]"));
        // Each block of a list is its own scope, and values in lists (nested too) are not keys.
        assertEquals(Optional.empty(), find("variants = [ { name = a, n = 1 }, { name = b, n = 2 } ]\n"
                + "grid { hidden_sizes = [[64, 64], [\"a,b\", 1]] }\nseeds = [1, 2] # [\nsteps = 3\n"));
        assertEquals(Optional.of(new DuplicateKeys.Duplicate("steps", 1, 3)),
                find("steps = 1\nvariants = [ { name = a }, [1, 2], 3 ]\nsteps = 2\n"));
    }
}
