package jtrace;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.names.Names;
import jtrace.names.Origin;
import jtrace.probe.Method;
import jtrace.render.AtlasJson;
import jtrace.render.Html;
import jtrace.render.Notes;
import jtrace.render.Rendered;
import jtrace.render.Svg;
import jtrace.render.Table;
import jtrace.render.TraceDiff;
import jtrace.render.TraceText;
import jtrace.render.TraceView;
import jtrace.result.Finding;
import jtrace.result.Stop;

/**
 * A finished trace: a value you can print, inspect and render again. {@code toString()} is traceroute's text.
 *
 * @param host       what the user asked for (name or address)
 * @param target     the address traced
 * @param method     the probe method that ran (prints as "udp", "icmp", "raw", "tcp")
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
public record Trace(String host, InetAddress target, Method method, int packetSize, Options options,
                    List<Hop> hops, Stop stop, List<Finding> findings, Map<InetAddress, String> names,
                    InetAddress source, Map<InetAddress, Origin> origins, Map<Integer, InetAddress> reusedFrom)
        implements TraceView {
    public Trace {
        hops = List.copyOf(hops);
        findings = List.copyOf(findings);
        names = Map.copyOf(names);
        origins = Map.copyOf(origins);
        reusedFrom = Map.copyOf(reusedFrom);
    }

    /** A trace whose source is not known, without AS origins, every hop probed by itself. */
    public Trace(String host, InetAddress target, Method method, int packetSize, Options options,
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

    /** The same trace with these hops and findings (an annotator's marks, e.g. the first hop behind a NAT). */
    public Trace withHops(List<Hop> hops, List<Finding> findings) {
        return new Trace(host, target, method, packetSize, options, hops, stop, findings, names, source, origins, reusedFrom);
    }

    /** The same trace with the names and origin ASes {@code names} finds for its addresses (within its time budgets). */
    public Trace annotated(Names names) {
        Names.Found found = names.of(addresses());
        return withNames(found.names()).withOrigins(found.origins());
    }

    /** Every address that answered, hop by hop, each once: what names and AS lookups need. */
    public List<InetAddress> addresses() {
        return hops.stream().flatMap(h -> h.addresses().stream()).distinct().toList();
    }

    /** The findings as the sentences the text shows after "note: ". */
    public List<String> notes() { return Notes.of(findings); }

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
    public String header() { return TraceText.header(this); }

    /** traceroute(8)'s first line, before there is a trace: what the command line prints as a trace starts. */
    public static String header(String host, InetAddress target, int maxTtl, int packetSize) {
        return TraceText.header(host, target, maxTtl, packetSize);
    }

    /** One line saying why the trace stopped, or "" when it reached the destination (as traceroute prints nothing). */
    public String stopLine() { return TraceText.stopLine(this); }

    /** The whole traceroute text: header, one line per hop, then the stop line and notes if any (the text renderer's). */
    public String text() { return TraceText.of(this); }

    /** A table, one row per hop: address, name, probes sent and answered, loss, best/avg/worst RTT in ms; prints as one. */
    public Rendered table() { return new Rendered("table", Table.of(this)); }

    /** A RIPE Atlas traceroute result (JSON), the format measurement tools read; prints as it ({@code .text()}: the String). */
    public Rendered json() { return new Rendered("json", AtlasJson.of(this)); }

    /** An HTML table (hop, address, name, each RTT with a bar, marks) with the stop line and notes: for notebooks and pages. */
    public String html() { return Html.of(this); }

    /** The route as a picture: a chain of hops with each one's round trip, silent hops dashed. {@code .save("route.svg")} writes it. */
    public Svg svg() { return Svg.of(this); }

    /** Hop by hop, what changed from this trace to {@code other}; prints as a table. */
    public TraceDiff compare(Trace other) { return TraceDiff.of(this, other); }

    @Override
    public String toString() { return text(); }
}
