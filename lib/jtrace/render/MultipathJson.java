package jtrace.render;

import java.util.stream.Collectors;

import jtrace.packet.AddressText;

/**
 * A multipath discovery ({@link MultipathView}) as JSON, in the spirit of RIPE Atlas' traceroute result (the same {@code dst_addr},
 * {@code proto}, {@code from}, {@code rtt} and {@code err} names): {@code {"type": "mda", "dst_addr", "proto",
 * "confidence", "probes", "duration", "stop", "result": [{"hop", "sent", "phases": {"first", "rule", "node_control", "retry",
 * "recheck"}, "interfaces": [{"from", "rtt": [..],
 * "err"}]}], "links": [{"hop", "from", "to"}]}}.
 */
public final class MultipathJson {
    private MultipathJson() {}

    public static String of(MultipathView m) {
        StringBuilder out = new StringBuilder("{\"type\": \"mda\", \"dst_addr\": ").append(Json.quote(AddressText.of(m.target())))
                .append(", \"proto\": ").append(Json.quote(m.method().toString().toUpperCase()))
                .append(", \"confidence\": ").append(Json.quote(m.rule().text()))
                .append(", \"probes\": ").append(m.probes())
                .append(", \"duration\": ").append(String.format(java.util.Locale.ROOT, "%.6f", m.nanos() / 1e9))
                .append(", \"stop\": ").append(Json.quote(m.end().name().toLowerCase()))
                .append(", \"result\": [");
        out.append(m.hops().stream().map(h -> "{\"hop\": " + h.ttl() + ", \"sent\": " + h.sent() + ", \"phases\": {"
                + h.phases().entrySet().stream().map(e -> Json.quote(e.getKey().name().toLowerCase()) + ": " + e.getValue()).collect(Collectors.joining(", "))
                + "}, \"interfaces\": ["
                + h.interfaces().stream().map(i -> "{\"from\": " + Json.quote(AddressText.of(i.address())) + ", \"rtt\": ["
                        + i.rtts().stream().map(r -> String.format(java.util.Locale.ROOT, "%.3f", r)).collect(Collectors.joining(", ")) + "]"
                        + (i.mark().isEmpty() ? "" : ", \"err\": " + Json.quote(i.mark())) + "}").collect(Collectors.joining(", "))
                + "]}").collect(Collectors.joining(", ")));
        out.append("], \"links\": [");
        out.append(m.links().stream().map(l -> "{\"hop\": " + l.ttl() + ", \"from\": " + Json.quote(AddressText.of(l.from()))
                + ", \"to\": " + Json.quote(AddressText.of(l.to())) + "}").collect(Collectors.joining(", ")));
        return out.append("]}").toString();
    }
}
