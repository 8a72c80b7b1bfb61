package jtrace.packet;

/** What numbers in headers mean, in words (IANA registries, RFC 792, RFC 4443). */
public final class Meanings {
    private Meanings() {}

    /** Whether {@code type} is an ICMPv4 type a decoder should recognise at the start of bare bytes. */
    static boolean isIcmpType(int type) {
        return type == 0 || type == 3 || type == 4 || type == 5 || type == 8 || type == 11 || type == 12 || type == 13 || type == 14;
    }

    public static String protocolName(int protocol) {
        return switch (protocol) {
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 41 -> "IPv6";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 58 -> "ICMPv6";
            case 132 -> "SCTP";
            default -> "protocol " + protocol;
        };
    }

    static String protocol(int protocol) {
        return switch (protocol) {
            case 0 -> "hop-by-hop options header";
            case 43 -> "routing header";
            case 44 -> "fragment header";
            case 51 -> "authentication header";
            case 60 -> "destination options header";
            default -> protocolName(protocol);
        };
    }

    /** The differentiated services code point, with the names of the common ones. */
    static String dscp(int dscp) {
        return "DSCP " + dscp + switch (dscp) {
            case 0 -> "";
            case 46 -> " (EF, expedited forwarding)";
            case 48 -> " (CS6, network control: Linux sends its ICMP errors so)";
            case 56 -> " (CS7)";
            default -> dscp % 8 == 0 ? " (CS" + dscp / 8 + ")" : "";
        };
    }

    static String ipv4Flags(int flags) {
        if ((flags & 4) != 0) return "reserved bit set: should be 0";
        if ((flags & 2) != 0) return (flags & 1) != 0 ? "don't fragment and more fragments: contradictory" : "don't fragment";
        return (flags & 1) != 0 ? "more fragments follow" : "none: routers may fragment it";
    }

    // ICMP's types and codes live in one table, IcmpMeanings, with traceroute's marks beside them.

    public static String icmpType(int type) { return IcmpMeanings.typeName(false, type); }

    public static String icmpCode(int type, int code) { return IcmpMeanings.codeWithMark(false, type, code); }

    public static String icmp6Type(int type) { return IcmpMeanings.typeName(true, type); }

    public static String icmp6Code(int type, int code) { return IcmpMeanings.codeWithMark(true, type, code); }

    static String port(int port) {
        if (port >= 33434 && port <= 33534) return "traceroute's probe ports start at 33434";
        return switch (port) {
            case 53 -> "DNS";
            case 123 -> "NTP";
            default -> "";
        };
    }

    static String tcpPort(int port) {
        return switch (port) {
            case 22 -> "SSH";
            case 25 -> "SMTP";
            case 53 -> "DNS";
            case 80 -> "HTTP: traceroute -T's default, and what firewalls let through";
            case 443 -> "HTTPS";
            default -> "";
        };
    }

    /** The bytes as text, dots for what is not printable ASCII; at most 32 characters. */
    static String text(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < to && i < from + 32; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return s.append(to - from > 32 ? "\"..." : "\"").toString();
    }
}
