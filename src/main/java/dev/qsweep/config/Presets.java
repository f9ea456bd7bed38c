package dev.qsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The presets shipped in {@code conf/presets/*.conf} (on the classpath as {@code conf/presets/}). Each file is HOCON:
 * <pre>
 * description = "…"
 * env = "CartPole-v1"
 * env_options { }          # optional
 * default_for_env = true   # optional
 * settings { learning_rate = 2.5e-4, … }
 * </pre>
 */
public final class Presets {
    private static final String INDEX = "conf/presets/index.txt";
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("description", "env", "env_options", "default_for_env", "settings");

    private Presets() {
    }

    /** Names of all shipped presets, sorted. */
    public static List<String> names() {
        try (InputStream in = resource(INDEX)) {
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Preset load(String name) {
        if (!names().contains(name)) {
            throw new SettingsException("Unknown preset '" + name + "'." + Suggestions.didYouMean(name, names())
                    + " Shipped presets: " + String.join(", ", names()) + ".");
        }
        String path = "conf/presets/" + name + ".conf";
        try (InputStream in = resource(path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Config config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(path)).resolve();
            return fromConfig(name, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new SettingsException("Preset " + path + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    /** The preset marked {@code default_for_env} for this env id, if one is shipped. */
    public static Optional<Preset> defaultFor(String envId) {
        return names().stream().map(Presets::load).filter(p -> p.defaultForEnv() && p.envId().equals(envId)).findFirst();
    }

    static Preset fromConfig(String name, Config config) {
        for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
            if (!TOP_LEVEL_KEYS.contains(entry.getKey())) {
                throw new SettingsException(where(entry.getValue()) + ": unknown key '" + entry.getKey() + "'."
                        + Suggestions.didYouMean(entry.getKey(), TOP_LEVEL_KEYS) + " Allowed keys: "
                        + String.join(", ", new TreeSet<>(TOP_LEVEL_KEYS)) + ".");
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (config.hasPath("settings")) {
            for (Map.Entry<String, ConfigValue> entry : config.getObject("settings").entrySet()) {
                try {
                    SettingsCatalog.get(entry.getKey()).parse(entry.getValue().unwrapped());
                } catch (SettingsException e) {
                    throw new SettingsException(where(entry.getValue()) + ": " + e.getMessage(), e);
                }
                settings.put(entry.getKey(), entry.getValue().unwrapped());
            }
        }
        Map<String, String> envOptions = new LinkedHashMap<>();
        if (config.hasPath("env_options")) {
            config.getObject("env_options").forEach((k, v) -> envOptions.put(k, String.valueOf(v.unwrapped())));
        }
        return new Preset(name,
                config.hasPath("description") ? config.getString("description") : "",
                config.getString("env"),
                envOptions,
                settings,
                config.hasPath("default_for_env") && config.getBoolean("default_for_env"));
    }

    private static String where(ConfigValue value) {
        return value.origin().description();
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Presets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path + " (is conf/ on the classpath?)");
        }
        return in;
    }
}
