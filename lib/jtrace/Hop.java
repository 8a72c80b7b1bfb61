package jtrace;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import jtrace.names.Origin;
import jtrace.render.HopView;

/**
 * One line of a traceroute: every probe sent with this TTL, answered or not.
 *
 * @param behindNat the first hop behind a NAT (Dublin traceroute's test, {@code jtrace.nat}): the line says {@code [NAT]}
 * @param error     why a probe of this hop could not be sent (the send's error), or null: the trace ends at such a hop
 */
public record Hop(int ttl, List<Probe> probes, boolean behindNat, String error) implements HopView {
    public Hop {
        probes = List.copyOf(probes);
    }

    public Hop(int ttl, List<Probe> probes) { this(ttl, probes, false, null); }

    /** A hop whose probes were all sent, behind a NAT or not. */
    public Hop(int ttl, List<Probe> probes, boolean behindNat) { this(ttl, probes, behindNat, null); }

    /** The same hop, as the first behind a NAT. */
    public Hop markedBehindNat() { return new Hop(ttl, probes, true, error); }

    /** The same hop, where a probe could not be sent for {@code why}. */
    public Hop withError(String why) { return new Hop(ttl, probes, behindNat, why); }

    /** The distinct addresses that answered, in order of first answer. */
    public List<InetAddress> addresses() {
        return probes.stream().map(Probe::from).filter(Objects::nonNull).distinct().toList();
    }

    /** The first answering address, or null for a silent hop. */
    public InetAddress address() {
        List<InetAddress> a = addresses();
        return a.isEmpty() ? null : a.get(0);
    }

    /** The hop's -q probes, without the extra ones sent later to tell rate limiting from silence. */
    public List<Probe> regular() { return probes.stream().filter(p -> !p.extra()).toList(); }

    /**
     * The -q results a hop line shows: the regular probes, where an extra probe that was answered takes the place
     * of a regular one that was not (in order). Unanswered extras are in {@link #probes()}, never extra stars.
     */
    public List<Probe> shown() {
        List<Probe> shown = new java.util.ArrayList<>(regular());
        java.util.Iterator<Probe> answeredExtras = probes.stream().filter(p -> p.extra() && p.answered()).iterator();
        for (int i = 0; i < shown.size() && answeredExtras.hasNext(); i++)
            if (!shown.get(i).answered()) shown.set(i, answeredExtras.next());
        return shown;
    }

    /**
     * Whether none of the -q probes drew an answer but a re-probe did, sent once the hop's ICMP budget had refilled:
     * a router rate-limiting its errors (an earlier trace spent them), not a silent one. The line says {@code [rate-limited]}.
     */
    public boolean rateLimited() {
        return regular().stream().noneMatch(Probe::answered) && probes.stream().anyMatch(p -> p.extra() && p.answered());
    }

    public boolean silent() { return probes.stream().noneMatch(Probe::answered); }

    public long answers() { return probes.stream().filter(Probe::answered).count(); }

    /** Round-trip times of the answered probes, in ms. */
    public double[] rtts() { return probes.stream().filter(Probe::answered).mapToDouble(Probe::rtt).toArray(); }

    /** The traceroute(8) line: {@code " 3  r3 (10.0.3.2)  0.123 ms  0.110 ms *"}; names from {@code name}, or numeric if it gives null. */
    public String format(Function<InetAddress, String> name) { return format(name, a -> null, 0); }

    /** The same with each address's origin AS after it, as traceroute -A: {@code " 3  r3 (10.0.3.2) [AS64501]  0.123 ms"}. */
    public String format(Function<InetAddress, String> name, Function<InetAddress, Origin> origin) { return format(name, origin, 0); }

    /**
     * --mtu: the size of the probes that drew this hop's answers (the path MTU so far), from the first answer;
     * 0 when none answered or the trace ran without --mtu.
     */
    public int probeSize() {
        return probes.stream().filter(Probe::answered).mapToInt(p -> p.reply().mtu()).filter(m -> m > 0).findFirst().orElse(0);
    }

    /** The line, with {@code F=mtu} after the first answer when {@code mtu} is not 0 (--mtu, where the size changed). */
    public String format(Function<InetAddress, String> name, int mtu) { return format(name, a -> null, mtu); }

    /** The line with origins (-A) and {@code F=mtu} (--mtu). */
    public String format(Function<InetAddress, String> name, Function<InetAddress, Origin> origin, int mtu) {
        return jtrace.render.TraceText.hopLine(this, name, origin, mtu);
    }

    @Override
    public String toString() { return format(a -> null); }
}
