package jtrace.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jtrace.packet.AddressText;

/**
 * The iproute2 commands that build a {@link Topology}, as {@code ip -batch} lines. Pure text, so it can be
 * read and tested without root. iproute2 builds every scenario but NAT and FIREWALL, which also need nftables
 * (a masquerade, a destination's input filter): the other misbehaviours are routes and policy rules, the ECMP
 * diamonds multipath routes. Every node gets its IPv4 and its IPv6 addresses and routes, and each misbehaviour
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
        for (Node node : nodes(t)) lines.add(sysctls(t, node));
        for (int link = 1; link <= t.routers() + 1; link++) {
            for (int b = 0; b < t.branches(link); b++) {
                Node left = near(t, link, b), right = far(t, link, b);
                int octet = t.linkOctet(link, b);
                // Both ends are created straight inside their namespaces: nothing ever appears in the host's.
                lines.add("link add " + iface(t, right) + " netns " + namespace(t, left) + " index " + ifindex(octet, 0)
                        + " type veth peer name " + iface(t, left) + " netns " + namespace(t, right) + " index " + ifindex(octet, 1));
            }
        }
        return lines;
    }

    /** One namespace: hop 0 is the client, 1..N the routers (branch b at a diamond's hop), N+1 the destination. */
    record Node(int hop, int branch) {}

    /** Every node, client first, in namespace order. */
    static List<Node> nodes(Topology t) {
        List<Node> all = new ArrayList<>();
        for (int hop = 0; hop <= t.routers() + 1; hop++) {
            for (int b = 0; b < t.width(hop); b++) all.add(new Node(hop, b));
        }
        return all;
    }

    /** The node at the client's end of link i of branch b, and the one at its far end. */
    private static Node near(Topology t, int link, int branch) { return new Node(link - 1, t.width(link - 1) > 1 ? branch : 0); }

    private static Node far(Topology t, int link, int branch) { return new Node(link, t.width(link) > 1 ? branch : 0); }

    /** The branches of link i that touch {@code node} (on either end). */
    private static List<Integer> branchesAt(Topology t, int link, Node node) {
        List<Integer> mine = new ArrayList<>();
        for (int b = 0; b < t.branches(link); b++) {
            if (near(t, link, b).equals(node) || far(t, link, b).equals(node)) mine.add(b);
        }
        return mine;
    }

    /** One node's sysctls, as one {@code netns exec} line. */
    private static String sysctls(Topology t, Node node) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("net/ipv6/conf/all/accept_dad", "0");
        values.put("net/ipv6/conf/default/accept_dad", "0");
        values.put("net/ipv6/conf/default/addr_gen_mode", "1");  // no random link-local addresses: ours are fe80::1 and ::2
        if (node.hop() > 0 && node.hop() <= t.routers()) {
            values.put("net/ipv4/ip_forward", "1");
            values.put("net/ipv6/conf/all/forwarding", "1");
            if (t.scenario().multipath()) {
                // Hash forwarded packets on the 5-tuple (ports included), as load balancers in the wild do.
                values.put("net/ipv4/fib_multipath_hash_policy", "1");
                values.put("net/ipv6/fib_multipath_hash_policy", "1");
            }
        }
        // Lets any user open ICMP and ICMPv6 ping sockets in the client: the unprivileged ICMP method needs it.
        if (node.hop() == 0) values.put("net/ipv4/ping_group_range", "0 2147483647");
        StringBuilder script = new StringBuilder();
        values.forEach((key, value) -> script.append(script.length() == 0 ? "" : "; ").append("echo ").append(value)
                .append(" > /proc/sys/").append(key));
        return "netns exec " + namespace(t, node) + " sh -c \"" + script + "\"";
    }

    /** The client's interface: it carries the owner tag as its alias. */
    static final String CLIENT_INTERFACE = "to-r1";

    /** Interface numbers 10 and up: distinct for the two ends of a link, and from lo (1) and each other. */
    private static int ifindex(int linkOctet, int end) { return 10 + 2 * linkOctet + end; }

    /**
     * Lines for {@code ip -n <namespace> -batch -}, one list per namespace: addresses, links, routes (an
     * IPv6 gateway makes a route IPv6). {@code ownerTag} (no spaces) marks the build, so a stale handle never
     * removes a newer lab.
     */
    static Map<String, List<String>> namespaceBatches(Topology t, String ownerTag) {
        Map<String, List<String>> batches = new LinkedHashMap<>();
        for (Node node : nodes(t)) batches.put(namespace(t, node), nodeBatch(t, node));
        batches.get(t.clientNamespace()).add("link set " + CLIENT_INTERFACE + " alias " + ownerTag);
        return batches;
    }

    private static List<String> nodeBatch(Topology t, Node node) {
        int last = t.routers() + 1, hop = node.hop();
        List<String> lines = new ArrayList<>();
        lines.add("link set lo up");
        // Links towards the client: this node is their far end (.2).
        if (hop > 0) {
            for (int b : branchesAt(t, hop, node)) {
                String dev = iface(t, near(t, hop, b));
                addresses(t, lines, hop, b, 2, dev);
            }
        }
        // Links ahead: this node is their near end (.1).
        if (hop < last) {
            for (int b : branchesAt(t, hop + 1, node)) {
                String dev = iface(t, far(t, hop + 1, b));
                addresses(t, lines, hop + 1, b, 1, dev);
            }
        }
        if (t.scenario() == Scenario.MTU) {
            int link = t.smallMtuLink();  // between hops link-1 and link: both ends get the small MTU
            if (hop == link - 1) lines.add("link set " + iface(t, new Node(link, 0)) + " mtu " + Topology.SMALL_MTU);
            if (hop == link) lines.add("link set " + iface(t, new Node(link - 1, 0)) + " mtu " + Topology.SMALL_MTU);
        }
        if (hop == 0) {
            lines.add("route add default via " + ip(t, 1, 0, 2));
            lines.add("route add default via " + ip6(t, 1, 0, 2));
        } else if (hop == last) {
            lines.add("route add default via " + ip(t, last, 0, 1));
            lines.add("route add default via " + ip6(t, last, 0, 1));
            // The destination may receive anything but can send nothing: every local packet is dropped.
            if (t.scenario() == Scenario.BLACKHOLE) lines.add("rule add pref 100 iif lo blackhole");
        } else {
            routerRoutes(t, node, lines);
        }
        return lines;
    }

    private static void addresses(Topology t, List<String> lines, int link, int branch, int end, String dev) {
        lines.add("addr add " + ip(t, link, branch, end) + "/24 dev " + dev);
        lines.add("addr add " + ip6(t, link, branch, end) + "/64 dev " + dev + " nodad");
        lines.add("addr add " + AddressText.of(t.linkLocal(end)) + "/64 dev " + dev + " nodad");
        lines.add("link set " + dev + " up");
    }

    private static void routerRoutes(Topology t, Node node, List<String> lines) {
        int k = node.hop();
        // Links behind router k (towards the client) need a route each, through its first link back (a router
        // after a diamond answers through branch a, so it always answers from one address); the rest of the world
        // is ahead. Behind a NAT nothing knows the client's side: only the NAT's outside address.
        List<Integer> behind = branchesAt(t, k, node);
        int back = behind.get(0);
        // IPv6 picks an ICMPv6 error's source by itself and may take another link's address: name it.
        String src6 = behind.size() > 1 ? " src " + ip6(t, k, back, 2) : "";
        int hidden = t.scenario() == Scenario.NAT && k > t.natRouter() ? t.natRouter() : 0;
        for (int link = hidden + 1; link < k; link++) {
            for (int b = 0; b < t.branches(link); b++) {
                lines.add("route add " + t.subnet(link, b) + " via " + ip(t, k, back, 1));
                lines.add("route add " + t.subnet6(link, b) + " via " + ip6(t, k, back, 1) + src6);
            }
        }
        if (k < t.routers()) {
            List<Integer> ahead = branchesAt(t, k + 1, node);
            // Several ways ahead: an ECMP route, one nexthop per branch.
            String v4 = ahead.stream().map(b -> (ahead.size() > 1 ? "nexthop " : "") + "via " + ip(t, k + 1, b, 2)).collect(Collectors.joining(" "));
            String v6 = ahead.stream().map(b -> (ahead.size() > 1 ? "nexthop " : "") + "via " + ip6(t, k + 1, b, 2)).collect(Collectors.joining(" "));
            lines.add("route add default " + v4);
            lines.add("route add default " + v6);
        }
        String destination = t.destination().getHostAddress() + "/32";
        String destination6 = AddressText.of(t.destination6()) + "/128";
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
            case CHAIN, BLACKHOLE, ECMP, WIDE, NAT, FIREWALL, MTU, MPLS -> { }
        }
    }

    /**
     * The NAT router's nftables ruleset ({@code nft -f -} in its namespace): masquerade whatever leaves
     * towards the destination, IPv4 and IPv6 (an inet table), counting what it rewrites. Empty for other
     * scenarios.
     */
    static Map<String, String> nftScripts(Topology t) {
        if (t.scenario() == Scenario.FIREWALL) return firewallRules(t);
        if (t.scenario() != Scenario.NAT) return Map.of();
        int k = t.natRouter();
        String outside = iface(t, new Node(k + 1, 0));
        return Map.of(t.routerNamespace(k), String.join("\n",
                "table inet jtrace-nat {",
                "  chain postrouting {",
                "    type nat hook postrouting priority srcnat; policy accept;",
                "    oifname \"" + outside + "\" counter masquerade",
                "  }",
                "}", ""));
    }

    /** The TUN device the MPLS responder reads in router 2 (mplsRouter). */
    static final String MPLS_DEVICE = "mpls0";

    /**
     * Router 2's routing into the MPLS core, once the responder created its TUN device: what comes in from the
     * client's side goes into the device (table 100); what the responder writes back — answers, and probes that
     * passed the core — is routed by the main table, towards the client or on to router 3. For {@code ip -batch}
     * (IPv4) and {@code ip -6 -batch} (IPv6).
     */
    static List<String> mplsBatch(Topology t, boolean v6) {
        Node in = new Node(t.mplsRouter() - 1, 0);
        String core = v6 ? "fd00:" + t.scenario().octet() + ":200::/64" : "10." + t.scenario().octet() + ".200.0/24";
        List<String> lines = new ArrayList<>();
        if (!v6) lines.add("link set " + MPLS_DEVICE + " up");
        lines.add("route add " + core + " dev " + MPLS_DEVICE);  // the LSRs' addresses are behind it (reverse path)
        lines.add("route add default dev " + MPLS_DEVICE + " table 100");
        lines.add("rule add pref 50 iif " + iface(t, in) + " lookup 100");
        return lines;
    }

    /**
     * FIREWALL's destination drops UDP and ICMP (ICMPv6) echo requests on input and accepts the rest — TCP, and
     * the neighbour discovery IPv6 needs.
     */
    private static Map<String, String> firewallRules(Topology t) {
        return Map.of(t.destinationNamespace(), String.join("\n",
                "table inet jtrace-lab {",
                "  chain input {",
                "    type filter hook input priority 0; policy accept;",
                "    meta l4proto udp drop",
                "    icmp type echo-request drop",
                "    icmpv6 type echo-request drop",
                "  }",
                "}", ""));
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
            case CHAIN, UNREACHABLE, PROHIBITED, ECMP, WIDE, NAT, FIREWALL, MTU, MPLS -> { }
        }
        return batches;
    }

    /** Each namespace's interfaces (lo aside), client first: "jtl-chain-r1" → [to-c, to-r2]. */
    static Map<String, List<String>> interfaces(Topology t) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        int last = t.routers() + 1;
        for (Node node : nodes(t)) {
            List<String> mine = new ArrayList<>();
            if (node.hop() > 0) for (int b : branchesAt(t, node.hop(), node)) mine.add(iface(t, near(t, node.hop(), b)));
            if (node.hop() < last) for (int b : branchesAt(t, node.hop() + 1, node)) mine.add(iface(t, far(t, node.hop() + 1, b)));
            all.put(namespace(t, node), mine);
        }
        return all;
    }

    /** Deletes namespaces; for {@code ip -force -batch -}, so one already gone does not stop the rest. */
    static List<String> deleteBatch(List<String> namespaces) {
        return namespaces.stream().map(ns -> "netns delete " + ns).toList();
    }

    private static String namespace(Topology t, Node node) {
        return Topology.namespacePrefix(t.scenario()) + t.nodeName(node.hop(), node.branch());
    }

    /** The interface leading to {@code node}: named after it, in its neighbour's namespace. */
    private static String iface(Topology t, Node node) { return "to-" + t.nodeName(node.hop(), node.branch()); }

    private static String ip(Topology t, int link, int branch, int end) { return t.linkAddress(link, branch, end).getHostAddress(); }

    private static String ip6(Topology t, int link, int branch, int end) { return AddressText.of(t.linkAddress6(link, branch, end)); }
}
