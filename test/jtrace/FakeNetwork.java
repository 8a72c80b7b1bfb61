package jtrace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import jtrace.probe.Reply;

/**
 * A path of routers and a destination on a virtual clock, for testing the scanner without sockets.
 * Each node rate-limits its ICMP errors as Linux does: a burst of 6, then one per second.
 */
final class FakeNetwork extends jtrace.support.VirtualNetwork {
    enum Behaviour { ANSWERS, SILENT, UNREACHABLE }

    record Node(InetAddress address, long rtt, Behaviour behaviour) {}

    record Sent(int ttl, int key, long at) {}

    private final List<Node> routers = new ArrayList<>();
    private final InetAddress destination;
    private final long destinationRtt;
    private final boolean destinationSilent;
    private final List<Sent> sent = new ArrayList<>();
    private final java.util.Map<InetAddress, long[]> buckets = new java.util.HashMap<>(); // tokens, last refill
    boolean rateLimit = true;

    FakeNetwork(InetAddress destination, long destinationRtt, boolean destinationSilent) {
        super(1_000_000_000L);
        this.destination = destination;
        this.destinationRtt = destinationRtt;
        this.destinationSilent = destinationSilent;
    }

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A chain of {@code n} answering routers 10.0.k.1 with RTT k x 100 µs, then 10.9.9.9. */
    static FakeNetwork chain(int n) {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), (n + 1) * 100_000L, false);
        for (int k = 1; k <= n; k++) net.router(Behaviour.ANSWERS);
        return net;
    }

    FakeNetwork router(Behaviour b) { return router(b, (routers.size() + 1) * 100_000L); }

    FakeNetwork router(Behaviour b, long rtt) {
        routers.add(new Node(ip("10.0." + (routers.size() + 1) + ".1"), rtt, b));
        return this;
    }

    FakeNetwork set(int hop, Behaviour b) {
        Node n = routers.get(hop - 1);
        routers.set(hop - 1, new Node(n.address, n.rtt, b));
        return this;
    }

    /** Empties a node's token bucket, as if a previous trace had just used it up. */
    FakeNetwork exhausted(InetAddress node) { return exhausted(node, 0); }

    /** Empties the bucket as of {@code ago} nanoseconds in the past: it has refilled that much since. */
    FakeNetwork exhausted(InetAddress node, long ago) {
        buckets.put(node, new long[] {0, now - ago});
        return this;
    }

    /** Puts a reply on the wire that answers no probe of ours (wrong key or wrong quoted destination). */
    void inject(long delay, Reply reply) { deliver(now + delay, reply); }

    List<Sent> sent() { return sent; }

    int destinationHop() { return routers.size() + 1; }

    List<InetAddress> routerAddresses() { return routers.stream().map(Node::address).toList(); }

    @Override public String name() { return "fake"; }

    @Override public int packetSize() { return 60; }

    @Override
    public long send(int ttl, int key) {
        now += 5_000;  // a sendto costs a few microseconds
        sent.add(new Sent(ttl, key, now));
        for (int hop = 1; hop <= routers.size(); hop++) {
            Node r = routers.get(hop - 1);
            if (r.behaviour == Behaviour.UNREACHABLE) {
                answer(r.address, r.rtt, 3, 1, key, 64 - hop + 1);
                return now;
            }
            if (hop == ttl) {
                if (r.behaviour == Behaviour.ANSWERS) answer(r.address, r.rtt, 11, 0, key, 64 - hop + 1);
                return now;
            }
        }
        if (!destinationSilent) answer(destination, destinationRtt, 3, 3, key, 64 - routers.size());
        return now;
    }

    private void answer(InetAddress from, long rtt, int type, int code, int key, int replyTtl) {
        if (rateLimit && !takeToken(from)) return;
        deliver(now + rtt, new Reply(key, from, type, code, now + rtt, replyTtl, destination, 0));
    }

    private boolean takeToken(InetAddress node) {
        long[] b = buckets.computeIfAbsent(node, n -> new long[] {6_000_000_000L, now});
        b[0] = Math.min(6_000_000_000L, b[0] + (now - b[1]));
        b[1] = now;
        if (b[0] < 1_000_000_000L) return false;
        b[0] -= 1_000_000_000L;
        return true;
    }

}
