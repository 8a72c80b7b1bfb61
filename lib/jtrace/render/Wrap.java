package jtrace.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Text made to fit a width, broken between words, never inside one. A line of columns (a decoded field: offset,
 * bytes, name, value, meaning) goes on under its last column; prose under its first word, two spaces in.
 */
public final class Wrap {
    private Wrap() {}

    /** Every line of {@code text} at most {@code width} characters where spaces allow; {@code width} 0: as it is. */
    public static String text(String text, int width) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> lines(line, width).forEach(l -> out.append(l).append('\n')));
        return text.endsWith("\n") || text.isEmpty() ? out.toString() : out.substring(0, out.length() - 1);
    }

    /** One line as lines of at most {@code width} characters (a word longer than that stands alone on its line). */
    public static List<String> lines(String line, int width) {
        List<String> out = new ArrayList<>();
        if (width <= 0 || line.length() <= width) {
            out.add(line);
            return out;
        }
        String indent = " ".repeat(hangingIndent(line, width));
        String rest = line;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= indent.length()) cut = rest.indexOf(' ', width);  // one long word: after it
            if (cut < 0) break;
            out.add(rest.substring(0, cut).stripTrailing());
            String tail = rest.substring(cut).stripLeading();
            if (tail.isEmpty()) return out;
            rest = indent + tail;
        }
        out.add(rest);
        return out;
    }

    /** Where the last column starts (after the last run of two or more spaces), if it leaves room; else 2. */
    private static int hangingIndent(String line, int width) {
        int column = -1;
        for (int i = line.indexOf("  "); i >= 0 && i < width; i = line.indexOf("  ", i + 1)) {
            int end = i;
            while (end < line.length() && line.charAt(end) == ' ') end++;
            if (end < width) column = end;
            i = end - 1;
        }
        return column > 0 && column <= width - 20 ? column : 2;
    }
}
