package jtrace.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the virtual network shows a traceroute. Every scenario is a chain
 * {@code client - r1 - r2 - ... - rN - destination}; they differ in how one element misbehaves.
 * Each scenario owns its own names ({@code jtl-<label>-*}) and addresses ({@code 10.<70+number>.0.0/16}),
 * so all of them can be up at once.
 */
public enum Scenario {
    /** Every router answers with time-exceeded, the destination answers too. */
    CHAIN(1, "every router and the destination answer"),
    /** The middle router (3 of 5) sends no ICMP at all, the rest answer: its hop shows {@code *}. */
    SILENT(2, "the middle router sends no ICMP, so its hop stays *"),
    /** Routers answer; the destination sends nothing back, whatever it receives. */
    BLACKHOLE(3, "the routers answer, the destination never does"),
    /**
     * Router 2 has an {@code unreachable} route to the destination: it answers host unreachable (!H) over
     * IPv4, and over IPv6 "no route to destination" (ICMPv6 code 0, which traceroute -6 marks !N).
     */
    UNREACHABLE(4, "router 2 has no way to the destination and says host unreachable (!H; !N over IPv6)"),
    /** Router 2 has a {@code prohibit} route to the destination: it answers admin prohibited (!X), in both families. */
    PROHIBITED(5, "router 2 refuses to forward to the destination and says prohibited (!X)"),
    /**
     * Router 1 balances over two routers (r2a, r2b) that both lead to router 3: an ECMP diamond hashed on the
     * 5-tuple (fib_multipath_hash_policy=1, both families). Probes whose ports vary take both branches.
     */
    ECMP(6, "router 1 balances over r2a and r2b (an ECMP diamond): varying ports see both, one flow sees one"),
    /** The same diamond four routers wide (r2a..r2d): what multipath enumeration must find all of. */
    WIDE(7, "router 1 balances over four routers r2a..r2d: a wide diamond"),
    /**
     * Router 2 masquerades (nftables, IPv4 and IPv6): the routers behind it know no route to the client, they
     * only ever see router 2's outside address, and router 2 translates their answers back.
     */
    NAT(8, "router 2 masquerades the client (nftables NAT): the routers behind it answer its outside address"),
    /**
     * The destination's firewall (nftables) drops UDP and ICMP echo requests and lets TCP in: UDP and ICMP traces
     * end at the gap limit behind the last router, a TCP trace (-T) reaches it. Nothing listens there, so it
     * answers a SYN with a RST: [closed].
     */
    FIREWALL(11, "the destination drops UDP and ICMP echo but answers TCP: only -T reaches it"),
    /** The link behind router 2 carries at most 1280 bytes: --mtu shows F=1500, then F=1280 from there on. */
    MTU(12, "the link behind router 2 takes at most 1280-byte packets: --mtu finds F=1280 there"),
    /**
     * Behind router 2 lies an MPLS core of three label switching routers (a responder of jtrace's on a TUN device
     * in router 2: Linux routers send no ICMP extensions) whose time exceeded messages carry RFC 4950 label
     * stacks and RFC 5837 interface information: what -e shows. Runs in the process that built the lab, or, for a lab
     * kept up, in a process of its own that the lab's teardown stops ({@link ResponderProcess}).
     */
    MPLS(13, "three MPLS routers behind router 2 answer with label stacks and interface objects (-e shows them)");

    private final int number;
    private final String description;

    Scenario(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** Lower-case name used in namespace names and host names: "chain". */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** Second octet of every address of this scenario: 71 for CHAIN, 72 for SILENT, ... */
    public int octet() { return 70 + number; }

    /** One sentence on what a traceroute should show. */
    public String description() { return description; }

    /** The ICMP unreachable mark the last answering hop carries in traceroute's output, or "" if none. */
    public String expectedMark() {
        return switch (this) {
            case UNREACHABLE -> "!H";
            case PROHIBITED -> "!X";
            case CHAIN, SILENT, BLACKHOLE, ECMP, WIDE, NAT, FIREWALL, MTU, MPLS -> "";
        };
    }

    /** Whether the destination leaves UDP and ICMP probes unanswered (BLACKHOLE: everything; FIREWALL: all but TCP). */
    public boolean destinationSilent() { return this == BLACKHOLE || this == FIREWALL; }

    /** Whether a TCP probe draws an answer from the destination (a RST: nothing listens in the lab). */
    public boolean destinationAnswersTcp() { return this != BLACKHOLE && this != UNREACHABLE && this != PROHIBITED; }

    /**
     * The same over IPv6. Linux answers a packet that meets an {@code unreachable} route with ICMPv6
     * destination unreachable code 0, "no route to destination" (ip6_pkt_discard), which traceroute -6
     * prints as !N; a {@code prohibit} route gives code 1, administratively prohibited: !X.
     */
    public String expectedMark6() {
        return this == UNREACHABLE ? "!N" : expectedMark();
    }

    /** How many routers share the diamond's hop: 2 for ECMP, 4 for WIDE, 1 (no diamond) for the others. */
    public int width() {
        return switch (this) {
            case ECMP -> 2;
            case WIDE -> 4;
            default -> 1;
        };
    }

    /** Whether a hop has several routers, so that different probes may meet different routers there. */
    public boolean multipath() { return width() > 1; }

    /** The scenario named {@code text} (any case), or a one-line error listing the valid names. */
    public static Scenario parse(String text) {
        for (Scenario s : values()) {
            if (s.label().equalsIgnoreCase(text.strip())) return s;
        }
        String valid = Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "));
        throw new LabException("unknown lab scenario '" + text + "': choose one of " + valid);
    }

    @Override
    public String toString() { return label(); }
}
