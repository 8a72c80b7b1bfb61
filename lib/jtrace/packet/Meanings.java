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

    public static String icmpType(int type) {
        return switch (type) {
            case 0 -> "echo reply";
            case 3 -> "destination unreachable";
            case 4 -> "source quench (deprecated)";
            case 5 -> "redirect";
            case 8 -> "echo request";
            case 9 -> "router advertisement";
            case 10 -> "router solicitation";
            case 11 -> "time exceeded";
            case 12 -> "parameter problem";
            case 13 -> "timestamp request";
            case 14 -> "timestamp reply";
            default -> "type " + type + " (unknown)";
        };
    }

    public static String icmpCode(int type, int code) {
        return switch (type) {
            case 3 -> switch (code) {
                case 0 -> "network unreachable (!N)";
                case 1 -> "host unreachable (!H)";
                case 2 -> "protocol unreachable (!P)";
                case 3 -> "port unreachable: the destination itself answered";
                case 4 -> "fragmentation needed but don't fragment set (!F)";
                case 5 -> "source route failed (!S)";
                case 6 -> "destination network unknown";
                case 7 -> "destination host unknown";
                case 8 -> "source host isolated";
                case 9 -> "network administratively prohibited";
                case 10 -> "host administratively prohibited";
                case 11 -> "network unreachable for this type of service";
                case 12 -> "host unreachable for this type of service";
                case 13 -> "communication administratively prohibited (!X)";
                case 14 -> "host precedence violation";
                case 15 -> "precedence cutoff in effect";
                default -> "code " + code + " (unknown)";
            };
            case 11 -> switch (code) {
                case 0 -> "TTL expired in transit: a router on the way";
                case 1 -> "fragment reassembly time exceeded";
                default -> "code " + code + " (unknown)";
            };
            case 12 -> switch (code) {
                case 0 -> "the pointer shows the bad byte";
                case 1 -> "a required option is missing";
                case 2 -> "bad length";
                default -> "code " + code + " (unknown)";
            };
            case 5 -> switch (code) {
                case 0 -> "for the network";
                case 1 -> "for the host";
                case 2 -> "for the type of service and network";
                case 3 -> "for the type of service and host";
                default -> "code " + code + " (unknown)";
            };
            default -> code == 0 ? "" : "code " + code + " (unexpected for this type)";
        };
    }

    public static String icmp6Type(int type) {
        return switch (type) {
            case 1 -> "destination unreachable";
            case 2 -> "packet too big";
            case 3 -> "time exceeded";
            case 4 -> "parameter problem";
            case 128 -> "echo request";
            case 129 -> "echo reply";
            case 133 -> "router solicitation";
            case 134 -> "router advertisement";
            case 135 -> "neighbor solicitation";
            case 136 -> "neighbor advertisement";
            case 137 -> "redirect";
            default -> "type " + type + " (unknown)";
        };
    }

    public static String icmp6Code(int type, int code) {
        return switch (type) {
            case 1 -> switch (code) {
                case 0 -> "no route to destination (!N)";
                case 1 -> "communication administratively prohibited (!X)";
                case 2 -> "beyond scope of source address (!S)";
                case 3 -> "address unreachable (!H)";
                case 4 -> "port unreachable: the destination itself answered";
                case 5 -> "source address failed ingress/egress policy (!X)";
                case 6 -> "reject route to destination (!X)";
                default -> "code " + code + " (unknown)";
            };
            case 3 -> switch (code) {
                case 0 -> "hop limit exceeded in transit: a router on the way";
                case 1 -> "fragment reassembly time exceeded";
                default -> "code " + code + " (unknown)";
            };
            case 4 -> switch (code) {
                case 0 -> "erroneous header field";
                case 1 -> "unrecognized next header";
                case 2 -> "unrecognized IPv6 option";
                default -> "code " + code + " (unknown)";
            };
            default -> code == 0 ? "" : "code " + code + " (unexpected for this type)";
        };
    }

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
