package jtrace;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A finished trace: a value you can print, inspect and render again. {@code toString()} is traceroute's text.
 *
 * @param host       what the user asked for (name or address)
 * @param target     the address traced
 * @param method     the probe method that ran ("udp", "icmp", "raw")
 * @param packetSize bytes per probe on the wire
 * @param options    the options it ran with
 * @param hops       one entry per TTL probed, in order
 * @param stop       why it ended
 * @param findings   what the scanner noticed and did about it (rate limiting, re-probes), as data; {@link #notes()} words them
 * @param names      reverse-DNS names of the addresses seen (may be empty)
 * @param source     the address the probes left from (-s, else the kernel's choice for the target), or null if unknown
 * @param origins    the origin AS of the addresses seen, when asked for (-A; may be empty)
 * @param reusedFrom hops this trace did not probe itself but took from an earlier trace that passed the same
 *                   router (a multi-target run's stop set): TTL -> the target of the trace they came from
 */
public record Trace(String host, InetAddress target, String method, int packetSize, Options options,
                    List<Hop> hops, Stop stop, List<Finding> findings, Map<InetAddress, String> names,
                    InetAddress source, Map<InetAddress, Origin> origins, Map<Integer, InetAddress> reusedFrom) {
    public Trace {
        hops = List.copyOf(hops);
        findings = List.copyOf(findings);
        names = Map.copyOf(names);
        origins = Map.copyOf(origins);
        reusedFrom = Map.copyOf(reusedFrom);
    }

    /** A trace whose source is not known, without AS origins, every hop probed by itself. */
    public Trace(String host, InetAddress target, String method, int packetSize, Options options,
                 List<Hop> hops, Stop stop, List<Finding> findings, Map<InetAddress, String> names) {
        this(host, target, method, packetSize, options, hops, stop, findings, names, null, Map.of(), Map.of());
    }

    /** The same trace with these names for its addresses. */
    public Trace withNames(Map<InetAddress, String> names) {
        return new Trace(host, target, method, packetSize, options, hops, stop, findings, names, source, origins, reusedFrom);
    }

    /** The same trace with these origin ASes for its addresses. */
    public Trace withOrigins(Map<InetAddress, Origin> origins) {
        return new Trace(host, target, method, packetSize, options, hops, stop, findings, names, source, origins, reusedFrom);
    }

    /** Every address that answered, hop by hop, each once: what names and AS lookups need. */
    public List<InetAddress> addresses() {
        return hops.stream().flatMap(h -> h.addresses().stream()).distinct().toList();
    }

    /** The findings as the sentences the text shows after "note: ". */
    public List<String> notes() { return jtrace.render.Notes.of(findings); }

    public boolean reached() { return stop == Stop.REACHED; }

    /** The last hop, or null for an empty trace. */
    public Hop last() { return hops.isEmpty() ? null : hops.get(hops.size() - 1); }

    /** The hop with this TTL, or null. */
    public Hop hop(int ttl) {
        return hops.stream().filter(h -> h.ttl() == ttl).findFirst().orElse(null);
    }

    /** The address that answered at each hop, null for a silent hop: the route in one list. */
    public List<InetAddress> route() { return hops.stream().map(Hop::address).toList(); }

    /** traceroute(8)'s first line. */
    public String header() { return header(host, target, options.maxTtl(), packetSize); }

    /** traceroute(8)'s first line, before there is a trace: what the command line prints as a trace starts. */
    public static String header(String host, InetAddress target, int maxTtl, int packetSize) {
        return "traceroute to " + host + " (" + jtrace.packet.AddressText.of(target) + "), " + maxTtl
                + " hops max, " + packetSize + " byte packets";
    }

    /** One line saying why the trace stopped, or "" when it reached the destination (as traceroute prints nothing). */
    public String stopLine() {
        Hop last = last();
        int ttl = last == null ? options.firstTtl() : last.ttl();
        return switch (stop) {
            case REACHED -> "";
            case UNREACHABLE -> "stopped at hop " + ttl + ": " + describeUnreachable(last);
            case MAX_TTL -> "stopped: max TTL " + options.maxTtl() + " reached without an answer from "
                    + jtrace.packet.AddressText.of(target) + " (raise it with -m)";
            case GAP_LIMIT -> "stopped after hop " + ttl + ": " + options.gap() + " silent hop"
                    + (options.gap() == 1 ? "" : "s") + " in a row (gap limit; raise it with --gap)";
        };
    }

    private static String describeUnreachable(Hop hop) {
        return hop.probes().stream().filter(Probe::answered).map(Probe::reply).filter(r -> r.isFinal())
                .findFirst().map(r -> jtrace.packet.AddressText.of(r.from()) + " answered destination unreachable "
                        + r.annotation()).orElse("destination unreachable");
    }

    /** The whole traceroute text: header, one line per hop, then the stop line and notes if any. */
    public String text() {
        StringBuilder out = new StringBuilder(header()).append('\n');
        MtuMarks marks = new MtuMarks(options);
        for (Hop h : hops) out.append(h.format(names::get, origins::get, marks.next(h))).append('\n');
        if (!stopLine().isEmpty()) out.append(stopLine()).append('\n');
        for (String n : notes()) out.append("note: ").append(n).append('\n');
        return out.toString();
    }

    /** A table, one row per hop: address, name, probes sent and answered, loss, best/avg/worst RTT in ms; prints as one. */
    public jtrace.render.Rendered table() { return new jtrace.render.Rendered("table", jtrace.render.Table.of(this)); }

    /** A RIPE Atlas traceroute result (JSON), the format measurement tools read; prints as it ({@code .text()}: the String). */
    public jtrace.render.Rendered json() { return new jtrace.render.Rendered("json", jtrace.render.AtlasJson.of(this)); }

    /** An HTML table (hop, address, name, each RTT with a bar, marks) with the stop line and notes: for notebooks and pages. */
    public String html() { return jtrace.render.Html.of(this); }

    /** The route as a picture: a chain of hops with each one's round trip, silent hops dashed. {@code .save("route.svg")} writes it. */
    public jtrace.render.Svg svg() { return jtrace.render.Svg.of(this); }

    /** Hop by hop, what changed from this trace to {@code other}; prints as a table. */
    public jtrace.render.TraceDiff compare(Trace other) { return jtrace.render.TraceDiff.of(this, other); }

    @Override
    public String toString() { return text(); }
}
