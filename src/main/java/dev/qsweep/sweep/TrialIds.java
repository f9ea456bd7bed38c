package dev.qsweep.sweep;

import dev.qsweep.config.SettingsCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable trial ids: the first 16 hex digits of the SHA-256 of a canonical text of everything that determines a
 * trial's numbers. The same trial gets the same id in every submission, whatever the file's layout or order.
 */
public final class TrialIds {
    private static final int HEX_DIGITS = 16;

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
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(TrialIds::canonical).toList());
        }
        return String.valueOf(value); // Double.toString is exact and the same on every JVM
    }
}
