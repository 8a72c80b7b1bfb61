package jtrace.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jtrace.packet.AddressText;

/**
 * The iproute2 commands that build a {@link Topology}, as {@code ip -batch} lines. Pure text, so it can be
 * read and tested without root. Only iproute2 is needed: the misbehaviours are routes and policy rules,
 * not firewall rules. Every node gets its IPv4 and its IPv6 addresses and routes, and each misbehaviour
 * exists in both families.
 *
 * <p>Link-local addresses are fixed rather than derived from random MAC addresses: on every link the end
 * nearer the client is fe80::1 and the far end fe80::2, so from the client {@code fe80::2%to-r1} is router 1.
 *
 * <p>Two details make IPv6 usable the moment the lab is up. Duplicate address detection is off
 * ({@code accept_dad=0} before the links exist, {@code nodad} on each address): otherwise addresses stay
 * "tentative", unusable, for a second. And the two ends of each veth get different interface numbers: a
 * fresh namespace numbers its first link 2 on both sides, and the kernel then treats "carrier up" as not
 * urgent and may defer it by up to a second (linkwatch), during which IPv6 drops neighbour discovery.
 */
final class Wiring {
    private Wiring() {}

    /** Lines for {@code ip -batch -} in the host namespace: namespaces, sysctls and veth pairs. */
    static List<String> hostBatch(Topology t) {
        List<String> lines = new ArrayList<>();
        for (String ns : t.namespaces()) lines.add("netns add " + ns);
        // Before the links exist, so that they inherit accept_dad; one shell per namespace.
        for (int node = 0; node <= t.routers() + 1; node++) lines.add(sysctls(t, node));
        for (int link = 1; link <= t.routers() + 1; link++) {
            int left = link - 1, right = link;
            // Both ends are created straight inside their namespaces: nothing ever appears in the host's.
            lines.add("link add " + iface(t, right) + " netns " + namespace(t, left) + " index " + ifindex(link, 0)
                    + " type veth peer name " + iface(t, left) + " netns " + namespace(t, right) + " index " + ifindex(link, 1));
        }
        return lines;
    }

    /** One node's sysctls, as one {@code netns exec} line. */
    private static String sysctls(Topology t, int node) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("net/ipv6/conf/all/accept_dad", "0");
        values.put("net/ipv6/conf/default/accept_dad", "0");
        values.put("net/ipv6/conf/default/addr_gen_mode", "1");  // no random link-local addresses: ours are fe80::1 and ::2
        if (node > 0 && node <= t.routers()) {
            values.put("net/ipv4/ip_forward", "1");
            values.put("net/ipv6/conf/all/forwarding", "1");
        }
        // Lets any user open ICMP and ICMPv6 ping sockets in the client: the unprivileged ICMP method needs it.
        if (node == 0) values.put("net/ipv4/ping_group_range", "0 2147483647");
        StringBuilder script = new StringBuilder();
        values.forEach((key, value) -> script.append(script.length() == 0 ? "" : "; ").append("echo ").append(value)
                .append(" > /proc/sys/").append(key));
        return "netns exec " + namespace(t, node) + " sh -c \"" + script + "\"";
    }

    /** The client's interface: it carries the owner tag as its alias. */
    static final String CLIENT_INTERFACE = "to-r1";

    /** Interface numbers 10 and up: distinct for the two ends of a link, and from lo (1) and each other. */
    private static int ifindex(int link, int end) { return 10 + 2 * link + end; }

    /**
     * Lines for {@code ip -n <namespace> -batch -}, one list per namespace: addresses, links, routes (an
     * IPv6 gateway makes a route IPv6). {@code ownerTag} (no spaces) marks the build, so a stale handle never
     * removes a newer lab.
     */
    static Map<String, List<String>> namespaceBatches(Topology t, String ownerTag) {
        Map<String, List<String>> batches = new LinkedHashMap<>();
        for (int node = 0; node <= t.routers() + 1; node++) batches.put(namespace(t, node), nodeBatch(t, node));
        batches.get(t.clientNamespace()).add("link set " + CLIENT_INTERFACE + " alias " + ownerTag);
        return batches;
    }

    private static List<String> nodeBatch(Topology t, int node) {
        int last = t.routers() + 1;
        List<String> lines = new ArrayList<>();
        lines.add("link set lo up");
        if (node > 0) {
            lines.add("addr add " + ip(t, node, 2) + "/24 dev " + iface(t, node - 1));
            lines.add("addr add " + ip6(t, node, 2) + "/64 dev " + iface(t, node - 1) + " nodad");
            lines.add("addr add " + AddressText.of(t.linkLocal(2)) + "/64 dev " + iface(t, node - 1) + " nodad");
            lines.add("link set " + iface(t, node - 1) + " up");
        }
        if (node < last) {
            lines.add("addr add " + ip(t, node + 1, 1) + "/24 dev " + iface(t, node + 1));
            lines.add("addr add " + ip6(t, node + 1, 1) + "/64 dev " + iface(t, node + 1) + " nodad");
            lines.add("addr add " + AddressText.of(t.linkLocal(1)) + "/64 dev " + iface(t, node + 1) + " nodad");
            lines.add("link set " + iface(t, node + 1) + " up");
        }
        if (node == 0) {
            lines.add("route add default via " + ip(t, 1, 2));
            lines.add("route add default via " + ip6(t, 1, 2));
        } else if (node == last) {
            lines.add("route add default via " + ip(t, last, 1));
            lines.add("route add default via " + ip6(t, last, 1));
            // The destination may receive anything but can send nothing: every local packet is dropped.
            if (t.scenario() == Scenario.BLACKHOLE) lines.add("rule add pref 100 iif lo blackhole");
        } else {
            routerRoutes(t, node, lines);
        }
        return lines;
    }

    private static void routerRoutes(Topology t, int k, List<String> lines) {
        // Links behind router k (towards the client) need a route each; the rest of the world is ahead.
        for (int link = 1; link < k; link++) {
            lines.add("route add " + subnet(t, link) + " via " + ip(t, k, 1));
            lines.add("route add " + t.subnet6(link) + " via " + ip6(t, k, 1));
        }
        if (k < t.routers()) {
            lines.add("route add default via " + ip(t, k + 1, 2));
            lines.add("route add default via " + ip6(t, k + 1, 2));
        }
        String destination = t.destination().getHostAddress() + "/32";
        String destination6 = ip6(t, t.routers() + 1, 2) + "/128";
        switch (t.scenario()) {
            // iif lo = generated by this router itself (time-exceeded, echo replies), not forwarded traffic.
            case SILENT -> { if (k == t.silentRouter()) lines.add("rule add pref 100 iif lo ipproto icmp blackhole"); }
            // A host route, so it also beats the connected prefix when router 2 is the last one.
            case UNREACHABLE -> {
                if (k == t.refusingRouter()) {
                    lines.add("route add unreachable " + destination);
                    lines.add("route add unreachable " + destination6);
                }
            }
            case PROHIBITED -> {
                if (k == t.refusingRouter()) {
                    lines.add("route add prohibit " + destination);
                    lines.add("route add prohibit " + destination6);
                }
            }
            case CHAIN, BLACKHOLE -> { }
        }
    }

    /**
     * The IPv6 policy rules, for {@code ip -6 -n <namespace> -batch -} (a rule names no address that would
     * tell iproute2 its family, and batch lines take no -6): the silent router's and the blackhole
     * destination's, as over IPv4. Neighbour discovery is not routed, so these rules leave it working.
     */
    static Map<String, List<String>> ipv6RuleBatches(Topology t) {
        Map<String, List<String>> batches = new LinkedHashMap<>();
        switch (t.scenario()) {
            case SILENT -> batches.put(t.routerNamespace(t.silentRouter()), List.of("rule add pref 100 iif lo ipproto ipv6-icmp blackhole"));
            case BLACKHOLE -> batches.put(t.destinationNamespace(), List.of("rule add pref 100 iif lo blackhole"));
            case CHAIN, UNREACHABLE, PROHIBITED -> { }
        }
        return batches;
    }

    /** Each namespace's interfaces (lo aside), client first: "jtl-chain-r1" → [to-c, to-r2]. */
    static Map<String, List<String>> interfaces(Topology t) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        int last = t.routers() + 1;
        for (int node = 0; node <= last; node++) {
            List<String> mine = new ArrayList<>();
            if (node > 0) mine.add(iface(t, node - 1));
            if (node < last) mine.add(iface(t, node + 1));
            all.put(namespace(t, node), mine);
        }
        return all;
    }

    /** Deletes namespaces; for {@code ip -force -batch -}, so one already gone does not stop the rest. */
    static List<String> deleteBatch(List<String> namespaces) {
        return namespaces.stream().map(ns -> "netns delete " + ns).toList();
    }

    // Node 0 is the client, 1..N the routers, N+1 the destination.
    private static String nodeName(Topology t, int node) {
        if (node == 0) return "c";
        if (node == t.routers() + 1) return "d";
        return "r" + node;
    }

    private static String namespace(Topology t, int node) {
        return Topology.namespacePrefix(t.scenario()) + nodeName(t, node);
    }

    /** The interface leading to {@code node}: named after it, in its neighbour's namespace. */
    private static String iface(Topology t, int node) { return "to-" + nodeName(t, node); }

    private static String ip(Topology t, int link, int end) { return t.linkAddress(link, end).getHostAddress(); }

    private static String ip6(Topology t, int link, int end) { return AddressText.of(t.linkAddress6(link, end)); }

    private static String subnet(Topology t, int link) { return "10." + t.scenario().octet() + "." + link + ".0/24"; }
}
