package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jtrace.packet.AddressText;

/**
 * A multipath discovery as text: the header, one line per hop (traceroute's addresses and round trips, interface
 * after interface), the stop line, then the links. {@code Multipath.toString()} prints through it.
 */
public final class MultipathText {
    private MultipathText() {}

    /** The first line: what was traced, how, how sure, at what cost. */
    public static String header(MultipathView m) {
        return "multipath to " + AddressText.of(m.target()) + " (MDA, " + m.rule().text() + " confidence per hop), " + m.method() + ": "
                + m.probes() + " probes in " + String.format("%.2f s", m.nanos() / 1e9);
    }

    /** One line saying why it stopped, or "" when it reached the destination. */
    public static String stopLine(MultipathView m) {
        int ttl = m.hops().isEmpty() ? 0 : m.hops().get(m.hops().size() - 1).ttl();
        return switch (m.end()) {
            case REACHED -> "";
            case UNREACHABLE -> "stopped at hop " + ttl + ": every interface there answered destination unreachable";
            case MAX_TTL -> "stopped: max TTL " + ttl + " reached without an answer from " + AddressText.of(m.target()) + " (raise it with -m)";
            case GAP_LIMIT -> "stopped after hop " + ttl + ": silent hops up to the gap limit (raise it with --gap)";
        };
    }

    /** The whole text, with {@code names} for addresses that have one (null: the address alone). */
    public static String of(MultipathView m, Function<InetAddress, String> names) {
        StringBuilder out = new StringBuilder(header(m)).append('\n');
        for (MultipathView.Level h : m.hops()) {
            out.append(String.format("%2d ", h.ttl()));
            if (h.silent()) out.append(" *".repeat(Math.min(3, Math.max(1, h.sent()))));
            for (MultipathView.Interface i : h.interfaces()) {
                String name = names.apply(i.address());
                String a = AddressText.of(i.address());
                out.append(' ').append(name == null ? a : name + " (" + a + ")");
                for (double rtt : i.rtts()) out.append(String.format("  %.3f ms", rtt));
                if (!i.mark().isEmpty()) out.append(' ').append(i.mark());
            }
            out.append('\n');
        }
        String stop = stopLine(m);
        if (!stop.isEmpty()) out.append(stop).append('\n');
        if (!m.links().isEmpty()) {
            out.append("links:\n");
            Map<String, List<String>> byFrom = new LinkedHashMap<>();
            for (MultipathView.Link l : m.links())
                byFrom.computeIfAbsent(String.format("%2d ", l.ttl() - 1) + AddressText.of(l.from()), k -> new ArrayList<>()).add(AddressText.of(l.to()));
            byFrom.forEach((from, to) -> out.append(from).append(" -> ").append(String.join(", ", to)).append('\n'));
        }
        return out.toString();
    }
}
