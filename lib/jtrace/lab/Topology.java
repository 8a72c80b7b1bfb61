package jtrace.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names and addresses of one lab, computed from the scenario and the number of routers; nothing here
 * touches the system.
 *
 * <p>Addressing: link {@code i} (1 = client-r1, N+1 = rN-destination) is {@code 10.<octet>.<i>.0/24};
 * the end nearer the client is {@code .1}, the far end {@code .2}. So the client is {@code 10.71.1.1},
 * router k is {@code 10.71.k.2} towards the client (the address Linux puts on its ICMP errors, since they
 * leave through that interface) and {@code 10.71.(k+1).1} towards the destination, and the destination is
 * {@code 10.71.(N+1).2}. Inside each namespace the interfaces are named after the neighbour they lead to:
 * {@code to-c}, {@code to-r2}, {@code to-d}.
 *
 * <p>Every lab is dual-stack, and its IPv6 addresses (unique local, RFC 4193) read like the IPv4 ones:
 * link {@code i} is {@code fd00:<octet>:<i>::/64} with the same {@code ::1} and {@code ::2} ends, so
 * 10.71.3.2 is fd00:71:3::2 (the groups are hexadecimal; they only look decimal). Link-local addresses are
 * fe80::1 and fe80::2 on every link, the same way round.
 *
 * <p>Multipath scenarios ({@link Scenario#multipath()}) put {@link Scenario#width()} routers side by side at
 * hop {@link #DIAMOND_HOP}: r2a, r2b, ... Each gets its own pair of links, link 2 and 3 of branch b
 * (0 = a). Branch a keeps the chain's addresses; branch b ≥ 1 uses {@code 10.<octet>.<200 + 10b + link>.0/24}
 * (r2b is 10.76.212.2 towards router 1, 10.76.213.1 towards router 3), out of the chain's way.
 */
public record Topology(Scenario scenario, int routers) {
    /** Every name the lab creates starts with this. */
    public static final String PREFIX = "jtl-";
    public static final int MIN_ROUTERS = 1;
    public static final int MAX_ROUTERS = 64;
    public static final int DEFAULT_ROUTERS = 5;
    /** The hop where a multipath scenario's routers stand side by side. */
    public static final int DIAMOND_HOP = 2;

    public Topology {
        if (scenario == null) throw new LabException("no lab scenario given");
        if (routers < MIN_ROUTERS || routers > MAX_ROUTERS) {
            throw new LabException("the lab takes " + MIN_ROUTERS + " to " + MAX_ROUTERS + " routers, not " + routers);
        }
        if (scenario.multipath() && routers < DIAMOND_HOP + 1) {
            throw new LabException("the " + scenario + " lab needs at least " + (DIAMOND_HOP + 1)
                    + " routers (one before the diamond, one where it joins), not " + routers);
        }
    }

    /** How many routers stand at hop k: the scenario's width at the diamond's hop, else 1. */
    public int width(int hop) { return hop == DIAMOND_HOP ? scenario.width() : 1; }

    /** How many links join hop {@code link - 1} to hop {@code link}: one per router on the wider side. */
    int branches(int link) { return Math.max(width(link - 1), width(link)); }

    /** The router that masquerades in NAT: 2, or 1 if alone. */
    public int natRouter() { return Math.min(2, routers); }

    /** Start of every namespace name of this scenario: "jtl-chain-". */
    public static String namespacePrefix(Scenario scenario) { return PREFIX + scenario.label() + "-"; }

    public String clientNamespace() { return namespacePrefix(scenario) + "c"; }

    /** Router k's namespace ("jtl-chain-r3"); at the diamond's hop, its first branch's. */
    public String routerNamespace(int k) { return routerNamespace(k, 0); }

    /** The namespace of branch b (0 = a) of hop k: "jtl-ecmp-r2b". */
    public String routerNamespace(int k, int branch) { return namespacePrefix(scenario) + nodeName(k, branch); }

    /** Node names: "c" (hop 0), "r3", "r2b" (branch 1 of a diamond's hop), "d" (hop routers + 1). */
    String nodeName(int hop, int branch) {
        if (hop == 0) return "c";
        if (hop == routers + 1) return "d";
        return "r" + hop + (width(hop) > 1 ? String.valueOf((char) ('a' + branch)) : "");
    }

    public String destinationNamespace() { return namespacePrefix(scenario) + "d"; }

    /** All namespaces, from the client to the destination. */
    public List<String> namespaces() {
        List<String> all = new ArrayList<>();
        all.add(clientNamespace());
        for (int k = 1; k <= routers; k++) {
            for (int b = 0; b < width(k); b++) all.add(routerNamespace(k, b));
        }
        all.add(destinationNamespace());
        return all;
    }

    /** Address of the near (.1) or far (.2) end of link i. */
    public InetAddress linkAddress(int link, int end) { return linkAddress(link, 0, end); }

    /** Address of one end of link i of branch b (0 = a, the chain's own addresses). */
    public InetAddress linkAddress(int link, int branch, int end) {
        return address(10, scenario.octet(), linkOctet(link, branch), end);
    }

    /** IPv6 address of the near (::1) or far (::2) end of link i: fd00:71:3::2 beside 10.71.3.2. */
    public InetAddress linkAddress6(int link, int end) { return linkAddress6(link, 0, end); }

    /** The same for link i of branch b: fd00:76:212::2 beside 10.76.212.2. */
    public InetAddress linkAddress6(int link, int branch, int end) {
        return address6(scenario.octet() + ":" + linkOctet(link, branch) + "::" + end);
    }

    /** Third IPv4 octet (and third IPv6 group) of link i of branch b: i for branch a, 200 + 10b + i beyond. */
    int linkOctet(int link, int branch) { return branch == 0 ? link : 200 + 10 * branch + link; }

    /** The link-local address of the near (fe80::1) or far (fe80::2) end of every link; its zone is the interface. */
    public InetAddress linkLocal(int end) { return address6Full("fe80::" + end); }

    /** The IPv6 prefix of link i, "fd00:71:3::/64". */
    String subnet6(int link) { return subnet6(link, 0); }

    String subnet6(int link, int branch) { return "fd00:" + scenario.octet() + ":" + linkOctet(link, branch) + "::/64"; }

    /** The IPv4 prefix of link i of branch b, "10.76.212.0/24". */
    String subnet(int link, int branch) { return "10." + scenario.octet() + "." + linkOctet(link, branch) + ".0/24"; }

    public InetAddress client() { return linkAddress(1, 1); }

    public InetAddress client6() { return linkAddress6(1, 1); }

    /** Router k's address towards the client: the source of its ICMP errors. */
    public InetAddress router(int k) { return linkAddress(k, 2); }

    public InetAddress router6(int k) { return linkAddress6(k, 2); }

    /** Every router at hop k, each by the address its ICMP errors come from: r2a and r2b at an ECMP diamond. */
    public List<InetAddress> routersAt(int k) { return routersAt(k, false); }

    /** The same over IPv6. */
    public List<InetAddress> routers6At(int k) { return routersAt(k, true); }

    private List<InetAddress> routersAt(int k, boolean v6) {
        List<InetAddress> all = new ArrayList<>();
        for (int b = 0; b < width(k); b++) all.add(v6 ? linkAddress6(k, b, 2) : linkAddress(k, b, 2));
        return List.copyOf(all);
    }

    public InetAddress destination() { return linkAddress(routers + 1, 2); }

    public InetAddress destination6() { return linkAddress6(routers + 1, 2); }

    /** The router that sends no ICMP in SILENT: the middle one (3 of 5, 2 of 4). */
    public int silentRouter() { return (routers + 1) / 2; }

    /** The router with an unreachable or prohibit route in UNREACHABLE and PROHIBITED: 2, or 1 if alone. */
    public int refusingRouter() { return Math.min(2, routers); }

    /** The link with the small MTU in MTU: the one behind router 2 (link 3), or behind router 1 if it is alone. */
    public int smallMtuLink() { return refusingRouter() + 1; }

    /** The MTU of that link: IPv6's minimum, so both families shrink to it. */
    public static final int SMALL_MTU = 1280;

    /** The router in front of MPLS's core (its TUN device and responder): 2, or 1 if alone. */
    public int mplsRouter() { return refusingRouter(); }

    /** Label switching router i (1..3) of the MPLS core: 10.83.200.i; no interface has it, the responder answers from it. */
    public InetAddress lsr(int i) { return address(10, scenario.octet(), 200, i); }

    /** The same over IPv6: fd00:83:200::i. */
    public InetAddress lsr6(int i) { return address6(scenario.octet() + ":200::" + i); }

    /**
     * What a correct traceroute (UDP or ICMP) shows, hop 1 first; null where nothing can answer. A multipath scenario has
     * no single answer (each flow meets one router of the diamond): see {@link #expectedHopSets()}.
     */
    public List<InetAddress> expectedHops() { return expectedHops(false); }

    /** The same over IPv6: the routers' and destination's IPv6 addresses, the same silences. */
    public List<InetAddress> expectedHops6() { return expectedHops(true); }

    /**
     * Who may answer at each hop, hop 1 first: one address per hop on a single path, every router of the
     * diamond at its hop (any one flow meets exactly one of them), an empty set where nothing can answer.
     */
    public List<Set<InetAddress>> expectedHopSets() { return expectedHopSets(false); }

    /** The same over IPv6. */
    public List<Set<InetAddress>> expectedHopSets6() { return expectedHopSets(true); }

    private List<Set<InetAddress>> expectedHopSets(boolean v6) {
        List<Set<InetAddress>> sets = new ArrayList<>();
        for (InetAddress one : singlePathHops(v6)) sets.add(one == null ? Set.of() : Set.of(one));
        if (scenario.multipath()) sets.set(DIAMOND_HOP - 1, new LinkedHashSet<>(routersAt(DIAMOND_HOP, v6)));
        return List.copyOf(sets.stream().map(Collections::unmodifiableSet).toList());
    }

    private List<InetAddress> expectedHops(boolean v6) {
        if (scenario.multipath())
            throw new LabException("the " + scenario + " lab has " + scenario.width() + " routers at hop " + DIAMOND_HOP
                    + ", no single route: use expectedHopSets()");
        return singlePathHops(v6);
    }

    /** The route through the first branch (the only one, but for a diamond). */
    private List<InetAddress> singlePathHops(boolean v6) {
        List<InetAddress> hops = new ArrayList<>();
        switch (scenario) {
            case CHAIN, SILENT, BLACKHOLE, ECMP, WIDE, NAT, FIREWALL, MTU, MPLS -> {
                for (int k = 1; k <= routers; k++) {
                    hops.add(scenario == Scenario.SILENT && k == silentRouter() ? null : v6 ? router6(k) : router(k));
                    if (scenario == Scenario.MPLS && k == mplsRouter())
                        for (int i = 1; i <= MplsCore.LSRS; i++) hops.add(v6 ? lsr6(i) : lsr(i));
                }
                hops.add(scenario.destinationSilent() ? null : v6 ? destination6() : destination());
            }
            case UNREACHABLE, PROHIBITED -> {
                for (int k = 1; k <= refusingRouter(); k++) hops.add(v6 ? router6(k) : router(k));
            }
        }
        return Collections.unmodifiableList(hops);
    }

    /**
     * Host names for every address in the lab, IPv4 and IPv6, e.g. 10.71.1.2, 10.71.2.1, fd00:71:1::2 and
     * fd00:71:2::1 → "r1.chain.lab".
     */
    public Map<InetAddress, String> names() {
        String domain = "." + scenario.label() + ".lab";
        Map<InetAddress, String> names = new LinkedHashMap<>();
        names.put(client(), "client" + domain);
        names.put(client6(), "client" + domain);
        for (int k = 1; k <= routers; k++) {
            // Each router by the far end of its links towards the client and the near end of those ahead.
            for (int b = 0; b < branches(k); b++) {
                String name = nodeName(k, width(k) > 1 ? b : 0) + domain;
                names.put(linkAddress(k, b, 2), name);
                names.put(linkAddress6(k, b, 2), name);
            }
            for (int b = 0; b < branches(k + 1); b++) {
                String name = nodeName(k, width(k) > 1 ? b : 0) + domain;
                names.put(linkAddress(k + 1, b, 1), name);
                names.put(linkAddress6(k + 1, b, 1), name);
            }
        }
        if (scenario == Scenario.MPLS) {
            for (int i = 1; i <= MplsCore.LSRS; i++) {
                names.put(lsr(i), "lsr" + i + domain);
                names.put(lsr6(i), "lsr" + i + domain);
            }
        }
        names.put(destination(), "dest" + domain);
        names.put(destination6(), "dest" + domain);
        return Collections.unmodifiableMap(names);
    }

    /** "71:3::2" → fd00:71:3::2; always a valid literal, since octets and link numbers are at most 4 digits. */
    private static InetAddress address6(String tail) { return address6Full("fd00:" + tail); }

    private static InetAddress address6Full(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible); // four bytes are always a valid address
        }
    }
}
