package dev.qsweep.sweep;

import dev.qsweep.config.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The sweep file's {@code mlflow { tracking_uri, experiment }} block. Either value may be absent: the tracking URI
 * then comes from the environment ({@code MLFLOW_TRACKING_URI}), the experiment from the sweep's name.
 *
 * @param trackingUri  an http(s) URL of an MLflow tracking server, or null when the file sets none
 * @param experiment   the experiment's name, or null for the sweep's name
 * @param origin       {@code file:line} of the tracking URI (or of the file), for messages about the server found later
 */
public record MlflowSettings(String trackingUri, String experiment, String origin) {
    public static final int MAX_EXPERIMENT_NAME_CHARS = 500;

    /** No block in the file. */
    public static MlflowSettings none(String source) {
        return new MlflowSettings(null, null, source);
    }

    /**
     * Checks that {@code uri} is an http(s) URL with a host — the only kind the Java client and the executors can
     * reach — and returns it without a trailing slash.
     *
     * @param where what to name in the message, e.g. {@code jobs/x.conf:12: mlflow.tracking_uri}
     * @throws SettingsException saying what is wrong and how to fix it
     */
    public static String checkTrackingUri(String uri, String where) {
        String trimmed = uri.trim();
        String example = " Give the URL of an MLflow server, e.g. http://127.0.0.1:5000 (bin/mlflow-server starts one).";
        if (!trimmed.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) { // e.g. 127.0.0.1:5000
            throw new SettingsException(where + ": '" + uri + "' has no http:// or https:// in front." + example);
        }
        URI parsed;
        try {
            parsed = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new SettingsException(where + ": '" + uri + "' is not a valid URL: " + e.getReason() + "." + example);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SettingsException(where + ": '" + uri + "' is not an http(s) URL"
                    + (scheme.isEmpty() ? "" : " (scheme '" + scheme + "')")
                    + ": trials log from Spark executors over the REST API, so local stores such as file: or sqlite: "
                    + "cannot be used." + example);
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new SettingsException(where + ": '" + uri + "' names no host." + example);
        }
        if (parsed.getQuery() != null || parsed.getFragment() != null) {
            throw new SettingsException(where + ": '" + uri + "' has a query or fragment; give the server's base URL."
                    + example);
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
