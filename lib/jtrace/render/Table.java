package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trace as a table, one row per hop (and one more per extra address that answered at the same hop):
 * who answered, how many probes were sent and answered, loss, and the best / average / worst round trip.
 */
public final class Table {
    private Table() {}

    static final String[] COLUMNS = {"Hop", "Address", "Name", "Snt", "Rcv", "Loss%", "Best", "Avg", "Worst", "Mark"};

    /** The table as text, columns aligned, with a header line. RTTs are in milliseconds. */
    public static String of(TraceView trace) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (HopView hop : trace.hops()) rows.addAll(rows(hop, trace));
        return align(rows);
    }

    private static List<String[]> rows(HopView hop, TraceView trace) {
        List<String[]> rows = new ArrayList<>();
        int sent = hop.probes().size();
        long received = hop.answers();
        String loss = String.format(Locale.ROOT, "%.1f%%", 100.0 * (sent - received) / sent);
        List<InetAddress> addresses = hop.addresses();
        if (addresses.isEmpty()) {
            rows.add(new String[] {String.valueOf(hop.ttl()), "*", "", String.valueOf(sent), "0", loss, "", "", "", ""});
            return rows;
        }
        for (int i = 0; i < addresses.size(); i++) {
            InetAddress a = addresses.get(i);
            double[] rtts = hop.probes().stream().filter(p -> a.equals(p.from())).mapToDouble(ProbeView::rtt).toArray();
            String mark = hop.probes().stream().filter(p -> a.equals(p.from())).map(p -> p.reply().annotation())
                    .filter(m -> !m.isEmpty()).findFirst().orElse("");
            String name = trace.names().getOrDefault(a, "");
            boolean first = i == 0;
            rows.add(new String[] {first ? String.valueOf(hop.ttl()) : "", jtrace.packet.AddressText.of(a), name,
                    first ? String.valueOf(sent) : "", String.valueOf(rtts.length), first ? loss : "",
                    ms(min(rtts)), ms(avg(rtts)), ms(max(rtts)), mark});
        }
        return rows;
    }

    private static String align(List<String[]> rows) {
        int[] width = new int[COLUMNS.length];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                boolean text = c == 1 || c == 2 || c == 9;  // words left-aligned, numbers right-aligned
                if (c > 0) line.append("  ");
                line.append(text ? pad(r[c], width[c], false) : pad(r[c], width[c], true));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String ms(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v); }

    private static double min(double[] v) { return java.util.Arrays.stream(v).min().orElse(Double.NaN); }

    private static double max(double[] v) { return java.util.Arrays.stream(v).max().orElse(Double.NaN); }

    private static double avg(double[] v) { return java.util.Arrays.stream(v).average().orElse(Double.NaN); }
}
