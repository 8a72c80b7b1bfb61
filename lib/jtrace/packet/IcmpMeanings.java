package jtrace.packet;

import java.util.Map;

/**
 * The one table of what ICMP (RFC 792) and ICMPv6 (RFC 4443) types and codes mean: in words, as traceroute 2.1.2
 * marks them after an RTT (IPv6: as traceroute -6 does), and as RIPE Atlas's {@code err} reports them. The decoder,
 * the replies' marks and the Atlas JSON all read it, so they cannot disagree.
 */
public final class IcmpMeanings {
    private IcmpMeanings() {}

    /**
     * One code of one type. {@code mark}: traceroute's, "" for none ("!F" gets "-mtu" appended). {@code atlas}: the
     * Atlas letter, {@link #CODE} for the code as a number, or null for no err (a normal answer, or reported as mtu).
     */
    private record Code(String words, String mark, String atlas) {}

    private static final String CODE = "#";

    private static final Map<Integer, String> V4_TYPES = Map.ofEntries(Map.entry(0, "echo reply"),
            Map.entry(3, "destination unreachable"), Map.entry(4, "source quench (deprecated)"), Map.entry(5, "redirect"),
            Map.entry(8, "echo request"), Map.entry(9, "router advertisement"), Map.entry(10, "router solicitation"),
            Map.entry(11, "time exceeded"), Map.entry(12, "parameter problem"), Map.entry(13, "timestamp request"),
            Map.entry(14, "timestamp reply"));

    private static final Map<Integer, String> V6_TYPES = Map.ofEntries(Map.entry(1, "destination unreachable"),
            Map.entry(2, "packet too big"), Map.entry(3, "time exceeded"), Map.entry(4, "parameter problem"),
            Map.entry(128, "echo request"), Map.entry(129, "echo reply"), Map.entry(133, "router solicitation"),
            Map.entry(134, "router advertisement"), Map.entry(135, "neighbor solicitation"),
            Map.entry(136, "neighbor advertisement"), Map.entry(137, "redirect"));

    private static int key(int type, int code) { return type << 8 | code; }

    private static final Map<Integer, Code> V4_CODES = Map.ofEntries(
            Map.entry(key(3, 0), new Code("network unreachable", "!N", "N")),
            Map.entry(key(3, 1), new Code("host unreachable", "!H", "H")),
            Map.entry(key(3, 2), new Code("protocol unreachable", "!P", "P")),
            Map.entry(key(3, 3), new Code("port unreachable", "", null)),
            Map.entry(key(3, 4), new Code("fragmentation needed but don't fragment set", "!F", null)),
            Map.entry(key(3, 5), new Code("source route failed", "!S", CODE)),
            Map.entry(key(3, 6), new Code("destination network unknown", "!N", "N")),
            Map.entry(key(3, 7), new Code("destination host unknown", "!H", "H")),
            Map.entry(key(3, 8), new Code("source host isolated", "!N", CODE)),
            Map.entry(key(3, 9), new Code("network administratively prohibited", "!X", "A")),
            Map.entry(key(3, 10), new Code("host administratively prohibited", "!X", "A")),
            Map.entry(key(3, 11), new Code("network unreachable for this type of service", "!N", CODE)),
            Map.entry(key(3, 12), new Code("host unreachable for this type of service", "!H", CODE)),
            Map.entry(key(3, 13), new Code("communication administratively prohibited", "!X", "A")),
            Map.entry(key(3, 14), new Code("host precedence violation", "!V", CODE)),
            Map.entry(key(3, 15), new Code("precedence cutoff in effect", "!C", CODE)),
            Map.entry(key(11, 0), new Code("TTL expired in transit", "", null)),
            Map.entry(key(11, 1), new Code("fragment reassembly time exceeded", "!<11-1>", null)),
            Map.entry(key(12, 0), new Code("the pointer shows the bad byte", "!<12-0>", null)),
            Map.entry(key(12, 1), new Code("a required option is missing", "!<12-1>", null)),
            Map.entry(key(12, 2), new Code("bad length", "!<12-2>", null)),
            Map.entry(key(5, 0), new Code("for the network", "!<5-0>", null)),
            Map.entry(key(5, 1), new Code("for the host", "!<5-1>", null)),
            Map.entry(key(5, 2), new Code("for the type of service and network", "!<5-2>", null)),
            Map.entry(key(5, 3), new Code("for the type of service and host", "!<5-3>", null)));

    private static final Map<Integer, Code> V6_CODES = Map.ofEntries(
            Map.entry(key(1, 0), new Code("no route to destination", "!N", "N")),
            Map.entry(key(1, 1), new Code("communication with destination administratively prohibited", "!X", "A")),
            Map.entry(key(1, 2), new Code("beyond scope of source address", "!H", "h")),
            Map.entry(key(1, 3), new Code("address unreachable", "!H", "H")),
            Map.entry(key(1, 4), new Code("port unreachable", "", null)),
            Map.entry(key(1, 5), new Code("source address failed ingress/egress policy", "!<5>", "A")),
            Map.entry(key(1, 6), new Code("reject route to destination", "!<6>", "A")),
            Map.entry(key(3, 0), new Code("hop limit exceeded in transit", "", null)),
            Map.entry(key(3, 1), new Code("fragment reassembly time exceeded", "!<3-1>", null)),
            Map.entry(key(4, 0), new Code("erroneous header field", "!<4-0>", null)),
            Map.entry(key(4, 1), new Code("unrecognized next header", "!<4-1>", null)),
            Map.entry(key(4, 2), new Code("unrecognized IPv6 option", "!<4-2>", null)));

    private static boolean unreachable(boolean v6, int type) { return type == (v6 ? 1 : 3); }

    private static boolean tooBig(boolean v6, int type, int code) { return v6 ? type == 2 : type == 3 && code == 4; }

    private static boolean echoReply(boolean v6, int type) { return type == (v6 ? 129 : 0); }

    private static Code code(boolean v6, int type, int code) { return (v6 ? V6_CODES : V4_CODES).get(key(type, code)); }

    /** "time exceeded", "echo request", …, or "type 200 (unknown)". */
    public static String typeName(boolean v6, int type) {
        String name = (v6 ? V6_TYPES : V4_TYPES).get(type);
        return name != null ? name : "type " + type + " (unknown)";
    }

    /** What the code means for its type, "" where codes carry no meaning (code 0 of echo, packet too big…). */
    public static String codeName(boolean v6, int type, int code) {
        Code c = code(v6, type, code);
        if (c != null) return c.words;
        boolean hasCodes = (v6 ? V6_CODES : V4_CODES).containsKey(key(type, 0));
        if (hasCodes) return "code " + code + " (unknown)";
        return code == 0 ? "" : "code " + code + " (unexpected for this type)";
    }

    /**
     * The code's meaning for a learner, with traceroute's mark: "host unreachable (!H)", and for the two normal answers
     * of a trace who sent them: "port unreachable: the destination itself answered".
     */
    public static String codeWithMark(boolean v6, int type, int code) {
        String words = codeName(v6, type, code), mark = mark(v6, type, code, 0);
        if (unreachable(v6, type) && code == (v6 ? 4 : 3)) return words + ": the destination itself answered";
        if (type == (v6 ? 3 : 11) && code == 0) return words + ": a router on the way";
        if (mark.isEmpty() || mark.startsWith("!<")) return words;
        return words + " (" + (mark.startsWith("!F") ? "!F" : mark) + ")";
    }

    /**
     * traceroute 2.1.2's mark after an answer: "" for the normal ones (time exceeded in transit, echo reply, port
     * unreachable), !N !H !P !S !X !V !C, !F-mtu, !&lt;code&gt; for another unreachable code, !&lt;type-code&gt; for
     * any other error. IPv6 as traceroute -6: !N no route, !X prohibited, !H beyond scope and address unreachable,
     * !&lt;5&gt; !&lt;6&gt; for policy failed and reject route, !F-mtu for packet too big.
     */
    public static String mark(boolean v6, int type, int code, int mtu) {
        if (echoReply(v6, type)) return "";
        if (tooBig(v6, type, code)) return "!F-" + mtu;
        Code c = code(v6, type, code);
        if (c != null) return c.mark;
        return unreachable(v6, type) ? "!<" + code + ">" : "!<" + type + "-" + code + ">";
    }

    /**
     * RIPE Atlas's err for an unreachable: a letter (N, H, A, P; IPv6 h for beyond scope), else the code as an
     * Integer; null for everything that is no error there (time exceeded, echo reply, port unreachable) or is
     * reported as mtu (fragmentation needed, packet too big).
     */
    public static Object atlasErr(boolean v6, int type, int code) {
        if (!unreachable(v6, type) || tooBig(v6, type, code)) return null;
        Code c = code(v6, type, code);
        if (c == null || CODE.equals(c.atlas)) return code;
        return c.atlas;
    }
}
