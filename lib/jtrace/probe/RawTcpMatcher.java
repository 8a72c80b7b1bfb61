package jtrace.probe;

import java.util.Arrays;

import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.Quote;
import jtrace.packet.QuoteReader;
import jtrace.packet.TcpHeader;

/**
 * Finds the answers to our SYNs (raw TCP, {@link RawTcpMethod}) among every packet two raw sockets see: the raw TCP
 * socket gets a copy of every TCP segment the host receives, the raw ICMP socket every ICMP message. Pure: bytes in,
 * yes or no out, no I/O, no allocation per packet; the public fields describe the last match. Headers are read in
 * place by the packet codecs ({@link Ipv4Header}, {@link TcpHeader}, {@link IcmpMessage}), as decode() reads them.
 * Accepts
 * <ul>
 *   <li>an answer: a segment from the target, from its port to our source port, with ACK and SYN or RST and a data
 *       offset that fits, that acknowledges one of our sequence numbers (high 16 bits ours, low 16 the key) — IPv4
 *       addressed to our source;</li>
 *   <li>an error: an ICMP (ICMPv6) error, checksummed (IPv4: raw sockets see packets before ICMP checks them), whose
 *       quote is a TCP segment to the target from our port to its port with one of our sequence numbers — read by the
 *       one quote codec ({@link QuoteReader}).</li>
 * </ul>
 * IPv4 packets start with the IP header (sender and TTL from it); IPv6 ones with the TCP or ICMPv6 header (raw IPv6
 * sockets show no IP header): the sender is msg_name and the hop limit a control message, passed in.
 */
public final class RawTcpMatcher {
    private final QuoteReader quote = new QuoteReader();
    private final boolean v6;
    private final byte[] target, source;
    private final int sourcePort, port;
    private final long sequenceBase;

    /** The last match's key (the low 16 bits of the sequence number it answers or quotes). */
    public int key;
    /** The last match's TTL (hop limit) as it arrived, or -1 when unknown. */
    public int ttl;
    /** A TCP answer's flags; -1 for an ICMP error. */
    public int flags;
    /** An ICMP error's type, code and MTU (frag needed, packet too big; else 0); -1, -1, 0 for an answer. */
    public int type, code, mtu;
    /** Where the ICMP message lies in the packet (for its RFC 4884 extensions): from {@code icmpAt} to {@code icmpEnd}. */
    public int icmpAt, icmpEnd;
    /** The last match's size as RIPE Atlas counts it: the bytes after the TCP header (answer) or the ICMP header (error). */
    public int size;
    /** The sender's address: the first {@code fromLength} bytes (4 or 16). */
    public final byte[] from = new byte[16];
    public int fromLength;

    /**
     * @param target       the address the SYNs go to (4 or 16 bytes: the family)
     * @param source       the address they come from (IPv4 answers must be addressed to it)
     * @param sourcePort   the SYNs' source port
     * @param port         their destination port
     * @param sequenceBase the high 16 bits of every sequence number, as a 32-bit value (low 16 bits zero)
     */
    public RawTcpMatcher(byte[] target, byte[] source, int sourcePort, int port, long sequenceBase) {
        if (target.length != 4 && target.length != 16) throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + target.length);
        this.v6 = target.length == 16;
        this.target = target.clone();
        this.source = source.clone();
        this.sourcePort = sourcePort;
        this.port = port;
        this.sequenceBase = sequenceBase & 0xffff0000L;
    }

    /**
     * Whether the first {@code n} bytes of {@code p}, from the raw TCP socket, are the target's answer to one of our
     * SYNs. For IPv6, {@code sender} (its first {@code senderLength} bytes) and {@code hopLimit} are what recvmsg told.
     */
    public boolean answer(byte[] p, int n, byte[] sender, int senderLength, int hopLimit) {
        if (n < 0 || n > p.length) return false;
        int at = 0;
        if (!v6) {
            at = ipv4(p, n, Ipv4Header.PROTO_TCP);
            if (at < 0 || !Arrays.equals(p, Ipv4Header.DESTINATION, Ipv4Header.DESTINATION + 4, source, 0, 4)) return false;
            n = Ipv4Header.totalLength(p, 0);
        } else if (!sender(sender, senderLength, hopLimit)) {
            return false;
        }
        if (fromLength != target.length || !Arrays.equals(from, 0, fromLength, target, 0, target.length)) return false;
        if (n < at + TcpHeader.MIN_LENGTH) return false;
        int header = TcpHeader.headerLength(p, at);
        if (header < TcpHeader.MIN_LENGTH || at + header > n) return false;  // a data offset no segment has: not TCP
        if (TcpHeader.sourcePort(p, at) != port || TcpHeader.destinationPort(p, at) != sourcePort) return false;
        int f = TcpHeader.flags(p, at);
        if ((f & TcpHeader.ACK) == 0 || (f & (TcpHeader.SYN | TcpHeader.RST)) == 0) return false;
        long acknowledged = (TcpHeader.acknowledgment(p, at) - 1) & 0xffffffffL;  // a SYN counts one: the answer acknowledges seq + 1
        if ((acknowledged & 0xffff0000L) != sequenceBase) return false;
        key = (int) (acknowledged & 0xffff);
        size = n - at - header;
        flags = f;
        type = code = -1;
        mtu = 0;
        icmpAt = icmpEnd = 0;
        return true;
    }

    /**
     * Whether the first {@code n} bytes of {@code p}, from the raw ICMP (ICMPv6) socket, are an error about one of our
     * SYNs. IPv6: {@code sender}, {@code senderLength}, {@code hopLimit} as for {@link #answer}.
     */
    public boolean error(byte[] p, int n, byte[] sender, int senderLength, int hopLimit) {
        if (n < 0 || n > p.length) return false;
        int at = 0, end = n;
        if (!v6) {
            at = ipv4(p, n, Ipv4Header.PROTO_ICMP);
            if (at < 0) return false;
            end = Ipv4Header.totalLength(p, 0);
            if (end < at + IcmpMessage.HEADER_LENGTH || Checksum.of(p, at, end - at) != 0) return false;
        } else if (!sender(sender, senderLength, hopLimit) || fromLength != 16) {
            return false;
        }
        if (end < at + IcmpMessage.HEADER_LENGTH) return false;
        int t = IcmpMessage.type(p, at), c = IcmpMessage.code(p, at);
        if (!(v6 ? IpFamily.V6 : IpFamily.V4).isError(t)) return false;
        if (!quote.read(p, at + IcmpMessage.HEADER_LENGTH, end)) return false;
        if (quote.version != (v6 ? 6 : 4) || quote.protocol != (v6 ? Ipv6Header.NEXT_TCP : Ipv4Header.PROTO_TCP) || !quote.destinationIs(p, target)) return false;
        if (quote.sourcePort != sourcePort || quote.destinationPort != port || (quote.tcpSequence & 0xffff0000L) != sequenceBase) return false;
        key = (int) (quote.tcpSequence & 0xffff);
        flags = -1;
        type = t;
        code = c;
        mtu = (v6 ? IpFamily.V6 : IpFamily.V4).mtu(t, c, v6 ? IcmpMessage.rest(p, at) : IcmpMessage.nextHopMtu(p, at));
        icmpAt = at;
        icmpEnd = end;
        size = end - at - IcmpMessage.HEADER_LENGTH;
        return true;
    }

    /** What the last error quoted of our SYN (IP ID or flow label, ports, sequence number). */
    public Quote quote() { return quote.quote(); }

    /**
     * An IPv4 packet of {@code protocol} whose header and total length fit in {@code n}: sets the sender and TTL and
     * returns where its payload starts, or -1.
     */
    private int ipv4(byte[] p, int n, int protocol) {
        if (n < Ipv4Header.MIN_LENGTH || Ipv4Header.version(p, 0) != 4) return -1;
        int ihl = Ipv4Header.headerLength(p, 0), total = Ipv4Header.totalLength(p, 0);
        if (ihl < Ipv4Header.MIN_LENGTH || total < ihl || total > n) return -1;  // cut short, or lying
        if (Ipv4Header.protocol(p, 0) != protocol) return -1;
        System.arraycopy(p, Ipv4Header.SOURCE, from, 0, 4);
        fromLength = 4;
        ttl = Ipv4Header.ttl(p, 0);
        return ihl;
    }

    private boolean sender(byte[] sender, int senderLength, int hopLimit) {
        if (sender == null || senderLength != 16 || sender.length < 16) return false;
        System.arraycopy(sender, 0, from, 0, 16);
        fromLength = 16;
        ttl = hopLimit;
        return true;
    }
}
