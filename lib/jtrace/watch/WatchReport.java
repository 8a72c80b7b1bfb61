package jtrace.watch;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.probe.Method;
import jtrace.render.Html;
import jtrace.render.MtrJson;
import jtrace.render.Palette;
import jtrace.render.WatchTable;
import jtrace.render.WatchView;
import jtrace.result.HopKind;
import jtrace.result.HopStats;
import jtrace.result.Stop;

/**
 * A {@code watch} at one moment, as a value: one row per hop with mtr's numbers. {@code toString()} is the
 * report table (mtr --report's shape); {@link #json()} is mtr --json's.
 *
 * @param host     what the user asked for
 * @param target   the address watched
 * @param method   the probe method ("udp", "icmp", "raw")
 * @param rounds   rounds started, the one in progress (if any) included
 * @param rows     one per hop that finished at least once, by TTL
 * @param lastStop why the latest round ended (null before the first)
 * @param names    names known for the addresses (may be empty)
 * @param origins  origin ASes known for the addresses, with -A (may be empty)
 */
public record WatchReport(String host, InetAddress target, Method method, int rounds, List<Row> rows, Stop lastStop,
                          Map<InetAddress, String> names, Map<InetAddress, jtrace.names.Origin> origins)
        implements WatchView {
    public WatchReport {
        rows = List.copyOf(rows);
        names = Map.copyOf(names);
        origins = Map.copyOf(origins);
    }

    /** A report without AS origins. */
    public WatchReport(String host, InetAddress target, Method method, int rounds, List<Row> rows, Stop lastStop,
                       Map<InetAddress, String> names) {
        this(host, target, method, rounds, rows, lastStop, names, Map.of());
    }

    /** The same report with these origin ASes for its addresses. */
    public WatchReport withOrigins(Map<InetAddress, jtrace.names.Origin> origins) {
        return new WatchReport(host, target, method, rounds, rows, lastStop, names, origins);
    }


    /**
     * One hop.
     *
     * @param ttl          its TTL
     * @param stats        mtr's numbers
     * @param addresses    who answered: the latest first, then the others (ECMP, route changes)
     * @param mark         traceroute's annotation of the latest unreachable answer ("!H"…), or ""
     * @param kind         answered, silent router, or no reply
     * @param lossOnlyHere it lost probes that later hops did not: a router limiting its ICMP, not lost traffic
     */
    public record Row(int ttl, HopStats stats, List<InetAddress> addresses, String mark, HopKind kind, boolean lossOnlyHere)
            implements WatchView.Row {
        public Row {
            addresses = List.copyOf(addresses);
        }

        /** The address that answered last, or null. */
        public InetAddress address() { return addresses.isEmpty() ? null : addresses.get(0); }
    }

    /** The row of this TTL, or null. */
    public Row row(int ttl) {
        return rows.stream().filter(r -> r.ttl() == ttl).findFirst().orElse(null);
    }

    /** The report table without colors, as wide as it needs. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (var line : WatchTable.report(this, 0, Palette.PLAIN)) out.append(line).append('\n');
        return out.toString();
    }

    /** mtr's table as HTML, for notebooks. */
    public String html() { return Html.of(this); }

    /** mtr --json's shape: {"report": {"mtr": {...}, "hubs": [{"count", "host", "Loss%", "Snt", …}]}}, times in ms. */
    public String json() { return MtrJson.of(this); }

    @Override
    public String toString() { return text(); }
}
