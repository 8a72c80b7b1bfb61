package jtrace.render;

import java.net.InetAddress;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jtrace.names.Origin;
import jtrace.result.HopKind;
import jtrace.result.HopStats;

/**
 * A watch's report (mtr --report) as CSV (RFC 4180): one row per hop with mtr's numbers, times in ms, empty where
 * there is no number (a hop that never answered).
 */
public final class ReportCsv {
    private ReportCsv() {}

    public static final String HEADER = "target,hop,address,name,asn,loss_pct,snt,rcv,last,avg,best,wrst,stdev,jttr,javg,mark";

    public static String of(WatchView r) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        String target = jtrace.packet.AddressText.of(r.target());
        for (WatchView.Row row : r.rows()) {
            HopStats s = row.stats();
            InetAddress a = row.address();
            Origin as = a == null ? null : r.origins().get(a);
            String name = a == null ? null : r.names().get(a);
            boolean silentRouter = row.kind() == HopKind.SILENT_ROUTER;
            out.append(Stream.of(target, String.valueOf(row.ttl()), a == null ? "" : jtrace.packet.AddressText.of(a),
                            name == null ? "" : name,
                            as == null ? "" : as.asns().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                            silentRouter ? "" : ms(s.lossPercent()), String.valueOf(s.sent()), String.valueOf(s.received()),
                            ms(s.last()), ms(s.mean()), ms(s.best()), ms(s.worst()), s.received() == 0 ? "" : ms(s.stdev()),
                            ms(s.jitter()), ms(s.jitterMean()), row.mark())
                    .map(Csv::field).collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    private static String ms(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v); }
}
