package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jtrace.packet.AddressText;
import jtrace.packet.Decoded;
import jtrace.packet.Hexdump;
import jtrace.packet.Part;
import jtrace.result.HopKind;
import jtrace.result.HopStats;

/**
 * Results as HTML fragments, for notebooks and web pages: a trace as a table with a small bar per round trip, a
 * decoded packet as an aligned table with the bytes beside each field, a hex dump that keeps its columns, a watch
 * as mtr's table. Styles are inline (notebook front ends drop {@code <style>} blocks from untrusted output), and
 * every fragment reads only the values' accessors.
 */
public final class Html {
    private Html() {}

    private static final String TABLE = "<table style=\"border-collapse:collapse;font-size:13px\"";
    private static final String CELL = "padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left";
    private static final String NUMBER = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:right;font-variant-numeric:tabular-nums";
    private static final String MONO = "font-family:monospace;white-space:pre";
    private static final int BAR_PX = 60;  // the slowest round trip's bar
    private static final int SHOWN_BYTES = 32;

    /** A trace: the header line, one row per hop (hop, address, name, each probe's RTT with a bar, marks), then why it stopped and the notes. */
    public static String of(TraceView trace) {
        double slowest = trace.hops().stream().flatMap(h -> h.probes().stream()).filter(ProbeView::answered)
                .mapToDouble(ProbeView::rtt).max().orElse(0);
        StringBuilder out = new StringBuilder("<div class=\"jtrace-trace\">");
        out.append("<div style=\"").append(MONO).append(";margin-bottom:4px\">").append(escape(TraceText.header(trace))).append("</div>");
        out.append(TABLE).append(" class=\"jtrace-hops\"><thead><tr>");
        for (String h : List.of("Hop", "Address", "Name", "RTT (ms)", "Marks")) out.append(th(h));
        out.append("</tr></thead><tbody>");
        for (HopView hop : trace.hops()) out.append(row(hop, trace, slowest));
        out.append("</tbody></table>");
        String stop = TraceText.stopLine(trace);
        if (!stop.isEmpty()) out.append(paragraph(stop));
        List<String> notes = Notes.of(trace.findings());
        if (!notes.isEmpty()) {
            out.append("<ul class=\"jtrace-notes\" style=\"margin:4px 0\">");
            for (String n : notes) out.append("<li>note: ").append(escape(n)).append("</li>");
            out.append("</ul>");
        }
        return out.append("</div>").toString();
    }

    /** One hop: silent hops grey with a {@code *} per probe, several addresses one under the other. */
    private static String row(HopView hop, TraceView trace, double slowest) {
        boolean silent = hop.silent();
        List<InetAddress> addresses = hop.addresses();
        StringBuilder rtts = new StringBuilder();
        for (ProbeView p : hop.probes()) rtts.append(rtt(p, slowest));
        List<String> marks = hop.probes().stream().filter(ProbeView::answered).map(p -> p.reply().annotation())
                .filter(m -> !m.isEmpty()).distinct().toList();
        String address = silent ? "*" : String.join("<br/>", addresses.stream().map(a -> escape(AddressText.of(a))).toList());
        String name = String.join("<br/>", addresses.stream().map(a -> escape(trace.names().getOrDefault(a, ""))).toList());
        return "<tr class=\"" + (silent ? "silent" : "answered") + "\"" + (silent ? " style=\"color:#888\"" : "") + ">"
                + td(NUMBER, String.valueOf(hop.ttl())) + td(CELL + ";" + MONO, address) + td(CELL, name)
                + td(CELL + ";white-space:nowrap", rtts.toString()) + td(CELL, escape(String.join(" ", marks))) + "</tr>";
    }

    /** A probe's round trip: a bar as long as its share of the slowest one, then the time; {@code *} without answer. */
    private static String rtt(ProbeView p, double slowest) {
        if (!p.answered()) return "<span class=\"timeout\" style=\"display:inline-block;width:" + (BAR_PX + 48)
                + "px;color:#888\">*</span>";
        int px = slowest <= 0 ? 1 : Math.max(1, (int) Math.round(BAR_PX * p.rtt() / slowest));
        return "<span class=\"rtt\" style=\"display:inline-block;width:" + (BAR_PX + 48) + "px\">"
                + "<span style=\"display:inline-block;height:8px;width:" + px + "px;background:#4878b0;margin-right:4px\"></span>"
                + String.format(Locale.ROOT, "%.3f", p.rtt()) + "</span>";
    }

    /** A decoded packet: a heading per layer, then one row per field — offset, bytes, field, value, meaning; problems in red. */
    public static String of(Decoded decoded) {
        StringBuilder out = new StringBuilder(TABLE).append(" class=\"jtrace-decoded\"><thead><tr>");
        for (String h : List.of("Offset", "Bytes", "Field", "Value", "Meaning")) out.append(th(h));
        out.append("</tr></thead><tbody>");
        walk(decoded.parts(), 0, decoded.bytes(), out);
        return out.append("</tbody></table>").toString();
    }

    private static void walk(List<Part> parts, int depth, byte[] bytes, StringBuilder out) {
        String indent = "padding-left:" + (8 + 16 * depth) + "px";
        for (Part part : parts) {
            if (part instanceof Part.Layer l) {
                out.append("<tr class=\"layer\" style=\"background:#eef2f8\"><td colspan=\"5\" style=\"").append(CELL).append(';')
                        .append(indent).append("\"><b>").append(escape(l.name())).append("</b>")
                        .append(l.summary().isEmpty() ? "" : ", " + escape(l.summary()))
                        .append(" <span style=\"color:#888\">(bytes ").append(range(l.offset(), l.length())).append(")</span></td></tr>");
                walk(l.parts(), depth + 1, bytes, out);
            } else if (part instanceof Part.Field f) {
                out.append("<tr class=\"field\">").append(td(NUMBER, String.valueOf(f.offset())))
                        .append(td(CELL + ";" + MONO, escape(shown(f, bytes)))).append(td(CELL + ";" + indent, escape(f.name())))
                        .append(td(CELL + ";" + MONO, escape(f.value()))).append(td(CELL, escape(f.meaning()))).append("</tr>");
            } else if (part instanceof Part.Problem x) {
                out.append("<tr class=\"problem\" style=\"color:#b00020\">").append(td(NUMBER, String.valueOf(x.offset())))
                        .append("<td colspan=\"4\" style=\"").append(CELL).append(';').append(indent).append("\">!! ")
                        .append(escape(x.message())).append("</td></tr>");
            }
        }
    }

    /** A field's bytes: its bits for a bit field, else its bytes in hex, 8 to a line (the first 32; the hex dump has all). */
    private static String shown(Part.Field f, byte[] bytes) {
        String bits = f.bits(bytes);
        if (!bits.isEmpty()) return bits;
        StringBuilder s = new StringBuilder();
        int end = Math.min(bytes.length, f.offset() + Math.min(f.length(), SHOWN_BYTES));
        for (int i = f.offset(); i < end; i++) {
            int n = i - f.offset();
            s.append(n == 0 ? "" : n % 8 == 0 ? "\n" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return f.length() > SHOWN_BYTES ? s + " … (" + f.length() + " bytes)" : s.toString();
    }

    /** A hex dump, its columns kept. */
    public static String of(Hexdump dump) { return pre(dump.text(), "jtrace-hexdump"); }

    /** One probe: its summary, then the packet sent and the reply, each decoded and dumped. */
    public static String of(ProbeResultView probe) {
        StringBuilder out = new StringBuilder("<div class=\"jtrace-probe\">").append(paragraph(ProbeText.summary(probe)));
        out.append("<h4 style=\"margin:8px 0 4px\">sent</h4>").append(of(probe.sentDecoded())).append(of(probe.sentHexdump()));
        out.append("<h4 style=\"margin:8px 0 4px\">received</h4>");
        if (probe.receivedDecoded() != null) out.append(of(probe.receivedDecoded())).append(of(probe.receivedHexdump()));
        else out.append(pre(receivedPart(probe), "jtrace-reported"));
        return out.append("</div>").toString();
    }

    /** What the text rendering says of the reply when no bytes were captured (the kernel reported fields only). */
    private static String receivedPart(ProbeResultView probe) {
        String text = ProbeText.of(probe);
        int at = text.indexOf("\nreceived: ");
        return at < 0 ? "" : text.substring(at + 1);
    }

    /** A watch: mtr's report table — Host, Loss%, Snt, Last, Avg, Best, Wrst, StDev — silent routers and marks named. */
    public static String of(WatchView report) {
        StringBuilder out = new StringBuilder("<div class=\"jtrace-watch\">");
        String addr = AddressText.of(report.target());
        out.append(paragraph("watch " + report.host() + (report.host().equals(addr) ? "" : " (" + addr + ")") + ": "
                + report.method() + ", " + report.rounds() + (report.rounds() == 1 ? " round" : " rounds")));
        out.append(TABLE).append(" class=\"jtrace-mtr\"><thead><tr>");
        for (String h : List.of("", "Host", "Loss%", "Snt", "Last", "Avg", "Best", "Wrst", "StDev")) out.append(th(h));
        out.append("</tr></thead><tbody>");
        for (WatchView.Row r : report.rows()) {
            HopStats s = r.stats();
            String host = switch (r.kind()) {
                case SILENT_ROUTER -> "(silent router)";
                case NO_REPLY -> "???";
                case ANSWERS -> String.join("<br/>", r.addresses().stream().map(a -> escape(hostName(report, a))).toList());
            };
            boolean silent = r.kind() == HopKind.SILENT_ROUTER;
            String loss = silent ? "--" : String.format(Locale.ROOT, "%.1f%%", s.lossPercent());
            String lossStyle = NUMBER + (r.lossOnlyHere() ? ";background:#fff3c4" : "");
            out.append("<tr class=\"").append(r.kind().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(td(NUMBER, r.ttl() + ".")).append(td(CELL, host + (r.mark().isEmpty() ? "" : " " + escape(r.mark()))))
                    .append(td(lossStyle, loss)).append(td(NUMBER, String.valueOf(s.sent())))
                    .append(td(NUMBER, ms(s.last()))).append(td(NUMBER, ms(s.mean()))).append(td(NUMBER, ms(s.best())))
                    .append(td(NUMBER, ms(s.worst()))).append(td(NUMBER, ms(s.received() == 0 ? Double.NaN : s.stdev())))
                    .append("</tr>");
        }
        out.append("</tbody></table>");
        if (report.rows().stream().anyMatch(WatchView.Row::lossOnlyHere))
            out.append(paragraph("highlighted loss: that router limits its ICMP answers; later hops lose nothing, so traffic passes"));
        return out.append("</div>").toString();
    }

    private static String hostName(WatchView report, InetAddress a) {
        String addr = AddressText.of(a);
        String name = report.names().get(a);
        return name == null ? addr : name + " (" + addr + ")";
    }

    /** Any other value: its text, preformatted, so columns and line breaks survive. */
    public static String preformatted(Object value) { return pre(String.valueOf(value), "jtrace-text"); }

    /** Text made safe inside HTML elements and attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String pre(String text, String cssClass) {
        return "<pre class=\"" + cssClass + "\" style=\"font-family:monospace;font-size:13px;line-height:1.3;margin:4px 0\">"
                + escape(text) + "</pre>";
    }

    private static String paragraph(String text) { return "<div style=\"margin:4px 0\">" + escape(text) + "</div>"; }

    private static String th(String title) {
        return "<th style=\"" + CELL + ";border-bottom:2px solid #999\">" + escape(title) + "</th>";
    }

    private static String td(String style, String html) { return "<td style=\"" + style + "\">" + html + "</td>"; }

    private static String range(int offset, int length) { return length <= 1 ? String.valueOf(offset) : offset + "-" + (offset + length - 1); }

    private static String ms(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v); }
}
