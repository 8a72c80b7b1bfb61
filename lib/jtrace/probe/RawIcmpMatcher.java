package jtrace.probe;

import static jtrace.sys.Sockets.AF_INET6;

import java.net.InetAddress;
import java.util.Arrays;

import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.Quote;
import jtrace.packet.QuoteReader;
import jtrace.sys.Message;

/**
 * Finds the answers to our echo requests among every ICMP packet a raw socket sees (a raw socket gets a
 * copy of each one the host receives). Accepts an echo reply carrying our id, or an error whose quoted
 * packet is our echo request to the target. Shared by -I's raw fallback and --raw. Parses in place in one
 * reused buffer; the fields below describe the last match.
 * <ul>
 *   <li>IPv4: the packet starts with the IP header; the sender and TTL come from it; we verify the ICMP checksum
 *       (raw sockets get packets before ICMP checks them).</li>
 *   <li>IPv6: the packet starts with the ICMPv6 header (raw IPv6 sockets never show the IP header); the sender
 *       is msg_name, the hop limit an IPV6_HOPLIMIT control message, and the kernel has verified the checksum
 *       (raw ICMPv6 sockets drop bad ones before recvmsg returns).</li>
 * </ul>
 */
final class RawIcmpMatcher {
    private final byte[] packet = new byte[Message.DATA_CAPACITY];
    private final QuoteReader quote = new QuoteReader();
    private final IpFamily family;
    private final byte[] target;
    private final int echoId;
    private int length;
    /** Where the last matched ICMP message starts and ends in {@link #packet}. */
    private int icmpStart, icmpEnd;

    int seq, type, code, ttl, mtu;
    /** The sender's address bytes (the first {@code fromLength}) and, for IPv6, its scope. */
    final byte[] from = new byte[16];
    int fromLength, fromScope;
    /** An echo reply (it comes from where it was sent to), or an error about a probe to the target. */
    boolean echoReply;

    RawIcmpMatcher(IpFamily family, byte[] target, int echoId) {
        this.family = family;
        this.target = target.clone();
        this.echoId = echoId;
    }

    /** Whether the received packet answers one of our probes; if so the fields are set. */
    boolean match(Message m) {
        int n = m.copyData(packet);
        length = n;
        return family == IpFamily.V4 ? matchV4(n) : matchV6(m, n);
    }

    /** The bytes of the last packet matched: IPv4 from its IP header on, IPv6 from the ICMPv6 header on. */
    byte[] matched() { return Arrays.copyOf(packet, length); }

    /** The Reply for the last match: its destination is the sender for an echo reply, else the target. */
    Reply reply(SocketMethod method, int key, Message m) {
        method.lastReceived = matched();
        InetAddress sender = method.address(from, fromLength, fromScope);
        Reply r = method.reply(key, sender, type, code, m.timestamp(), ttl, echoReply ? sender : method.target, mtu)
                .withQuote(echoReply ? Quote.NONE : quote.quote()).withSize(icmpEnd - icmpStart - IcmpMessage.HEADER_LENGTH);
        if (!method.extensions || echoReply) return r;
        // IPv4 packets come with their IP header (the ICMP message starts after it), IPv6 ones without.
        int at = family == IpFamily.V4 ? Ipv4Header.headerLength(packet, 0) : 0, end = family == IpFamily.V4 ? Ipv4Header.totalLength(packet, 0) : length;
        return jtrace.packet.IcmpExtensions.find(packet, at, end, family == IpFamily.V6).map(r::withExtensions).orElse(r);
    }

    private boolean matchV4(int n) {
        if (n < Ipv4Header.MIN_LENGTH || Ipv4Header.version(packet, 0) != 4) return false;
        int ihl = Ipv4Header.headerLength(packet, 0);
        int end = Ipv4Header.totalLength(packet, 0);
        if (end > n) return false;  // cut short, or lying: the ICMP checksum could not cover the message
        if (ihl < Ipv4Header.MIN_LENGTH || end < ihl + IcmpMessage.HEADER_LENGTH || Ipv4Header.protocol(packet, 0) != Ipv4Header.PROTO_ICMP) return false;
        if (Checksum.of(packet, ihl, end - ihl) != 0) return false;
        System.arraycopy(packet, Ipv4Header.SOURCE, from, 0, 4);
        fromLength = 4;
        fromScope = 0;
        ttl = Ipv4Header.ttl(packet, 0);
        return matchIcmp(ihl, end);
    }

    private boolean matchV6(Message m, int n) {
        if (n < IcmpMessage.HEADER_LENGTH || m.name().family() != AF_INET6) return false;
        fromLength = m.name().copyAddress(from);
        fromScope = m.name().scopeId();
        ttl = m.ttl();
        return matchIcmp(0, n);
    }

    /** The ICMP part from {@code at} to {@code end}: our echo reply, or an error quoting our echo request to the target. */
    private boolean matchIcmp(int at, int end) {
        icmpStart = at;
        icmpEnd = end;
        type = IcmpMessage.type(packet, at);
        code = IcmpMessage.code(packet, at);
        if (type == family.echoReply) {
            if (IcmpMessage.id(packet, at) != echoId) return false;
            seq = IcmpMessage.seq(packet, at);
            echoReply = true;
            mtu = 0;
            return true;
        }
        if (!family.isError(type)) return false;
        // The quoted probe: read by the one quote codec (packet/QuoteReader), in place.
        if (!quote.read(packet, at + IcmpMessage.HEADER_LENGTH, end)) return false;
        int expected = family == IpFamily.V4 ? 4 : 6, echoProtocol = family == IpFamily.V4 ? Ipv4Header.PROTO_ICMP : Ipv6Header.NEXT_ICMPV6;
        if (quote.version != expected || quote.protocol != echoProtocol || !quote.destinationIs(packet, target)) return false;
        if (quote.icmpType != family.echoRequest || quote.echoId != echoId) return false;
        seq = quote.echoSeq;
        echoReply = false;
        mtu = family.mtu(type, code, family == IpFamily.V4 ? IcmpMessage.nextHopMtu(packet, at) : IcmpMessage.rest(packet, at));
        return true;
    }
}
