package jtrace.packet;

/**
 * Reads, in place and without allocating, what an ICMP or ICMPv6 error quotes of the packet that caused it: its IP
 * header (IPv4: identification, TTL, protocol, destination; IPv6: flow label, next header, hop limit, destination)
 * and the first 8 bytes of its transport header (UDP: ports and checksum; TCP: ports and sequence number; ICMP and
 * ICMPv6: type, code, checksum, echo id and sequence) — RFC 792 promises those 8 bytes, no more. One reader per socket, reused for every packet;
 * its fields describe the last successful {@link #read}. The fields are read by the header codecs' in-place readers
 * ({@link Ipv4Header#ttl(byte[], int)}…), the same decode() reads. The raw-socket matchers identify probes with it; Paris
 * and NAT detection read the checksum, IP ID and flow label it keeps ({@link #quote()}).
 */
public final class QuoteReader {
    /** IP version of the quoted packet: 4 or 6. */
    public int version;
    /** IPv4 identification, or -1 for IPv6. */
    public int ipId;
    /** IPv6 flow label, or -1 for IPv4. */
    public int flowLabel;
    /** The TTL (hop limit) the probe had left where the error was made. */
    public int ttl;
    /** IPv4 protocol or IPv6 next header: 17 UDP, 1 ICMP, 58 ICMPv6. */
    public int protocol;
    /** Where the quoted destination address starts in the array, and its length (4 or 16). */
    public int destination, addressLength;
    /** Where the quoted transport header starts in the array. */
    public int transport;
    /** UDP and TCP: ports; -1 for ICMP. */
    public int sourcePort, destinationPort;
    /** TCP: the sequence number (32 bits); -1 for UDP and ICMP. */
    public long tcpSequence;
    /** The UDP or ICMP checksum as quoted; TCP's only if the quote reaches it (past the 8 bytes promised), else -1. */
    public int checksum;
    /** ICMP and ICMPv6: type and code of the quoted message, echo id and sequence; -1 for UDP. */
    public int icmpType, icmpCode, echoId, echoSeq;

    /**
     * Reads the quoted packet in {@code b} from {@code off} to {@code end}: an IPv4 header (IHL at least 5) or the
     * fixed IPv6 header (no extension headers: probes carry none), then 8 bytes of transport header. False if the
     * bytes are too few or not such a packet; the fields are then undefined.
     */
    public boolean read(byte[] b, int off, int end) {
        if (off < 0 || end > b.length || end - off < 1) return false;
        version = Ipv4Header.version(b, off);
        if (version == 4) {
            int ihl = Ipv4Header.headerLength(b, off);
            if (ihl < Ipv4Header.MIN_LENGTH || end - off < Ipv4Header.MIN_LENGTH) return false;
            ipId = Ipv4Header.id(b, off);
            flowLabel = -1;
            ttl = Ipv4Header.ttl(b, off);
            protocol = Ipv4Header.protocol(b, off);
            destination = off + Ipv4Header.DESTINATION;
            addressLength = 4;
            transport = off + ihl;
        } else if (version == 6) {
            if (end - off < Ipv6Header.LENGTH) return false;
            ipId = -1;
            flowLabel = Ipv6Header.flowLabel(b, off);
            protocol = Ipv6Header.nextHeader(b, off);
            ttl = Ipv6Header.hopLimit(b, off);
            destination = off + Ipv6Header.DESTINATION;
            addressLength = 16;
            transport = off + Ipv6Header.LENGTH;
        } else {
            return false;
        }
        if (end < transport + 8) return false;
        if (protocol == Ipv4Header.PROTO_UDP) {
            sourcePort = UdpHeader.sourcePort(b, transport);
            destinationPort = UdpHeader.destinationPort(b, transport);
            checksum = UdpHeader.checksum(b, transport);
            tcpSequence = -1;
            icmpType = icmpCode = echoId = echoSeq = -1;
        } else if (protocol == Ipv4Header.PROTO_TCP) {
            sourcePort = TcpHeader.sourcePort(b, transport);
            destinationPort = TcpHeader.destinationPort(b, transport);
            tcpSequence = TcpHeader.sequence(b, transport);
            checksum = end >= transport + 18 ? TcpHeader.checksum(b, transport) : -1;
            icmpType = icmpCode = echoId = echoSeq = -1;
        } else {
            tcpSequence = -1;
            sourcePort = destinationPort = -1;
            icmpType = IcmpMessage.type(b, transport);
            icmpCode = IcmpMessage.code(b, transport);
            checksum = IcmpMessage.checksum(b, transport);
            echoId = IcmpMessage.id(b, transport);
            echoSeq = IcmpMessage.seq(b, transport);
        }
        return true;
    }

    /** Whether the quoted destination is {@code address} (4 or 16 bytes). */
    public boolean destinationIs(byte[] b, byte[] address) {
        if (address.length != addressLength) return false;
        for (int i = 0; i < addressLength; i++) if (b[destination + i] != address[i]) return false;
        return true;
    }

    /** The last read as a value, for a Reply. */
    public Quote quote() {
        return new Quote(ipId, flowLabel, sourcePort, destinationPort, checksum, echoId, echoSeq, tcpSequence, ttl);
    }
}
