package dev.qsweep.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The declaration of one setting: its name (Stable-Baselines3's, so configs carry over), type, default, doc and
 * valid range. {@link #parse} turns a raw value (a HOCON value or a {@code --set} string) into a checked Java value.
 */
public record Setting(String name, Type type, Object defaultValue, String doc, Range range, List<String> choices) {

    /** Value types a setting can have. */
    public enum Type {
        INT, DOUBLE, BOOLEAN, CHOICE, INT_LIST
    }

    /** A numeric interval; an open end is written with a round bracket in messages. */
    public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
        static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

        boolean contains(double value) {
            boolean aboveMin = minInclusive ? value >= min : value > min;
            boolean belowMax = maxInclusive ? value <= max : value < max;
            return aboveMin && belowMax;
        }

        @Override
        public String toString() {
            return (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
        }

        private static String format(double bound) {
            if (Double.isInfinite(bound)) {
                return bound > 0 ? "inf" : "-inf";
            }
            return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
        }
    }

    public Setting {
        choices = List.copyOf(choices);
    }

    static Setting ofInt(String name, int defaultValue, Range range, String doc) {
        return new Setting(name, Type.INT, defaultValue, doc, range, List.of());
    }

    static Setting ofDouble(String name, double defaultValue, Range range, String doc) {
        return new Setting(name, Type.DOUBLE, defaultValue, doc, range, List.of());
    }

    static Setting ofBoolean(String name, boolean defaultValue, String doc) {
        return new Setting(name, Type.BOOLEAN, defaultValue, doc, Range.ANY, List.of());
    }

    static Setting ofChoice(String name, String defaultValue, List<String> choices, String doc) {
        return new Setting(name, Type.CHOICE, defaultValue, doc, Range.ANY, choices);
    }

    static Setting ofIntList(String name, List<Integer> defaultValue, Range elementRange, String doc) {
        return new Setting(name, Type.INT_LIST, List.copyOf(defaultValue), doc, elementRange, List.of());
    }

    /** What a user may write, for error messages and {@code --help}. */
    public String allowedValues() {
        return switch (type) {
            case INT -> "an integer in " + range;
            case DOUBLE -> "a number in " + range;
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case INT_LIST -> "a comma-separated list of integers, each in " + range + " (e.g. 120,84)";
        };
    }

    /**
     * Checks and converts a raw value: a {@link String} from the command line, or a Number / Boolean / String / List
     * from a HOCON file.
     *
     * @throws SettingsException naming this setting and its allowed values
     */
    public Object parse(Object raw) {
        try {
            Object value = switch (type) {
                case INT -> checkRange(toLong(raw));
                case DOUBLE -> checkRange(toDouble(raw));
                case BOOLEAN -> toBoolean(raw);
                case CHOICE -> toChoice(raw);
                case INT_LIST -> toIntList(raw);
            };
            return type == Type.INT ? (Object) Math.toIntExact((Long) value) : value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(raw, "it is not " + allowedValues().replaceFirst(" in .*", ""));
        }
    }

    private Object checkRange(long value) {
        if (!range.contains(value)) {
            throw invalid(value, "it is out of range");
        }
        return value;
    }

    private Object checkRange(double value) {
        if (Double.isNaN(value) || !range.contains(value)) {
            throw invalid(value, "it is out of range");
        }
        return value;
    }

    private long toLong(Object raw) {
        if (raw instanceof Number number) {
            double asDouble = number.doubleValue();
            if (asDouble != Math.rint(asDouble)) {
                throw new NumberFormatException();
            }
            return number.longValue();
        }
        String text = raw.toString().trim().replace("_", "");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Accept 1e5 and 50000.0, as people write step counts that way.
            double asDouble = Double.parseDouble(text);
            if (asDouble != Math.rint(asDouble) || Math.abs(asDouble) > Long.MAX_VALUE) {
                throw e;
            }
            return (long) asDouble;
        }
    }

    private static double toDouble(Object raw) {
        if (raw instanceof Number number) {
            return number.doubleValue();
        }
        return Double.parseDouble(raw.toString().trim().replace("_", ""));
    }

    private Boolean toBoolean(Object raw) {
        if (raw instanceof Boolean bool) {
            return bool;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(raw, "it is not true or false");
        };
    }

    private String toChoice(Object raw) {
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(text)) {
            throw invalid(raw, "it is not one of the choices." + Suggestions.didYouMean(text, choices));
        }
        return text;
    }

    private List<Integer> toIntList(Object raw) {
        List<?> items = raw instanceof List<?> list ? list : List.of(raw.toString().split(","));
        if (items.isEmpty() || items.size() == 1 && items.get(0).toString().isBlank()) {
            throw invalid(raw, "the list is empty");
        }
        List<Integer> values = new ArrayList<>();
        for (Object item : items) {
            long value = toLong(item);
            if (!range.contains(value)) {
                throw invalid(raw, "element " + value + " is out of range");
            }
            values.add(Math.toIntExact(value));
        }
        return List.copyOf(values);
    }

    private SettingsException invalid(Object raw, String why) {
        return new SettingsException("Invalid value '" + raw + "' for setting '" + name + "': " + why
                + ". Allowed: " + allowedValues() + ". (" + doc + ")");
    }
}
