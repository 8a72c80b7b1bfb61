package jtrace.packet;

/**
 * What an ICMP error quoted of the probe that caused it, as read by {@link QuoteReader}: the fields that identify a
 * probe and its flow, and that show what a router or NAT changed on the way. -1 where the quote did not have it
 * (IPv4 has no flow label, IPv6 no IP ID; UDP has no echo id) or where the socket gave no quote at all.
 *
 * @param ipId            IPv4 identification of the probe as quoted
 * @param flowLabel       IPv6 flow label as quoted
 * @param sourcePort      UDP or TCP source port
 * @param destinationPort UDP or TCP destination port
 * @param checksum        the UDP or ICMP checksum as quoted (a NAT that rewrote the probe shows here)
 * @param echoId          ICMP echo identifier
 * @param echoSeq         ICMP echo sequence number
 * @param tcpSequence     TCP sequence number (32 bits)
 * @param ttl             the TTL (hop limit) the probe had left when it reached the router that quoted it: 1 where it
 *                        ran out; more where a tunnel (MPLS) did not count its hops, or at the destination for a probe
 *                        sent past it (RIPE Atlas's "ittl")
 */
public record Quote(int ipId, int flowLabel, int sourcePort, int destinationPort, int checksum, int echoId, int echoSeq,
                    long tcpSequence, int ttl) {
    /** No quote: an echo reply, or a socket that hands over no quoted bytes. */
    public static final Quote NONE = new Quote(-1, -1, -1, -1, -1, -1, -1, -1);

    /** A quote whose IP header the socket did not show (its TTL unknown). */
    public Quote(int ipId, int flowLabel, int sourcePort, int destinationPort, int checksum, int echoId, int echoSeq, long tcpSequence) {
        this(ipId, flowLabel, sourcePort, destinationPort, checksum, echoId, echoSeq, tcpSequence, -1);
    }

    /** What a UDP socket's error queue tells of the quote: the destination port (msg_name), nothing else. */
    public static Quote udpPort(int destinationPort) { return new Quote(-1, -1, -1, destinationPort, -1, -1, -1, -1); }

    /** What a ping socket's error queue shows of the quote: the echo header's checksum, id and sequence. */
    public static Quote echo(int checksum, int echoId, int echoSeq) { return new Quote(-1, -1, -1, -1, checksum, echoId, echoSeq, -1); }
}
