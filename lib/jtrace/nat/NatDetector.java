package jtrace.nat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dublin traceroute's NAT test (Giovanni Pellerano's idea after Paris traceroute): a NAT rewrites our probe's
 * source address and port, and with them its UDP checksum; when a router behind it quotes the probe back, the NAT
 * translates the addresses back, but what it leaves in the quoted checksum differs from what routers in front of
 * it quoted. The first hop whose quotes show a checksum no earlier hop showed is the first behind the NAT.
 *
 * <p>Two checksums count as the same flow's: the quoted value itself (a sender whose network card computes
 * checksums leaves the pseudo-header's partial sum there, the same for every probe of a flow: Linux veth), or the
 * quoted value plus the first payload word (a complete checksum: Paris compensates the payload, so that sum is the
 * same for every probe of a flow). Pure: it reads what the raw socket saw.
 */
public final class NatDetector {
    private NatDetector() {}

    /** What a router at {@code ttl} quoted of one of our UDP probes: its checksum field and its first payload word. */
    public record Quote(int ttl, InetAddress from, int checksum, int payloadWord) {}

    /** The first hop behind a NAT, or -1 if every hop quoted what the first ones did. */
    public static int firstHopBehindNat(List<Quote> quotes) {
        TreeMap<Integer, List<Quote>> byHop = new TreeMap<>();
        for (Quote q : quotes) byHop.computeIfAbsent(q.ttl(), t -> new ArrayList<>()).add(q);
        Set<Integer> partial = new HashSet<>(), complete = new HashSet<>();
        for (List<Quote> hop : byHop.values()) {
            boolean known = partial.isEmpty() || hop.stream().anyMatch(q -> partial.contains(q.checksum()) || complete.contains(sum(q)));
            if (!known) return hop.get(0).ttl();
            for (Quote q : hop) {
                partial.add(q.checksum());
                complete.add(sum(q));
            }
        }
        return -1;
    }

    /** Checksum plus payload word, ones' complement (end-around carry). */
    static int sum(Quote q) {
        int s = q.checksum() + q.payloadWord();
        return (s & 0xffff) + (s >>> 16);
    }
}
