package dev.qsweep.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns: numbers right-aligned, text left-aligned. Pure JDK. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(row));
        return this;
    }

    public String render() {
        int[] widths = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= isNumber(row.get(c));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths, numeric);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths, new boolean[widths.length]);
        rows.forEach(row -> line(out, row, widths, numeric));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] rightAlign) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(rightAlign[c] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /**
     * A cell for a value: doubles to four significant digits without exponent (0.0023, 0.9941, 500, 357.4; exponent
     * only for tiny values, 1E-10), one decimal from 1000 up (19816.5), lists comma-joined.
     */
    public static String format(Object value) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d) || d == 0) {
                return String.valueOf(d);
            }
            BigDecimal exact = new BigDecimal(d);
            BigDecimal rounded = Math.abs(d) >= 1000 ? exact.setScale(1, RoundingMode.HALF_EVEN)
                    : exact.round(new MathContext(4));
            rounded = rounded.stripTrailingZeros();
            return Math.abs(d) < 1e-4 ? rounded.toString() : rounded.toPlainString();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static boolean isNumber(String cell) {
        return cell.matches("-?[0-9][0-9,]*(\\.[0-9]+)?([eE]-?[0-9]+)?|NaN|null|-");
    }
}
