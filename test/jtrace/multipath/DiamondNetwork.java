package jtrace.multipath;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jtrace.probe.FlowMethod;
import jtrace.probe.Reply;
import jtrace.support.VirtualNetwork;

/**
 * A load-balanced network on a virtual clock: routers at hops, each balancing per flow over its next hops (a
 * hash of the flow and the router, as real per-flow balancers do), a destination at the end. Diamonds of any
 * width, nested or meshed, are a few lines. Routers rate-limit their ICMP errors as Linux does (6, then 1/s)
 * unless told not to, and may be silent.
 */
final class DiamondNetwork extends VirtualNetwork implements FlowMethod {
    private record Node(InetAddress address, int hop, List<String> next, boolean silent) {}

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<InetAddress, long[]> buckets = new HashMap<>();  // credit, last
    private final InetAddress destination;
    private final long salt;
    private String first;
    boolean rateLimit = true;
    int sent;

    /** {@code salt} changes every balancer's hash: another network with the same shape. */
    DiamondNetwork(String destination, long salt) {
        super(1_000_000_000L);
        this.destination = ip(destination);
        this.salt = salt;
    }

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A router {@code name} at {@code hop} with address {@code address}, balancing over {@code next} (names; "dest" for the destination). */
    DiamondNetwork router(String name, int hop, String address, String... next) {
        if (first == null) first = name;
        nodes.put(name, new Node(ip(address), hop, List.of(next), false));
        return this;
    }

    /** The same router, but it never sends ICMP. */
    DiamondNetwork silent(String name) {
        Node n = nodes.get(name);
        nodes.put(name, new Node(n.address, n.hop, n.next, true));
        return this;
    }

    /** Empties a router's bucket now, as another tool's trace would have. */
    DiamondNetwork drained(String name) {
        buckets.put(nodes.get(name).address, new long[] {0, now});
        return this;
    }

    /** r1 → {widths…} → … → dest: consecutive hops fully linked (meshed where both sides have several). */
    static DiamondNetwork layered(long salt, int... widths) {
        DiamondNetwork net = new DiamondNetwork("10.9.9.9", salt);
        for (int h = 1; h <= widths.length; h++) {
            for (int b = 0; b < widths[h - 1]; b++) {
                List<String> next = new ArrayList<>();
                if (h == widths.length) next.add("dest");
                else for (int c = 0; c < widths[h]; c++) next.add("h" + (h + 1) + "." + c);
                net.router("h" + h + "." + b, h, "10.0." + h + "." + (b + 1), next.toArray(String[]::new));
            }
        }
        return net;
    }

    Set<InetAddress> addressesAt(int hop) {
        return nodes.values().stream().filter(n -> n.hop == hop).map(Node::address).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    @Override public jtrace.probe.Method kind() { return jtrace.probe.Method.UDP; }

    @Override public int packetSize() { return 60; }

    @Override public int flows() { return 65536; }

    @Override public long send(int ttl, int key) { return send(ttl, key, key); }

    @Override
    public long send(int ttl, int flow, int key) {
        now += 5_000;
        sent++;
        String at = first;
        for (int hop = 1; ; hop++) {
            if (at.equals("dest")) {
                answer(destination, hop, 3, 3, key);
                return now;
            }
            Node n = nodes.get(at);
            if (hop == ttl) {
                if (!n.silent) answer(n.address, hop, 11, 0, key);
                return now;
            }
            at = n.next.get(Math.floorMod(mix(flow, at), n.next.size()));
        }
    }

    /** A per-flow, per-router hash (splitmix64's finalizer), as a balancer's. */
    private long mix(int flow, String router) {
        long z = flow * 0x9E3779B97F4A7C15L + router.hashCode() * 0xBF58476D1CE4E5B9L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    private void answer(InetAddress from, int hop, int type, int code, int key) {
        if (rateLimit && !takeToken(from)) return;
        long rtt = hop * 100_000L;
        deliver(now + rtt, new Reply(key, from, type, code, now + rtt, 64 - hop, destination, 0));
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
