package jtrace.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public record Topology(Scenario scenario, int routers) {
    /** Every name the lab creates starts with this. */
    public static final String PREFIX = "jtl-";
    public static final int MIN_ROUTERS = 1;
    public static final int MAX_ROUTERS = 64;
    public static final int DEFAULT_ROUTERS = 5;

    public Topology {
        if (scenario == null) throw new LabException("no lab scenario given");
        if (routers < MIN_ROUTERS || routers > MAX_ROUTERS) {
            throw new LabException("the lab takes " + MIN_ROUTERS + " to " + MAX_ROUTERS + " routers, not " + routers);
        }
    }

    /** Start of every namespace name of this scenario: "jtl-chain-". */
    public static String namespacePrefix(Scenario scenario) { return PREFIX + scenario.label() + "-"; }

    public String clientNamespace() { return namespacePrefix(scenario) + "c"; }

    public String routerNamespace(int k) { return namespacePrefix(scenario) + "r" + k; }

    public String destinationNamespace() { return namespacePrefix(scenario) + "d"; }

    /** All namespaces, from the client to the destination. */
    public List<String> namespaces() {
        List<String> all = new ArrayList<>();
        all.add(clientNamespace());
        for (int k = 1; k <= routers; k++) all.add(routerNamespace(k));
        all.add(destinationNamespace());
        return all;
    }

    /** Address of the near (.1) or far (.2) end of link i. */
    public InetAddress linkAddress(int link, int end) {
        return address(10, scenario.octet(), link, end);
    }

    /** IPv6 address of the near (::1) or far (::2) end of link i: fd00:71:3::2 beside 10.71.3.2. */
    public InetAddress linkAddress6(int link, int end) {
        return address6(scenario.octet() + ":" + link + "::" + end);
    }

    /** The link-local address of the near (fe80::1) or far (fe80::2) end of every link; its zone is the interface. */
    public InetAddress linkLocal(int end) { return address6Full("fe80::" + end); }

    /** The IPv6 prefix of link i, "fd00:71:3::/64". */
    String subnet6(int link) { return "fd00:" + scenario.octet() + ":" + link + "::/64"; }

    public InetAddress client() { return linkAddress(1, 1); }

    public InetAddress client6() { return linkAddress6(1, 1); }

    /** Router k's address towards the client: the source of its ICMP errors. */
    public InetAddress router(int k) { return linkAddress(k, 2); }

    public InetAddress router6(int k) { return linkAddress6(k, 2); }

    public InetAddress destination() { return linkAddress(routers + 1, 2); }

    public InetAddress destination6() { return linkAddress6(routers + 1, 2); }

    /** The router that sends no ICMP in SILENT: the middle one (3 of 5, 2 of 4). */
    public int silentRouter() { return (routers + 1) / 2; }

    /** The router with an unreachable or prohibit route in UNREACHABLE and PROHIBITED: 2, or 1 if alone. */
    public int refusingRouter() { return Math.min(2, routers); }

    /** What a correct traceroute shows, hop 1 first; null where nothing can answer. */
    public List<InetAddress> expectedHops() { return expectedHops(false); }

    /** The same over IPv6: the routers' and destination's IPv6 addresses, the same silences. */
    public List<InetAddress> expectedHops6() { return expectedHops(true); }

    private List<InetAddress> expectedHops(boolean v6) {
        List<InetAddress> hops = new ArrayList<>();
        switch (scenario) {
            case CHAIN, SILENT, BLACKHOLE -> {
                for (int k = 1; k <= routers; k++) {
                    hops.add(scenario == Scenario.SILENT && k == silentRouter() ? null : v6 ? router6(k) : router(k));
                }
                hops.add(scenario == Scenario.BLACKHOLE ? null : v6 ? destination6() : destination());
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
            names.put(router(k), "r" + k + domain);
            names.put(linkAddress(k + 1, 1), "r" + k + domain);
            names.put(router6(k), "r" + k + domain);
            names.put(linkAddress6(k + 1, 1), "r" + k + domain);
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
