package dev.qsweep.sweep;

import dev.qsweep.config.SettingsCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Stable trial ids: {@code t} and the first 16 hex digits of the SHA-256 of a canonical text of everything that
 * determines a trial's numbers. The same trial gets the same id in every submission, whatever the file's layout or
 * order.
 *
 * <p>The letter keeps every reader of the tables from taking an id for a number: bare hex such as
 * {@code 0736879667e95296} is a double (Infinity) to Spark's and Polars' partition inference and all-digit ids are
 * BIGINT to DuckDB. No reader infers {@code t0736879667e95296} as a number or a date.
 */
public final class TrialIds {
    private static final int HEX_DIGITS = 16;
    /** Starts every id; not a hex digit, so no id parses as a number. */
    public static final String PREFIX = "t";
    private static final Pattern CURRENT = Pattern.compile(PREFIX + "[0-9a-f]{" + HEX_DIGITS + "}");
    /** The format before the prefix (qsweep 0.x up to this change): 16 bare hex digits. */
    private static final Pattern LEGACY = Pattern.compile("[0-9a-f]{" + HEX_DIGITS + "}");

    private TrialIds() {
    }

    /** One {@code key=value} line each: env, sorted env options, seed, steps, then every setting in catalog order. */
    public static String canonicalText(String envId, Map<String, String> envOptions, long seed, long steps,
                                       Map<String, Object> settings) {
        StringBuilder text = new StringBuilder();
        text.append("env=").append(envId).append('\n');
        new TreeMap<>(envOptions).forEach((k, v) -> text.append("env.").append(k).append('=').append(v).append('\n'));
        text.append("seed=").append(seed).append('\n');
        text.append("steps=").append(steps).append('\n');
        // Settings added later are left out at their default, so ids pinned before them stay the same.
        SettingsCatalog.identityView(settings).forEach((k, v) -> text.append(k).append('=').append(canonical(v)).append('\n'));
        return text.toString();
    }

    public static String of(String canonicalText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code id} has the current format. */
    public static boolean isId(String id) {
        return CURRENT.matcher(id).matches();
    }

    /** Whether {@code id} has the format of earlier versions (bare hex), as found in an old output directory. */
    public static boolean isLegacyId(String id) {
        return LEGACY.matcher(id).matches();
    }

    private static String canonical(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(TrialIds::canonical).toList());
        }
        return String.valueOf(value); // Double.toString is exact and the same on every JVM
    }
}
