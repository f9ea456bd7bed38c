package dev.qsweep.env;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One constructor option of an environment (a Gymnasium {@code make} kwarg), with its default and what it accepts.
 *
 * @param allowedValues the accepted values for a choice or boolean option; empty for a number
 * @param minimum       smallest accepted number (numbers only)
 * @param maximum       largest accepted number (numbers only)
 * @param textCheck     for a text option, checks a value and throws {@link IllegalArgumentException} saying what is
 *                      wrong; null for the other kinds
 */
public record EnvOption(String name, Kind kind, String defaultValue, List<String> allowedValues,
                        double minimum, double maximum, String description, Consumer<String> textCheck) {

    /** What values an option takes. */
    public enum Kind { CHOICE, BOOLEAN, NUMBER, INTEGER, TEXT }

    public EnvOption {
        allowedValues = List.copyOf(allowedValues);
        if ((kind == Kind.TEXT) != (textCheck != null)) {
            throw new IllegalArgumentException("option " + name + ": a text option needs a check, other kinds none");
        }
    }

    private EnvOption(String name, Kind kind, String defaultValue, List<String> allowedValues, double minimum,
                      double maximum, String description) {
        this(name, kind, defaultValue, allowedValues, minimum, maximum, description, null);
    }

    public static EnvOption choice(String name, String defaultValue, List<String> values, String description) {
        return new EnvOption(name, Kind.CHOICE, defaultValue, values, 0, 0, description);
    }

    public static EnvOption bool(String name, boolean defaultValue, String description) {
        return new EnvOption(name, Kind.BOOLEAN, Boolean.toString(defaultValue), List.of("true", "false"), 0, 0,
                description);
    }

    public static EnvOption number(String name, double defaultValue, double minimum, double maximum,
                                   String description) {
        return new EnvOption(name, Kind.NUMBER, Double.toString(defaultValue), List.of(), minimum, maximum,
                description);
    }

    public static EnvOption integer(String name, int defaultValue, int minimum, int maximum, String description) {
        return new EnvOption(name, Kind.INTEGER, Integer.toString(defaultValue), List.of(), minimum, maximum,
                description);
    }

    /**
     * Free text (a folder, a wrapper chain) that {@code check} validates, so a sweep file is checked before anything
     * runs; {@code accepts} describes the values for {@code env list}, e.g. {@code <folder>}.
     */
    public static EnvOption text(String name, String defaultValue, String accepts, Consumer<String> check,
                                 String description) {
        return new EnvOption(name, Kind.TEXT, defaultValue, List.of(accepts), 0, 0, description, check);
    }

    /** A human description of the accepted values, e.g. {@code true|false} or {@code number in [0, 1]}. */
    public String accepts() {
        return switch (kind) {
            case CHOICE, BOOLEAN, TEXT -> String.join("|", allowedValues);
            case NUMBER -> Double.isInfinite(minimum) && Double.isInfinite(maximum) ? "any number"
                    : "number in [" + trim(minimum) + ", " + trim(maximum) + "]";
            case INTEGER -> "integer in [" + (long) minimum + ", " + (long) maximum + "]";
        };
    }

    private static String trim(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Parses and checks a value for this option; the error message says what is accepted. */
    public Object parse(String envId, String raw) {
        String value = raw.trim();
        String problem = envId + ": option " + name + "=" + raw + " is invalid; expected " + accepts();
        switch (kind) {
            case TEXT -> {
                try {
                    textCheck.accept(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(problem + ": " + e.getMessage(), e);
                }
                return value;
            }
            case CHOICE -> {
                if (!allowedValues.contains(value)) {
                    throw new IllegalArgumentException(problem);
                }
                return value;
            }
            case BOOLEAN -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new IllegalArgumentException(problem);
                }
                return Boolean.parseBoolean(lower);
            }
            case NUMBER -> {
                double number;
                try {
                    number = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(problem, e);
                }
                if (!(number >= minimum && number <= maximum)) {
                    throw new IllegalArgumentException(problem);
                }
                return number;
            }
            default -> {
                long number;
                try {
                    number = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(problem, e);
                }
                if (number < minimum || number > maximum) {
                    throw new IllegalArgumentException(problem);
                }
                return (int) number;
            }
        }
    }
}
