package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.net.Inet6Address;
import java.net.InetAddress;

import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;

/**
 * Everything the probe methods do differently for IPv4 and IPv6, in one place: socket levels and option
 * numbers, header size, ICMP numbering, and how the kernel reports an error. The methods themselves are
 * written once, in terms of these.
 */
enum IpFamily {
    V4("IPv4", AF_INET, SOL_IP, IP_TTL, IP_RECVERR, IP_RECVTTL, IP_RECVERR_RFC4884, IPPROTO_ICMP, SO_EE_ORIGIN_ICMP,
            Ipv4Header.MIN_LENGTH, IcmpMessage.ECHO_REQUEST, IcmpMessage.ECHO_REPLY),
    V6("IPv6", AF_INET6, SOL_IPV6, IPV6_UNICAST_HOPS, IPV6_RECVERR, IPV6_RECVHOPLIMIT, IPV6_RECVERR_RFC4884, IPPROTO_ICMPV6, SO_EE_ORIGIN_ICMP6,
            Ipv6Header.LENGTH, Icmpv6Message.ECHO_REQUEST, Icmpv6Message.ECHO_REPLY);

    final String label;
    /** AF_INET or AF_INET6. */
    final int domain;
    /** SOL_IP or SOL_IPV6: the level of the options below. */
    final int level;
    /** IP_TTL or IPV6_UNICAST_HOPS: the TTL (hop limit) of the next sends. */
    final int hopLimitOption;
    /** IP_RECVERR or IPV6_RECVERR: ICMP errors about our packets on the error queue. */
    final int recvErrOption;
    /** IP_RECVTTL or IPV6_RECVHOPLIMIT: the reply's TTL (hop limit) with every message. */
    final int recvHopLimitOption;
    /** IP_RECVERR_RFC4884 or IPV6_RECVERR_RFC4884: the kernel locates ICMP extensions for us (-e). */
    final int rfc4884Option;
    final int icmpProtocol;
    /** ee_origin of an ICMP error from the network: SO_EE_ORIGIN_ICMP or SO_EE_ORIGIN_ICMP6. */
    final int errorOrigin;
    /** Bytes of IP header in front of every probe (20, 40): packet length minus this is what we send. */
    final int headerLength;
    final int echoRequest, echoReply;

    IpFamily(String label, int domain, int level, int hopLimitOption, int recvErrOption, int recvHopLimitOption, int rfc4884Option,
             int icmpProtocol, int errorOrigin, int headerLength, int echoRequest, int echoReply) {
        this.label = label;
        this.domain = domain;
        this.level = level;
        this.hopLimitOption = hopLimitOption;
        this.recvErrOption = recvErrOption;
        this.recvHopLimitOption = recvHopLimitOption;
        this.rfc4884Option = rfc4884Option;
        this.icmpProtocol = icmpProtocol;
        this.errorOrigin = errorOrigin;
        this.headerLength = headerLength;
        this.echoRequest = echoRequest;
        this.echoReply = echoReply;
    }

    static IpFamily of(InetAddress address) { return address instanceof Inet6Address ? V6 : V4; }

    /** The ICMP errors that answer a probe: unreachable, time exceeded, parameter problem (and v6's packet too big). */
    boolean isError(int icmpType) {
        return switch (this) {
            case V4 -> icmpType == IcmpMessage.DEST_UNREACHABLE || icmpType == IcmpMessage.TIME_EXCEEDED
                    || icmpType == IcmpMessage.PARAMETER_PROBLEM;
            case V6 -> icmpType >= Icmpv6Message.DEST_UNREACHABLE && icmpType <= Icmpv6Message.PARAMETER_PROBLEM;
        };
    }

    /** The next-hop MTU an error carries: v4 "fragmentation needed" (3/4), v6 "packet too big" (2); else 0. */
    int mtu(int icmpType, int code, long info) {
        boolean tooBig = switch (this) {
            case V4 -> icmpType == IcmpMessage.DEST_UNREACHABLE && code == 4;
            case V6 -> icmpType == Icmpv6Message.PACKET_TOO_BIG;
        };
        return tooBig ? (int) Math.min(info, Integer.MAX_VALUE) : 0;
    }

    /** An echo request as a datagram or raw ICMP socket takes it; for ICMPv6 the kernel fills the checksum in. */
    byte[] echo(int id, int seq, byte[] payload) {
        return switch (this) {
            case V4 -> IcmpMessage.echoRequest(id, seq, payload).encode();
            case V6 -> Icmpv6Message.echoRequest(id, seq, payload).encode();
        };
    }

    /** "socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6)", for error messages. */
    String describe(int type, int protocol) {
        String t = type == SOCK_RAW ? "SOCK_RAW" : "SOCK_DGRAM";
        String p = switch (protocol) {
            case IPPROTO_ICMP -> "IPPROTO_ICMP";
            case IPPROTO_ICMPV6 -> "IPPROTO_ICMPV6";
            case IPPROTO_UDP -> "IPPROTO_UDP";
            default -> String.valueOf(protocol);
        };
        return "socket(" + (this == V4 ? "AF_INET" : "AF_INET6") + ", " + t + ", " + p + ")";
    }

    @Override
    public String toString() { return label; }
}
