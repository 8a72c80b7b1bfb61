package jtrace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import jtrace.probe.Reply;

/**
 * A path of routers and a destination on a virtual clock, for testing the scanner without sockets.
 * Each node rate-limits its ICMP errors as Linux does: a burst of 6, then one per second. A hop may fork
 * into ECMP branches chosen by the probe's flow ({@link #fork}); replies may come out of order
 * ({@link #reorder}) and twice ({@link #duplicates}), as on real networks.
 *
 * <p>For multipath discovery, {@link #hashed} makes every router balance on its own hash of the flow (as per-flow
 * load balancers do: another salt, another network of the same shape), and {@link #balance} gives a router its
 * own next hops, so diamonds of any width, nested or meshed, are a few lines ({@link #diamonds}).
 */
final class FakeNetwork extends jtrace.support.VirtualNetwork implements jtrace.probe.FlowMethod {
    enum Behaviour { ANSWERS, SILENT, UNREACHABLE }

    record Node(InetAddress address, long rtt, Behaviour behaviour) {}

    record Sent(int ttl, int key, long at, int flow) {}

    private final List<Node> routers = new ArrayList<>();
    private final InetAddress destination;
    private final long destinationRtt;
    private final boolean destinationSilent;
    private final List<Sent> sent = new ArrayList<>();
    private final java.util.Map<InetAddress, long[]> buckets = new java.util.HashMap<>(); // tokens, last refill
    boolean rateLimit = true;
    private final java.util.Map<Integer, List<Node>> forks = new java.util.HashMap<>();  // hop -> other branches
    private java.util.Random chance = new java.util.Random(0);
    private long jitter;
    private double duplicates;
    /** Sends with this TTL or more fail, as a local firewall's EPERM would (0: every send goes). */
    int refuseFromTtl;
    private Long salt;  // null: forks picked by the flow alone (one pick for every forked hop)
    private final java.util.Map<InetAddress, List<InetAddress>> nextHops = new java.util.HashMap<>();

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

    /** Hop {@code hop} load-balances: one more router (10.0.hop.(k+2)) there, picked by the probe's flow. */
    FakeNetwork fork(int hop, Behaviour b) {
        List<Node> alternatives = forks.computeIfAbsent(hop, h -> new ArrayList<>());
        alternatives.add(new Node(ip("10.0." + hop + "." + (alternatives.size() + 2)), routers.get(hop - 1).rtt, b));
        return this;
    }

    /**
     * Layered diamonds: hop k has {@code widths[k-1]} routers (10.0.k.1, .2, …), each balancing over every router of
     * the next hop on its own hash of the flow (meshed where two wide hops meet; {@link #balance} unmeshes), then
     * the destination 10.9.9.9.
     */
    static FakeNetwork diamonds(long salt, int... widths) {
        FakeNetwork net = chain(widths.length).hashed(salt);
        for (int k = 1; k <= widths.length; k++) for (int b = 1; b < widths[k - 1]; b++) net.fork(k, Behaviour.ANSWERS);
        return net;
    }

    /** Every router picks its next hop by its own hash of the flow, salted: each salt another network of this shape. */
    FakeNetwork hashed(long salt) {
        this.salt = salt;
        return this;
    }

    /** Router {@code from} balances over these routers of the next hop only (addresses), not all of them. */
    FakeNetwork balance(String from, String... to) {
        nextHops.put(ip(from), java.util.Arrays.stream(to).map(FakeNetwork::ip).toList());
        return this;
    }

    /** The router or branch with this address behaves so. */
    FakeNetwork behave(String address, Behaviour b) {
        InetAddress a = ip(address);
        for (int i = 0; i < routers.size(); i++) if (routers.get(i).address.equals(a)) set(i + 1, b);
        forks.values().forEach(l -> l.replaceAll(n -> n.address.equals(a) ? new Node(a, n.rtt, b) : n));
        return this;
    }

    /** The addresses that can answer at {@code hop}: its router and its branches. */
    java.util.Set<InetAddress> addressesAt(int hop) {
        java.util.Set<InetAddress> all = new java.util.LinkedHashSet<>();
        all.add(routers.get(hop - 1).address);
        forks.getOrDefault(hop, List.of()).forEach(n -> all.add(n.address));
        return all;
    }

    /** What can answer at {@code hop} behind {@code before} (the interfaces found at the hop before): their next hops. */
    java.util.Set<InetAddress> behind(java.util.Set<InetAddress> before, int hop) {
        if (hop == 1) return addressesAt(1);
        java.util.Set<InetAddress> all = new java.util.LinkedHashSet<>();
        for (InetAddress b : before) {
            List<InetAddress> only = nextHops.get(b);
            for (InetAddress a : addressesAt(hop)) if (only == null || only.contains(a)) all.add(a);
        }
        return all;
    }

    /** Each reply is late by up to {@code jitterNanos} more (seeded): later probes' answers may come first. */
    FakeNetwork reorder(long jitterNanos, long seed) {
        this.jitter = jitterNanos;
        this.chance = new java.util.Random(seed);
        return this;
    }

    /** Each reply comes twice with this probability (seeded with {@link #reorder}'s seed, or 0). */
    FakeNetwork duplicates(double probability) {
        this.duplicates = probability;
        return this;
    }

    /** The router a probe on {@code flow} meets at {@code hop}, having met {@code before} at the hop before (null at hop 1). */
    private Node next(Node before, int hop, int flow) {
        if (salt == null) return routerAt(hop, flow);
        List<Node> all = new ArrayList<>();
        all.add(routers.get(hop - 1));
        all.addAll(forks.getOrDefault(hop, List.of()));
        List<InetAddress> only = before == null ? null : nextHops.get(before.address);
        if (only != null) all.removeIf(n -> !only.contains(n.address));
        return all.get(Math.floorMod(mix(flow, before == null ? 0 : before.address.hashCode()), all.size()));
    }

    /** A per-flow, per-router hash (splitmix64's finalizer), as a balancer's. */
    private long mix(int flow, int router) {
        long z = flow * 0x9E3779B97F4A7C15L + router * 0xBF58476D1CE4E5B9L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    /** The routers a probe on {@code flow} meets at each hop (1-based), ECMP branches chosen by the flow. */
    Node routerAt(int hop, int flow) {
        List<Node> alternatives = forks.get(hop);
        if (alternatives == null) return routers.get(hop - 1);
        int pick = Math.floorMod(Integer.hashCode(flow * 0x9E3779B1), alternatives.size() + 1);
        return pick == 0 ? routers.get(hop - 1) : alternatives.get(pick - 1);
    }

    /** Every address that could answer: routers, their branches, the destination. */
    java.util.Set<InetAddress> nodes() {
        java.util.Set<InetAddress> all = new java.util.HashSet<>(routerAddresses());
        forks.values().forEach(l -> l.forEach(n -> all.add(n.address)));
        all.add(destination);
        return all;
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

    @Override public jtrace.probe.Method kind() { return jtrace.probe.Method.UDP; }

    @Override public int packetSize() { return 60; }

    /** Distinct flows this method offers (UDP: the ports above -p); ICMP's 65536 unless a test narrows it. */
    int flows = 65536;

    @Override public int flows() { return flows; }

    @Override
    public long send(int ttl, int key) throws java.io.IOException { return send(ttl, key, key); }

    @Override
    public long send(int ttl, int flow, int key) throws java.io.IOException {
        now += 5_000;  // a sendto costs a few microseconds
        if (refuseFromTtl > 0 && ttl >= refuseFromTtl) throw new java.io.IOException("sendto 10.9.9.9: Operation not permitted");
        sent.add(new Sent(ttl, key, now, flow));
        Node r = null;
        for (int hop = 1; hop <= routers.size(); hop++) {
            r = next(r, hop, flow);
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
        long at = now + rtt + (jitter > 0 ? (long) (chance.nextDouble() * jitter) : 0);
        Reply reply = new Reply(key, from, type, code, at, replyTtl, destination, 0);
        deliver(at, reply);
        if (duplicates > 0 && chance.nextDouble() < duplicates) deliver(at + 1_000, reply);
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
