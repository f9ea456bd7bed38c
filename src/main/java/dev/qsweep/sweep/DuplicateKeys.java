package dev.qsweep.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a key set twice in HOCON text. HOCON lets the later value win silently, so {@code gamma = 0.9} and, further
 * down, {@code gamma = 0.99} (or {@code settings.gamma = 0.99} next to a {@code settings { … }} block) would sweep
 * something else than the reader of the file believes. Blocks given twice merge, as in HOCON; a value set at one full
 * path twice counts, as does a value and a block at one path (the later replaces the earlier); {@code +=} appends. Runs on text Typesafe Config has already parsed,
 * so it may assume the syntax is valid.
 */
final class DuplicateKeys {
    /** A key set twice: its full dotted path and the 1-based lines of both settings. */
    record Duplicate(String path, int firstLine, int secondLine) {
    }

    private final String text;
    private final Map<String, Integer> valueLines = new HashMap<>();
    private final Map<String, Integer> blockLines = new HashMap<>();
    private int pos;
    private int line = 1;

    private DuplicateKeys(String text) {
        this.text = text;
    }

    /** The first key of {@code text} set twice, if any. */
    static Optional<Duplicate> find(String text) {
        DuplicateKeys scan = new DuplicateKeys(text);
        scan.skipSpace();
        boolean braced = scan.peek() == '{';
        if (braced) {
            scan.pos++;
        }
        return scan.object("", braced ? '}' : 0);
    }

    /** Reads fields until {@code end} (0: end of text), recording each value's path. */
    private Optional<Duplicate> object(String prefix, char end) {
        while (true) {
            skipSpaceAndSeparators();
            if (pos >= text.length() || peek() == end) {
                pos++;
                return Optional.empty();
            }
            List<String> key = key();
            if (key.size() == 1 && key.get(0).equals("include")) {
                skipValue(); // an included file is read by Typesafe Config; its keys are not in this text
                continue;
            }
            String path = prefix + String.join(".", key);
            skipSpace();
            boolean append = text.startsWith("+=", pos);
            if (peek() == '=' || peek() == ':' || append) {
                pos += append ? 2 : 1;
                skipSpace();
            }
            if (peek() == '{') {
                blockLines.putIfAbsent(path, line);
                if (valueLines.containsKey(path)) { // a block replacing a value
                    return Optional.of(new Duplicate(path, valueLines.get(path), line));
                }
                pos++;
                Optional<Duplicate> inner = object(path + ".", '}');
                if (inner.isPresent()) {
                    return inner;
                }
                continue;
            }
            int at = line;
            if (peek() == '[') {
                Optional<Duplicate> inner = list(path);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            skipValue();
            if (!append) {
                Integer first = blockLines.containsKey(path) ? blockLines.get(path) : valueLines.putIfAbsent(path, at);
                if (first != null) {
                    return Optional.of(new Duplicate(path, first, at));
                }
            }
        }
    }

    /**
     * Reads a list from its {@code [} past its {@code ]}, scanning each block in it as an object of its own
     * ({@code path[i].key}), so that a key set twice inside e.g. one of {@code variants = [ { … } ]} is found too.
     */
    private Optional<Duplicate> list(String path) {
        pos++;
        for (int index = 0; ; index++) {
            skipSpaceAndSeparators();
            if (pos >= text.length() || peek() == ']') {
                pos++;
                return Optional.empty();
            }
            if (peek() == '{') {
                pos++;
                Optional<Duplicate> inner = object(path + "[" + index + "].", '}');
                if (inner.isPresent()) {
                    return inner;
                }
            } else if (peek() == '[') {
                Optional<Duplicate> inner = list(path + "[" + index + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            } else {
                skipElement();
            }
        }
    }

    /** Skips a scalar list element up to a separator or the list's closing bracket. */
    private void skipElement() {
        while (pos < text.length() && peek() != ',' && peek() != '\n' && peek() != ']') {
            if (peek() == '"') {
                skipQuoted();
            } else if (isCommentStart()) {
                skipComment();
            } else {
                advance();
            }
        }
    }

    /** A possibly dotted, possibly quoted key, as its parts. */
    private List<String> key() {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        while (pos < text.length()) {
            char c = peek();
            if (c == '"') {
                int start = pos + 1;
                skipQuoted();
                part.append(text, start, pos - 1);
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
                pos++;
            } else if (c == '=' || c == ':' || c == '{' || c == '\n' || text.startsWith("+=", pos)) {
                break;
            } else {
                if (!Character.isWhitespace(c)) {
                    part.append(c);
                } else if (!part.isEmpty() && isKeyEnd()) {
                    break;
                }
                pos++;
            }
        }
        parts.add(part.toString().strip());
        return parts;
    }

    /** Whether only spaces stand between here and a separator ({@code include "x"} has none). */
    private boolean isKeyEnd() {
        int i = pos;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || "=:{+\n".indexOf(text.charAt(i)) >= 0 || text.charAt(i) == '"';
    }

    /** Skips a value up to the end of its field: a newline, comma or closing brace outside brackets and quotes. */
    private void skipValue() {
        int depth = 0;
        while (pos < text.length()) {
            char c = peek();
            if (c == '"') {
                skipQuoted();
                continue;
            }
            if (isCommentStart()) {
                skipComment();
                continue;
            }
            if (c == '[' || c == '{' || (c == '$' && text.startsWith("${", pos))) {
                depth++;
            } else if (c == ']' || (c == '}' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == '\n' || c == ',' || c == '}')) {
                return;
            }
            advance();
        }
    }

    private void skipQuoted() {
        if (text.startsWith("\"\"\"", pos)) {
            int close = text.indexOf("\"\"\"", pos + 3);
            int end = close < 0 ? text.length() : close + 3;
            while (pos < end) {
                advance();
            }
            return;
        }
        advance();
        while (pos < text.length() && peek() != '"') {
            if (peek() == '\\') {
                advance();
            }
            advance();
        }
        advance();
    }

    private void skipSpace() {
        while (pos < text.length()) {
            if (isCommentStart()) {
                skipComment();
            } else if (peek() == ' ' || peek() == '\t' || peek() == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipSpaceAndSeparators() {
        while (true) {
            skipSpace();
            if (pos < text.length() && (peek() == '\n' || peek() == ',')) {
                advance();
            } else {
                return;
            }
        }
    }

    private boolean isCommentStart() {
        return peek() == '#' || text.startsWith("//", pos);
    }

    private void skipComment() {
        while (pos < text.length() && peek() != '\n') {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void advance() {
        if (pos < text.length() && text.charAt(pos) == '\n') {
            line++;
        }
        pos++;
    }
}
