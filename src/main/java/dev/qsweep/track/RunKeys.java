package dev.qsweep.track;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic name of a trial's MLflow run: a hash of the sweep's output directory and the trial id, stored as
 * the run's {@code run_key} tag. The same trial in the same output — a Spark retry, a re-submission — finds its run
 * again; the same trial id in another output directory (whose checkpoints start from zero) gets its own run.
 */
public final class RunKeys {
    public static final String TAG = "run_key";

    private RunKeys() {
    }

    public static String of(String sweepRoot, String trialId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sweepRoot + "\n" + trialId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
