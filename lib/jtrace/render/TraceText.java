package jtrace.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Function;
import jtrace.names.Origin;
import jtrace.packet.AddressText;
import jtrace.probe.Reply;

/**
 * traceroute(8)'s text for a trace: the header, one line per hop (exactly -q results, see {@link HopView#shown()}), the
 * stop line and the notes. The values print through it ({@code Trace.toString()}, {@code Hop.toString()}); the
 * command line prints the same lines as hops come in.
 */
public final class TraceText {
    private TraceText() {}

    /** "traceroute to HOST (ADDR), 30 hops max, 60 byte packets". */
    public static String header(String host, InetAddress target, int maxTtl, int packetSize) {
        return "traceroute to " + host + " (" + AddressText.of(target) + "), " + maxTtl + " hops max, " + packetSize + " byte packets";
    }

    public static String header(TraceView t) { return header(t.host(), t.target(), t.options().maxTtl(), t.packetSize()); }

    /**
     * The hop's line: {@code " 3  r3 (10.0.3.2)  0.123 ms  0.110 ms *"}; names from {@code name} (numeric where it gives
     * null), origins (-A) from {@code origin}, -e's extensions as traceroute prints them, and {@code F=mtu} after the
     * first answer when {@code mtu} is not 0 (--mtu, where the size changed); at the end {@code [NAT]} on the first hop behind a
     * NAT, and {@code [rate-limited]} when only a re-probe after the hop's rate limit refilled was answered.
     */
    public static String hopLine(HopView hop, Function<InetAddress, String> name, Function<InetAddress, Origin> origin, int mtu) {
        StringBuilder line = new StringBuilder(plainDigits() ? (hop.ttl() < 10 ? " " : "") + hop.ttl() + " " : String.format("%2d ", hop.ttl()));
        InetAddress last = null;
        for (ProbeView p : hop.shown()) {
            if (!p.answered()) {
                line.append(" *");
                continue;
            }
            if (!p.from().equals(last)) {
                String n = name.apply(p.from());
                String addr = AddressText.of(p.from());
                line.append(' ').append(n == null ? addr : n + " (" + addr + ")");
                Origin as = origin.apply(p.from());
                if (as != null) line.append(" [").append(as.label()).append(']');
                if (p.reply().extensions() != null) line.append(' ').append(p.reply().extensions().text());  // -e, as traceroute prints them
                last = p.from();
            }
            line.append(plainDigits() ? "  " + millis(p.rtt()) + " ms" : String.format("  %.3f ms", p.rtt()));
            if (mtu > 0) {
                line.append(" F=").append(mtu);
                mtu = 0;
            }
            if (!p.reply().annotation().isEmpty()) line.append(' ').append(p.reply().annotation());
        }
        if (hop.behindNat()) line.append(" [NAT]");
        if (hop.rateLimited()) line.append(" [rate-limited]");
        if (hop.error() != null) line.append("  ! not sent");  // the stop line says why
        return line.toString();
    }

    /**
     * Whether the default locale writes numbers as ASCII digits with a '.': then the hop line is built without
     * java.util.Formatter, whose first number costs ~5 ms of locale data at start-up. Other locales keep String.format.
     */
    private static boolean plainDigits() {
        Locale l = Locale.getDefault(Locale.Category.FORMAT);
        return l.getLanguage().isEmpty() || l.getLanguage().equals("en") && l.getVariant().isEmpty() && !l.hasExtensions();
    }

    /** String.format's "%.3f" for these locales: the shortest decimal of {@code ms}, rounded half up to 3 places. */
    private static String millis(double ms) {
        return Double.isFinite(ms) ? new BigDecimal(Double.toString(ms)).setScale(3, RoundingMode.HALF_UP).toPlainString()
                : String.format("%.3f", ms);
    }

    /** One probe alone: {@code *} for a timeout, else {@code 10.0.3.2  0.123 ms} and traceroute's mark if any. */
    public static String probe(ProbeView p) {
        Reply r = p.reply();
        return r == null ? "*" : String.format("%s  %.3f ms%s", AddressText.of(r.from()), p.rtt(), r.annotation().isEmpty() ? "" : " " + r.annotation());
    }

    /** One line saying why the trace stopped, or "" when it reached the destination (traceroute prints nothing). */
    public static String stopLine(TraceView t) {
        HopView last = t.last();
        int ttl = last == null ? t.options().firstTtl() : last.ttl();
        return switch (t.stop()) {
            case REACHED -> "";
            case UNREACHABLE -> "stopped at hop " + ttl + ": " + describeUnreachable(last);
            case MAX_TTL -> "stopped: max TTL " + t.options().maxTtl() + " reached without an answer from "
                    + AddressText.of(t.target()) + " (raise it with -m)";
            case GAP_LIMIT -> "stopped after hop " + ttl + ": " + t.options().gap() + " silent hop"
                    + (t.options().gap() == 1 ? "" : "s") + " in a row (gap limit; raise it with --gap)";
            case SEND_FAILED -> "stopped at hop " + ttl + ": a probe could not be sent: "
                    + (last == null || last.error() == null ? "send failed" : last.error());
        };
    }

    private static String describeUnreachable(HopView hop) {
        if (hop == null) return "destination unreachable";
        return hop.probes().stream().filter(ProbeView::answered).map(ProbeView::reply).filter(r -> r.isFinal())
                .findFirst().map(r -> AddressText.of(r.from()) + " answered destination unreachable " + r.annotation())
                .orElse("destination unreachable");
    }

    /** The whole text: header, one line per hop (the trace's names and origins), stop line, then "note: " lines. */
    public static String of(TraceView t) {
        StringBuilder out = new StringBuilder(header(t)).append('\n');
        MtuMarks marks = new MtuMarks(t.options().mtu());
        for (HopView h : t.hops()) out.append(hopLine(h, t.names()::get, t.origins()::get, marks.next(h))).append('\n');
        String stop = stopLine(t);
        if (!stop.isEmpty()) out.append(stop).append('\n');
        for (String n : Notes.of(t.findings())) out.append("note: ").append(n).append('\n');
        return out.toString();
    }
}
