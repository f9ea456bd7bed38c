package dev.qsweep.env.minatar;

import dev.qsweep.testutil.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One trace of {@code src/test/resources/golden/minatar/<Game>.jsonl.gz} (see scripts/minatar_traces.py): the
 * environment it was made with and its reset/step records.
 *
 * @param maxEpisodeSteps Gymnasium's {@code spec.max_episode_steps}, null when MinAtar registers none
 */
record MinAtarTrace(String game, int index, String envId, Map<String, String> options, Object maxEpisodeSteps,
                    List<Map<String, Object>> records) {

    static final List<String> GAMES = List.of("Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders");

    static List<MinAtarTrace> load(String game) {
        List<MinAtarTrace> traces = new ArrayList<>();
        for (String line : gzipLines("/golden/minatar/" + game + ".jsonl.gz")) {
            Map<String, Object> record = Json.object(line);
            switch ((String) record.get("type")) {
                case "meta" -> {
                }
                case "make" -> {
                    Map<String, String> options = Json.textValues(record.get("options"));
                    traces.add(new MinAtarTrace(game, (int) ((Json.Num) record.get("trace")).asLong(),
                            (String) record.get("env"), options, record.get("max_episode_steps"), new ArrayList<>()));
                }
                default -> traces.get(traces.size() - 1).records().add(record);
            }
        }
        if (traces.isEmpty()) {
            throw new IllegalStateException("no traces in the golden file of " + game);
        }
        return traces;
    }

    static List<MinAtarTrace> all() {
        return GAMES.stream().flatMap(g -> load(g).stream()).toList();
    }

    private static List<String> gzipLines(String name) {
        try (InputStream raw = MinAtarTrace.class.getResourceAsStream(name)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            try (InputStream in = new GZIPInputStream(raw)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long integer(Map<String, Object> record, String key) {
        return ((Json.Num) record.get(key)).asLong();
    }

    /** The recorded observation as 0/1 values (numpy.packbits, big-endian bits, hex), {@code size} of them. */
    static int[] unpack(String hex, int size) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (bytes.length != (size + 7) / 8) {
            throw new IllegalStateException("golden observation has " + bytes.length + " bytes, expected "
                    + (size + 7) / 8);
        }
        int[] bits = new int[size];
        for (int i = 0; i < size; i++) {
            bits[i] = (bytes[i / 8] >> (7 - i % 8)) & 1;
        }
        return bits;
    }

    @Override
    public String toString() {
        return envId + " " + options + " #" + index;
    }
}
