package jtrace.repl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtrace.probe.Reply;

/**
 * A path of {@code routers} routers (10.0.k.1) and a destination (10.9.9.9) on a virtual clock, where the
 * test decides every answer: {@link #answer} maps (ttl, n-th probe to that ttl) to a round trip in µs, or
 * null for silence. Probes with a TTL past the routers reach the destination (port unreachable); they are
 * counted per TTL too, so the n-th probe to the destination's own hop is the n-th round's.
 */
final class ScriptedPath extends jtrace.support.VirtualNetwork {
    interface Answers { Long rttMicros(int ttl, int nth); }

    record Sent(int ttl, int key, long at) {}

    private record Stale(int ttl, int nth, Reply reply, long delayNanos) {}

    static final InetAddress DEST = ip("10.9.9.9");

    private final int routers;
    private final Answers answers;
    private final Map<Integer, Integer> perTtl = new HashMap<>();
    final List<Sent> sent = new ArrayList<>();
    private final List<Stale> stale = new ArrayList<>();

    ScriptedPath(int routers, Answers answers) {
        super(5_000_000_000L);
        this.routers = routers;
        this.answers = answers;
    }

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress router(int k) { return ip("10.0." + k + ".1"); }

    int destinationHop() { return routers + 1; }

    /**
     * When the {@code nth} probe to {@code ttl} leaves, {@code reply} (whatever it carries) arrives
     * {@code delayMicros} later: a stale or forged answer timed against a probe in flight.
     */
    void alsoArrives(int ttl, int nth, long delayMicros, Reply reply) { stale.add(new Stale(ttl, nth, reply, delayMicros * 1000)); }

    long nowNanos() { return now; }

    @Override public jtrace.probe.Method kind() { return jtrace.probe.Method.UDP; }

    @Override public int packetSize() { return 60; }

    @Override
    public long send(int ttl, int key) {
        now += 5_000;
        sent.add(new Sent(ttl, key, now));
        int nth = perTtl.merge(ttl, 1, Integer::sum) - 1;
        for (Stale s : stale) if (s.ttl == ttl && s.nth == nth) deliver(now + s.delayNanos, s.reply);
        Long rtt = answers.rttMicros(ttl, nth);
        if (rtt != null) {
            boolean dest = ttl >= destinationHop();
            long at = now + rtt * 1000;
            deliver(at, new Reply(key, dest ? DEST : router(ttl), dest ? 3 : 11, dest ? 3 : 0, at,
                    64 - Math.min(ttl, routers), DEST, 0));
        }
        return now;
    }

}
