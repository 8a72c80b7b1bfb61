package jtrace.render;

import jtrace.result.HopStats;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import jtrace.result.HopKind;

/**
 * Lays a {@link WatchView} out as mtr does: one line per hop, Host then Loss%, Snt, Last, Avg, Best, Wrst,
 * StDev, Jttr, Javg (ms). When the width is short, the right-most columns go first; the host column keeps at
 * least {@value #MIN_HOST} characters. Lines never exceed the width, so a redraw never wraps.
 */
public final class WatchTable {
    private WatchTable() {}

    static final int MIN_HOST = 16;
    private static final int TTL_WIDTH = 5;  // " 12. "
    private static final List<Column> COLUMNS = List.of(
            new Column("Loss%", 7), new Column("Snt", 6), new Column("Last", 8), new Column("Avg", 8),
            new Column("Best", 8), new Column("Wrst", 8), new Column("StDev", 8), new Column("Jttr", 8),
            new Column("Javg", 8));

    private record Column(String title, int width) {}

    /** The report: title, column heads, the hops, and a note for each kind of row that needs one. {@code width} 0: unlimited. */
    public static List<AttributedString> report(WatchView r, int width, Palette p) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(clip(p.bold(title(r)), width));
        lines.addAll(table(r, width, p));
        lines.addAll(notes(r, width, p));
        return lines;
    }

    /**
     * The live screen: the report cut to {@code height} lines (the hops that do not fit are counted), then
     * {@code status} on the last line.
     */
    public static List<AttributedString> screen(WatchView r, int width, int height, Palette p, String status) {
        List<AttributedString> body = report(r, width, p);
        int room = Math.max(1, height - 2);  // a blank line and the status line
        if (body.size() > room) {
            int cut = Math.max(1, room - 1);
            int hidden = body.size() - cut;
            body = new ArrayList<>(body.subList(0, cut));
            body.add(clip(p.faint("... " + hidden + " more lines: make the window taller"), width));
        }
        List<AttributedString> lines = new ArrayList<>(body);
        lines.add(AttributedString.EMPTY);
        lines.add(clip(p.faint(jtrace.render.Wrap.lines(status, width).get(0)), width));  // one line: what fits, whole words
        return lines;
    }

    /** The live screen's last line: the round in progress (as the title counts it), the pace and the keys. */
    public static String status(WatchView r, int count, double interval) {
        return "round " + r.rounds() + (count > 0 ? " of " + count : "") + ", every " + interval
                + " s   q or Ctrl-C: stop   r: reset counts";
    }

    static String title(WatchView r) {
        String addr = jtrace.packet.AddressText.of(r.target());
        return "watch " + r.host() + (r.host().equals(addr) ? "" : " (" + addr + ")") + ": " + r.method() + ", "
                + r.rounds() + (r.rounds() == 1 ? " round" : " rounds");
    }

    private static List<AttributedString> table(WatchView r, int width, Palette p) {
        List<String> hosts = r.rows().stream().map(row -> host(row, r, true)).toList();
        int hostWidth = Math.max(MIN_HOST, hosts.stream().mapToInt(String::length).max().orElse(0));
        List<Column> columns = new ArrayList<>(COLUMNS);
        if (width > 0) {
            while (columns.size() > 2 && TTL_WIDTH + MIN_HOST + total(columns) > width) columns.remove(columns.size() - 1);
            hostWidth = Math.max(MIN_HOST, Math.min(hostWidth, width - TTL_WIDTH - total(columns)));
        }
        List<AttributedString> lines = new ArrayList<>();
        AttributedStringBuilder head = new AttributedStringBuilder().append(pad("  Host", TTL_WIDTH + hostWidth, false));
        for (Column c : columns) head.append(pad(c.title(), c.width(), true));
        lines.add(clip(p.bold(head.toString()), width));
        for (WatchView.Row row : r.rows()) {
            String host = host(row, r, true);
            if (host.length() > hostWidth) host = host(row, r, false);
            AttributedStringBuilder line = new AttributedStringBuilder()
                    .append(String.format(Locale.ROOT, "%3d. ", row.ttl()));
            line.append(row.kind() == HopKind.ANSWERS ? p.plain(pad(cut(host, hostWidth), hostWidth, false))
                    : p.faint(pad(cut(host, hostWidth), hostWidth, false)));
            for (Column c : columns) line.append(cell(row, c, p));
            lines.add(clip(stripTrailing(line.toAttributedString()), width));
            for (InetAddress other : row.addresses().subList(Math.min(1, row.addresses().size()), Math.min(4, row.addresses().size())))
                lines.add(clip(p.faint(" ".repeat(TTL_WIDTH) + cut(name(other, r, true), hostWidth)), width));
        }
        return lines;
    }

    private static AttributedString cell(WatchView.Row row, Column c, Palette p) {
        HopStats s = row.stats();
        boolean silent = row.kind() == HopKind.SILENT_ROUTER;
        String text = switch (c.title()) {
            case "Loss%" -> silent ? "--" : String.format(Locale.ROOT, "%.1f%%", s.lossPercent());
            case "Snt" -> String.valueOf(s.sent());
            case "Last" -> ms(s.last());
            case "Avg" -> ms(s.mean());
            case "Best" -> ms(s.best());
            case "Wrst" -> ms(s.worst());
            case "StDev" -> s.received() == 0 ? "" : ms(s.stdev());
            case "Jttr" -> ms(s.jitter());
            case "Javg" -> ms(s.jitterMean());
            default -> throw new IllegalStateException(c.title());
        };
        String padded = pad(text, c.width(), true);
        if (!c.title().equals("Loss%") || silent || s.lost() == 0) return p.plain(padded);
        return row.lossOnlyHere() ? p.warn(padded) : p.bad(padded);
    }

    /** A note per kind of row that needs one, wrapped between words to the width (a cut word reads as another). */
    private static List<AttributedString> notes(WatchView r, int width, Palette p) {
        List<AttributedString> notes = new ArrayList<>();
        String silent = ttls(r, row -> row.kind() == HopKind.SILENT_ROUTER);
        if (!silent.isEmpty())
            for (String line : jtrace.render.Wrap.lines("hop " + silent + ": no answer while later hops answer:"
                    + " a router that sends no ICMP, not packet loss", width)) notes.add(clip(p.faint(line), width));
        String local = ttls(r, WatchView.Row::lossOnlyHere);
        if (!local.isEmpty())
            for (String line : jtrace.render.Wrap.lines("hop " + local + ": loss that later hops do not show:"
                    + " the router limits its ICMP answers; traffic passes", width)) notes.add(clip(p.warn(line), width));
        return notes;
    }

    private static String ttls(WatchView r, java.util.function.Predicate<WatchView.Row> which) {
        return r.rows().stream().filter(which).map(row -> String.valueOf(row.ttl())).collect(Collectors.joining(", "));
    }

    /** The host cell: "name (address)" or the address alone, after its AS as mtr -z puts it, with the hop's mark; "???" for no answer. */
    private static String host(WatchView.Row row, WatchView r, boolean withAddress) {
        if (row.kind() == HopKind.SILENT_ROUTER) return "(silent router)";
        if (row.address() == null) return "???";
        jtrace.names.Origin as = r.origins().get(row.address());
        return (as == null ? "" : as.label() + " ") + name(row.address(), r, withAddress) + (row.mark().isEmpty() ? "" : " " + row.mark());
    }

    private static String name(InetAddress a, WatchView r, boolean withAddress) {
        String addr = jtrace.packet.AddressText.of(a);
        String name = r.names().get(a);
        if (name == null || name.equals(addr)) return addr;
        return withAddress ? name + " (" + addr + ")" : name;
    }

    /** Milliseconds in 7 characters: 3 decimals below 10 ms, fewer above. */
    static String ms(double v) {
        if (Double.isNaN(v)) return "";
        String format = v < 10 ? "%.3f" : v < 100 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, v);
    }

    private static int total(List<Column> columns) { return columns.stream().mapToInt(Column::width).sum(); }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "~";
    }

    /** Without the blanks of empty cells at the end (a silent router has no times). */
    private static AttributedString stripTrailing(AttributedString s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return s.subSequence(0, end);
    }

    private static AttributedString clip(AttributedString s, int width) {
        return width > 0 && s.columnLength() > width ? s.columnSubSequence(0, width) : s;
    }
}
