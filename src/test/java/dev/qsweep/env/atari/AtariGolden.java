package dev.qsweep.env.atari;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Reads the files scripts/atari_golden_frames.py commits under src/test/resources/golden/atari. */
public final class AtariGolden {

    private AtariGolden() {
    }

    /** One line of an ale-py trace. {@code t} is -1 for the reset line. */
    public record TraceLine(int t, int action, String obsSha256, double reward, boolean terminated, boolean truncated,
                            int lives) {
    }

    public static byte[] gzResource(String path) {
        try (InputStream raw = open(path); InputStream in = new GZIPInputStream(raw)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String textResource(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = AtariGolden.class.getResourceAsStream("/golden/atari/" + path);
        assertNotNull(in, "missing golden file golden/atari/" + path + "; run scripts/atari_golden_frames.py");
        return in;
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[^,}]+)");

    /** The lines of {@code traces/<name>.jsonl} (flat JSON objects, so a regex reads them). */
    public static List<TraceLine> trace(String name) {
        List<TraceLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open("traces/" + name + ".jsonl"),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                java.util.Map<String, String> f = new java.util.HashMap<>();
                Matcher m = FIELD.matcher(line);
                while (m.find()) {
                    f.put(m.group(1), m.group(2).replace("\"", ""));
                }
                boolean reset = f.get("type").equals("reset");
                lines.add(new TraceLine(reset ? -1 : Integer.parseInt(f.get("t")),
                        reset ? -1 : Integer.parseInt(f.get("action")), f.get("obs_sha256"),
                        reset ? 0 : Double.parseDouble(f.get("reward")),
                        !reset && Boolean.parseBoolean(f.get("terminated")),
                        !reset && Boolean.parseBoolean(f.get("truncated")), Integer.parseInt(f.get("lives"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** SHA-256 of uint8 values held as floats, as {@code hashlib.sha256(obs.tobytes())}. */
    public static String sha256OfUint8(float[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (int) values[i];
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
