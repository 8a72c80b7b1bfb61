package jtrace.render;

import java.net.InetAddress;
import java.util.Locale;
import jtrace.packet.AddressText;
import jtrace.result.HopKind;
import jtrace.result.HopStats;

/**
 * A watch as mtr --json writes its report: {@code {"report": {"mtr": {...}, "hubs": [{"count", "host", "Loss%",
 * "Snt", …}]}}}, times in ms, null where there is no number; our own fields beside mtr's: the hop's {@code kind}
 * (a silent router is no loss), its {@code ASN} with -A, traceroute's {@code mark}.
 */
public final class MtrJson {
    private MtrJson() {}

    public static String of(WatchView r) {
        StringBuilder out = new StringBuilder("{\"report\": {\"mtr\": {");
        out.append("\"dst\": ").append(Json.quote(r.host())).append(", \"dst_addr\": ").append(Json.quote(AddressText.of(r.target())))
                .append(", \"proto\": ").append(Json.quote(r.method().toString())).append(", \"tests\": ").append(r.rounds())
                .append(", \"stop\": ").append(r.lastStop() == null ? "null" : Json.quote(r.lastStop().name().toLowerCase(Locale.ROOT)))
                .append("}, \"hubs\": [");
        for (int i = 0; i < r.rows().size(); i++) {
            WatchView.Row row = r.rows().get(i);
            HopStats s = row.stats();
            InetAddress a = row.address();
            out.append(i == 0 ? "" : ", ").append("{\"count\": ").append(row.ttl())
                    .append(", \"host\": ").append(Json.quote(a == null ? "???" : r.names().getOrDefault(a, AddressText.of(a))))
                    .append(", \"addr\": ").append(a == null ? "null" : Json.quote(AddressText.of(a)))
                    .append(a != null && r.origins().containsKey(a) ? ", \"ASN\": " + Json.quote(r.origins().get(a).label()) : "")
                    .append(", \"kind\": ").append(Json.quote(row.kind().name().toLowerCase(Locale.ROOT)))
                    .append(", \"Loss%\": ").append(number(row.kind() == HopKind.SILENT_ROUTER ? Double.NaN : s.lossPercent()))
                    .append(", \"Snt\": ").append(s.sent())
                    .append(", \"Rcv\": ").append(s.received())
                    .append(", \"Last\": ").append(number(s.last()))
                    .append(", \"Avg\": ").append(number(s.mean()))
                    .append(", \"Best\": ").append(number(s.best()))
                    .append(", \"Wrst\": ").append(number(s.worst()))
                    .append(", \"StDev\": ").append(number(s.received() == 0 ? Double.NaN : s.stdev()))
                    .append(", \"Jttr\": ").append(number(s.jitter()))
                    .append(", \"Javg\": ").append(number(s.jitterMean()))
                    .append(", \"Jmax\": ").append(number(s.jitterMax()))
                    .append(", \"Jint\": ").append(number(s.interarrival()));
            if (!row.mark().isEmpty()) out.append(", \"mark\": ").append(Json.quote(row.mark()));
            out.append('}');
        }
        return out.append("]}}\n").toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }
}
