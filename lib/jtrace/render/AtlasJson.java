package jtrace.render;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jtrace.packet.IcmpMeanings;
import jtrace.probe.Method;
import jtrace.probe.Reply;

/**
 * A trace as a RIPE Atlas traceroute result (https://atlas.ripe.net/docs/apis/result-format/), the JSON that
 * measurement tools already read (ripe.atlas.sagan, ripe-atlas-tools…); names and types checked against sagan's
 * traceroute parser. With -T a reply has TCP {@code flags}, with -e its ICMP extensions ({@code icmpext}). What jtrace
 * does not know is left out rather than invented: a reply's {@code size} where the socket did not show it (a TCP
 * connect's answer), {@code ittl} where it showed no quoted IP header (UDP and ping sockets: only raw sockets do), a
 * reply that came after the trace ended. Fields Atlas readers require but
 * that only a RIPE Atlas probe has are present with neutral values: {@code msm_id} and {@code prb_id} 0,
 * {@code fw} {@value #FORMAT_VERSION} (the result-format version this follows: sagan rejects fw 0).
 */
public final class AtlasJson {
    private AtlasJson() {}

    /** The Atlas firmware whose result format this output follows. */
    static final int FORMAT_VERSION = 5080;

    /** The whole result, one JSON object, pretty-printed with one hop per line. */
    public static String of(TraceView trace) {
        List<String> hops = hops(trace);
        String result = hops.isEmpty() ? "\"result\": []" : "\"result\": [\n    " + String.join(",\n    ", hops) + "\n  ]";
        return "{\n  " + String.join(",\n  ", top(trace)) + ",\n  " + result + "\n}\n";
    }

    /** The same result on one line, no line break inside: one line per trace in a JSON-lines stream. */
    public static String line(TraceView trace) {
        return "{" + String.join(", ", top(trace)) + ", \"result\": [" + String.join(", ", hops(trace)) + "]}";
    }

    private static List<String> top(TraceView trace) {
        List<String> top = new ArrayList<>();
        top.add(pair("fw", FORMAT_VERSION));
        top.add(pair("type", "traceroute"));
        top.add(pair("af", trace.target() instanceof Inet6Address ? 6 : 4));
        top.add(pair("dst_name", trace.host()));
        top.add(pair("dst_addr", jtrace.packet.AddressText.of(trace.target())));
        InetAddress source = trace.source() != null ? trace.source() : trace.options().source();
        if (source != null) {
            top.add(pair("src_addr", jtrace.packet.AddressText.of(source)));
            top.add(pair("from", jtrace.packet.AddressText.of(source)));  // Atlas: the probe's address as the world sees it
        }
        top.add(pair("proto", proto(trace)));
        top.add(pair("size", trace.packetSize()));
        // Atlas' paris_id: 0 for classic probes (a flow per probe), else which Paris flow (ours start at 0, Atlas' at 1).
        top.add(pair("paris_id", trace.options().paris() ? trace.options().flow() + 1 : 0));
        top.add(pair("msm_id", 0));
        top.add(pair("prb_id", 0));
        top.add(pair("timestamp", startSeconds(trace)));
        top.add(pair("endtime", endSeconds(trace)));
        return top;
    }

    private static List<String> hops(TraceView trace) {
        List<String> hops = new ArrayList<>();
        for (HopView hop : trace.hops()) hops.add(hop(hop, trace));
        return hops;
    }

    /** "UDP" for -U, "ICMP" for -I and --raw (both send echo requests). */
    static String proto(TraceView trace) {
        return switch (trace.method()) {
            case UDP -> "UDP";
            case TCP -> "TCP";
            case ICMP, RAW -> "ICMP";
        };
    }

    /**
     * {"hop": n, "result": [...]}; a hop taken from an earlier trace of the same run (not probed again) also
     * says from which target's trace: "reused_from"; the first hop behind a NAT says "behind_nat": true (Dublin
     * traceroute's test; absent elsewhere) — fields of ours, which Atlas has not and its readers ignore.
     */
    static String hop(HopView hop, TraceView trace) {
        List<String> replies = new ArrayList<>();
        for (ProbeView p : hop.probes()) {
            replies.add(reply(p, trace.target()));
            if (p.late() != null) replies.add(late(p, trace));
        }
        InetAddress reused = trace.reusedFrom().get(hop.ttl());
        // Atlas: {"hop": n, "error": "…"} when a probe could not be sent; the probes that did go out stay listed.
        String error = hop.error() == null ? "" : ", " + pair("error", hop.error());
        String result = hop.error() != null && replies.isEmpty() ? "" : ", \"result\": [" + String.join(", ", replies) + "]";
        return "{" + pair("hop", hop.ttl()) + (reused == null ? "" : ", " + pair("reused_from", jtrace.packet.AddressText.of(reused)))
                + (hop.behindNat() ? ", \"behind_nat\": true" : "") + error + result + "}";
    }

    /**
     * {"x": "*"} for a timeout, else from, rtt (ms), size, ttl of the reply, ittl (the TTL the probe had left where
     * it was quoted, when not 1), err / mtu for unreachables, TCP flags, ICMP extensions — each where known.
     */
    static String reply(ProbeView p, InetAddress target) {
        if (!p.answered()) return "{\"x\": \"*\"}";
        return "{" + String.join(", ", fields(p.reply(), String.format(Locale.ROOT, "%.3f", p.rtt()), target)) + "}";
    }

    /**
     * A reply that came after its probe was given up (the probe itself is the {"x": "*"} before it): Atlas's form,
     * {"late": n, from, ttl, size…} without rtt, n = how many probes the trace had sent after it by then. RIPE's
     * parser skips such entries, as it should: the probe counts as lost.
     */
    static String late(ProbeView p, TraceView trace) {
        long arrived = p.late().received();
        long after = trace.hops().stream().flatMap(h -> h.probes().stream())
                .filter(q -> q.sent() > p.sent() && q.sent() <= arrived).count();
        return "{" + pair("late", after) + ", " + String.join(", ", fields(p.late(), null, trace.target())) + "}";
    }

    /** A reply's fields in Atlas's names, rtt only when given (a late reply has none). */
    private static List<String> fields(Reply r, String rtt, InetAddress target) {
        List<String> f = new ArrayList<>();
        f.add(pair("from", jtrace.packet.AddressText.of(r.from())));
        if (rtt != null) f.add("\"rtt\": " + rtt);
        if (r.size() >= 0) f.add(pair("size", r.size()));
        if (r.ttl() >= 0) f.add(pair("ttl", r.ttl()));
        if (r.quote().ttl() >= 0 && r.quote().ttl() != 1) f.add(pair("ittl", r.quote().ttl()));  // Atlas leaves out the usual 1
        Object err = err(r, target);
        if (err != null) f.add(err instanceof String s ? pair("err", s) : pair("err", (Integer) err));
        if (r.mtu() > 0) f.add(pair("mtu", r.mtu()));
        if (r.isTcp()) f.add(pair("flags", flags(r.tcpFlags())));
        if (r.extensions() != null) f.add("\"icmpext\": " + icmpext(r.extensions()));
        return f;
    }

    /** Atlas's TCP flags: the letters of the set flags in the order F S R P A U E C ("SA" for a SYN-ACK, "RA" for a reset). */
    static String flags(int flags) {
        String letters = "FSRPAUEC";
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 8; bit++) if ((flags >> bit & 1) != 0) s.append(letters.charAt(bit));
        return s.toString();
    }

    /** Atlas's icmpext: version, rfc4884 (1 when the message gave the quote's length), and each object; MPLS stacks entry by entry. */
    static String icmpext(jtrace.packet.IcmpExtensions e) {
        List<String> objects = new ArrayList<>();
        for (jtrace.packet.IcmpExtensions.ExtensionObject o : e.objects()) {
            List<String> f = new ArrayList<>(List.of(pair("class", o.classNum()), pair("type", o.cType())));
            if (o.classNum() == jtrace.packet.IcmpExtensions.CLASS_MPLS) {
                List<String> entries = new ArrayList<>();
                try {
                    for (var m : o.mpls()) entries.add("{" + pair("exp", m.trafficClass()) + ", " + pair("label", m.label()) + ", "
                            + pair("s", m.bottom() ? 1 : 0) + ", " + pair("ttl", m.ttl()) + "}");
                } catch (jtrace.packet.MalformedPacketException unreadable) {
                    entries.clear();  // a stack that does not parse is shown by class and type only
                }
                f.add("\"mpls\": [" + String.join(", ", entries) + "]");
            }
            objects.add("{" + String.join(", ", f) + "}");
        }
        return "{" + pair("version", e.version()) + ", " + pair("rfc4884", e.rfc4884() ? 1 : 0) + ", \"obj\": ["
                + String.join(", ", objects) + "]}";
    }

    /**
     * Atlas's err: "N" network, "H" host (IPv6: address), "A" administratively prohibited, "P" protocol, "p" port
     * (from a router, not the destination), "h" beyond scope (IPv6), else the code as a number. None for a time
     * exceeded, an echo reply, the destination's port unreachable (the normal end of a UDP trace) or a
     * "fragmentation needed" (reported as mtu).
     */
    static Object err(Reply r, InetAddress target) {
        if (r.isPortUnreachable() && !r.from().equals(target)) return "p";  // from a router, not the destination
        return IcmpMeanings.atlasErr(r.isV6(), r.type(), r.code());
    }

    /** Unix seconds of the first probe sent (probe times are CLOCK_REALTIME nanoseconds). */
    static long startSeconds(TraceView trace) {
        return trace.hops().stream().flatMap(h -> h.probes().stream()).mapToLong(ProbeView::sent).min().orElse(0) / 1_000_000_000L;
    }

    /** Unix seconds of the last event seen: the last probe sent or reply received. */
    static long endSeconds(TraceView trace) {
        return trace.hops().stream().flatMap(h -> h.probes().stream())
                .mapToLong(p -> p.answered() ? p.reply().received() : p.sent()).max().orElse(0) / 1_000_000_000L;
    }

    static String pair(String key, String value) { return quote(key) + ": " + quote(value); }

    static String pair(String key, long value) { return quote(key) + ": " + value; }

    static String quote(String s) { return Json.quote(s); }
}
