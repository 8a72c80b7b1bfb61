package jtrace.render;

import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The few styles jtrace uses on a terminal, or none: {@link #PLAIN} when NO_COLOR is set, the terminal is
 * dumb, or there is no terminal at all. Text always reads the same without them.
 */
public record Palette(boolean colors) {
    public static final Palette PLAIN = new Palette(false);
    public static final Palette COLORS = new Palette(true);

    /** Colors unless NO_COLOR is set to anything but "" (no-color.org) or the terminal type is dumb or unknown. */
    public static Palette forTerminal(String terminalType, Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        boolean dumb = terminalType == null || terminalType.isEmpty() || terminalType.startsWith("dumb");
        return noColor != null && !noColor.isEmpty() || dumb ? PLAIN : COLORS;
    }

    public AttributedString bold(String s) { return styled(s, AttributedStyle.BOLD); }

    public AttributedString faint(String s) { return styled(s, AttributedStyle.DEFAULT.faint()); }

    /** Trouble: forward loss, errors. */
    public AttributedString bad(String s) { return styled(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)); }

    /** Worth a look but not trouble: loss at one router only (ICMP rate limiting). */
    public AttributedString warn(String s) { return styled(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)); }

    public AttributedString good(String s) { return styled(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)); }

    /** The prompt and headings. */
    public AttributedString accent(String s) { return styled(s, AttributedStyle.BOLD.foreground(AttributedStyle.BLUE)); }

    public AttributedString plain(String s) { return new AttributedString(s); }

    private AttributedString styled(String s, AttributedStyle style) {
        return colors ? new AttributedString(s, style) : new AttributedString(s);
    }
}
