package jtrace.nat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jtrace.Hop;
import jtrace.Trace;
import jtrace.probe.ProbeMethod;
import jtrace.probe.QuoteWatch;
import jtrace.result.Finding;

/**
 * Dublin traceroute's NAT test beside a trace: reads what the routers quoted of our probes ({@link QuoteWatch}: root,
 * UDP, IPv4) and marks the first hop behind a NAT ({@link NatDetector}) — on its line as hops stream
 * ({@link #hop}: {@code [NAT]}), and in the finished trace ({@link #annotate}: the hop's {@link Hop#behindNat()} and a
 * {@link Finding.BehindNat}). Where no quotes can be read it changes nothing. Open it before dropping privileges.
 */
public final class NatAnnotator implements AutoCloseable {
    private final QuoteWatch watch;                          // to close, or null
    private final Supplier<List<QuoteWatch.Quoted>> drain;   // the quotes that came since, or null: none can be read
    private final List<QuoteWatch.Quoted> quotes = new ArrayList<>();
    private final Map<InetAddress, Integer> hopOf = new HashMap<>();

    NatAnnotator(QuoteWatch watch, Supplier<List<QuoteWatch.Quoted>> drain) {
        this.watch = watch;
        this.drain = drain;
    }

    /** A test on {@code method}'s probes, or one that finds nothing where quotes cannot be read (not root, IPv6, classic UDP, other methods). */
    public static NatAnnotator open(ProbeMethod method) {
        QuoteWatch watch = QuoteWatch.open(method);
        return watch == null ? none() : new NatAnnotator(watch, watch::drain);
    }

    /** One that finds nothing. */
    public static NatAnnotator none() { return new NatAnnotator(null, null); }

    /** A test on quotes from {@code drain} (each call: those that came since the last). */
    static NatAnnotator reading(Supplier<List<QuoteWatch.Quoted>> drain) { return new NatAnnotator(null, drain); }

    /** {@code hop}, just finished (hops come in order), marked {@code [NAT]} when it is the first behind a NAT so far. */
    public Hop hop(Hop hop) {
        if (drain == null) return hop;
        hop.addresses().forEach(a -> hopOf.putIfAbsent(a, hop.ttl()));
        return firstBehindNat() == hop.ttl() ? hop.markedBehindNat() : hop;
    }

    /** The finished trace with its first hop behind a NAT marked and the finding added; the same trace if there is none. */
    public Trace annotate(Trace trace) {
        if (drain == null) return trace;
        for (Hop h : trace.hops()) h.addresses().forEach(a -> hopOf.putIfAbsent(a, h.ttl()));
        int nat = firstBehindNat();
        if (nat < 0 || trace.hop(nat) == null) return trace;
        List<Hop> hops = trace.hops().stream().map(h -> h.ttl() == nat ? h.markedBehindNat() : h).toList();
        List<Finding> findings = new ArrayList<>(trace.findings());
        findings.add(new Finding.BehindNat(nat));
        return trace.withHops(hops, findings);
    }

    /** The first hop behind a NAT by the quotes of the hops known so far, or -1. */
    private int firstBehindNat() {
        quotes.addAll(drain.get());
        List<NatDetector.Quote> seen = new ArrayList<>();
        for (QuoteWatch.Quoted q : quotes) {
            Integer ttl = hopOf.get(q.from());
            if (ttl != null) seen.add(new NatDetector.Quote(ttl, q.from(), q.checksum(), q.payloadWord()));
        }
        return NatDetector.firstHopBehindNat(seen);
    }

    @Override
    public void close() { if (watch != null) watch.close(); }
}
