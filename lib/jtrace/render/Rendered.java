package jtrace.render;

/**
 * A rendering of a value (a table, JSON…) as a value itself: it prints as the text it is, so JShell shows
 * {@code t.table()} as a table, not as a quoted string with {@code \n} escapes. {@link #text()} is the String.
 *
 * @param format what kind of text: "table", "json"
 * @param text   the text itself
 */
public record Rendered(String format, String text) {
    @Override
    public String toString() { return text; }
}
