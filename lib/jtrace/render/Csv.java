package jtrace.render;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jtrace.names.Origin;

/**
 * Traces as CSV (RFC 4180), one row per probe, for spreadsheets and {@code awk}: the target, the hop, the probe's
 * number in its hop, who answered (empty for a timeout), its name and origin AS when known, the round trip in ms,
 * the reply's TTL, traceroute's mark (!H…), and the target whose trace a reused hop came from.
 */
public final class Csv {
    private Csv() {}

    /** The header line, without its line end. */
    public static final String HEADER = "target,hop,probe,address,name,asn,rtt_ms,reply_ttl,mark,reused_from";

    /** Header and rows, each line ending in "\n". */
    public static String of(TraceView trace) { return HEADER + "\n" + rows(trace); }

    /** The rows of one trace, without the header: several traces append their rows under one header. */
    public static String rows(TraceView trace) {
        StringBuilder out = new StringBuilder();
        String target = jtrace.packet.AddressText.of(trace.target());
        for (HopView hop : trace.hops()) {
            InetAddress reused = trace.reusedFrom().get(hop.ttl());
            int n = 0;
            for (ProbeView p : hop.probes()) {
                n++;
                InetAddress from = p.from();
                Origin origin = from == null ? null : trace.origins().get(from);
                String name = from == null ? null : trace.names().get(from);
                out.append(line(target, String.valueOf(hop.ttl()), String.valueOf(n),
                        from == null ? "" : jtrace.packet.AddressText.of(from),
                        name == null ? "" : name,
                        origin == null ? "" : origin.asns().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                        p.answered() ? String.format(Locale.ROOT, "%.3f", p.rtt()) : "",
                        p.answered() && p.reply().ttl() >= 0 ? String.valueOf(p.reply().ttl()) : "",
                        p.answered() ? p.reply().annotation() : "",
                        reused == null ? "" : jtrace.packet.AddressText.of(reused))).append('\n');
            }
        }
        return out.toString();
    }

    private static String line(String... fields) {
        return Stream.of(fields).map(Csv::field).collect(Collectors.joining(","));
    }

    /** RFC 4180: a field with a comma, a quote or a line break goes in quotes, its quotes doubled. */
    static String field(String s) {
        boolean quote = s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Every trace under one header. */
    public static String of(List<? extends TraceView> traces) {
        return HEADER + "\n" + traces.stream().map(Csv::rows).collect(Collectors.joining());
    }
}
