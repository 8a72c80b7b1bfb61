package jtrace.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Paris traceroute's probes (Augustin et al., IMC 2006): every probe of a trace belongs to one flow, so a load
 * balancer, which hashes the addresses and the first bytes of the transport header, sends them all the same way,
 * while each probe still says which one it is.
 *
 * <ul>
 * <li>UDP: addresses and ports never move; the probe's id is the UDP checksum. The first two payload bytes
 * compensate, so the datagram still verifies: with payload word X the checksum would be C; swap them (payload
 * word C, checksum X) and the sum still comes out right. A kernel that computes the checksum itself (a plain
 * UDP socket) computes X from that payload. The quoted payload alone also gives the id back: {@link #udpId}.
 * <li>ICMP echo: type, code, id and checksum never move; the sequence number says which probe it is, and the
 * first two payload bytes compensate for it ({@code ~seq}, so {@code seq + ~seq} is the same for every probe).
 * </ul>
 * IPv4 and IPv6 alike: the pseudo-header is the flow's, so it is the same for every probe.
 */
public final class Paris {
    private Paris() {}

    /** Probe ids a checksum can carry: 0 means "no checksum" in UDP over IPv4, and 0xffff is sent as 0. */
    public static final int MIN_ID = 1, MAX_ID = 0xfffe;
    /** Payload bytes the compensation takes: the first two. */
    public static final int COMPENSATION = 2;

    /**
     * The payload ({@code length} ≥ 2 bytes, traceroute's filler after the first two) of the UDP datagram
     * {@code src:sourcePort → dst:destinationPort} whose checksum is {@code id}.
     */
    public static byte[] udpPayload(InetAddress src, InetAddress dst, int sourcePort, int destinationPort, int id, int length) {
        checkId(id);
        if (length < COMPENSATION) throw new IllegalArgumentException("a Paris UDP payload needs at least 2 bytes, not " + length);
        byte[] payload = Bytes.filler(length);
        Bytes.put16(payload, 0, id);
        int c = udpChecksum(src, dst, sourcePort, destinationPort, payload);
        Bytes.put16(payload, 0, c);  // the swap: the payload takes the checksum, the checksum field takes the id
        return payload;
    }

    /** The UDP header that goes with {@link #udpPayload}: the flow's ports, checksum {@code id}. */
    public static UdpHeader udpHeader(int sourcePort, int destinationPort, int id, int payloadLength) {
        checkId(id);
        return new UdpHeader(sourcePort, destinationPort, UdpHeader.LENGTH + payloadLength, id);
    }

    /**
     * The id of a Paris UDP probe from its payload (what a router quoted, or what the kernel's error queue
     * hands back): the checksum that datagram carries.
     */
    public static int udpId(InetAddress src, InetAddress dst, int sourcePort, int destinationPort, byte[] payload) {
        return udpChecksum(src, dst, sourcePort, destinationPort, payload);
    }

    /**
     * The checksum the datagram would carry complete: its own field if that verifies; otherwise the field read as the
     * pseudo-header's partial sum that a sender whose network card computes checksums leaves there (Linux veth, until
     * a device completes it), completed over the header and payload. A quote of one probe then reads the same whether
     * the router saw it before or after something completed its checksum, while a NAT's rewrite still shows.
     */
    public static int udpCompleteChecksum(InetAddress src, InetAddress dst, UdpHeader header, byte[] payload) {
        if (udpVerifies(src, dst, header, payload)) return header.checksum();
        UdpHeader unsummed = new UdpHeader(header.sourcePort(), header.destinationPort(), header.length(), 0);
        long acc = Checksum.sum(header.checksum(), unsummed.encode(), 0, UdpHeader.LENGTH);
        return Checksum.finish(Checksum.sum(acc, payload, 0, payload.length));
    }

    /** Whether the datagram's checksum verifies, over IPv4 or IPv6 (a zero checksum means "none": not ours). */
    public static boolean udpVerifies(InetAddress src, InetAddress dst, UdpHeader header, byte[] payload) {
        if (header.checksum() == 0) return false;
        if (src instanceof Inet6Address s6 && dst instanceof Inet6Address d6) return Ipv6Header.udpChecksumOk(s6, d6, header, payload);
        long acc = Checksum.sum(0, src.getAddress(), 0, 4);
        acc = Checksum.sum(acc, dst.getAddress(), 0, 4);
        acc += Ipv4Header.PROTO_UDP + header.length();
        acc = Checksum.sum(acc, header.encode(), 0, UdpHeader.LENGTH);
        return Checksum.finish(Checksum.sum(acc, payload, 0, payload.length)) == 0;
    }

    /**
     * The payload ({@code length} ≥ 2 bytes) of ICMP echo request {@code seq}: its first word {@code ~seq}
     * makes the echo's checksum the same whatever the sequence, over IPv4 and IPv6.
     */
    public static byte[] echoPayload(int seq, int length) { return echoPayload(seq, 0, length); }

    /**
     * The same on flow {@code flow}: the first word is {@code ~seq + flow} (ones' complement), so the checksum is
     * one per flow, another for another flow (what a balancer hashing the ICMP header sees).
     */
    public static byte[] echoPayload(int seq, int flow, int length) {
        if (length < COMPENSATION) throw new IllegalArgumentException("a Paris echo payload needs at least 2 bytes, not " + length);
        byte[] payload = Bytes.filler(length);
        int word = (~seq & 0xffff) + (flow & 0xffff);
        Bytes.put16(payload, 0, (word & 0xffff) + (word >>> 16));  // end-around carry
        return payload;
    }

    /** An ICMP echo request (IPv4) that keeps the flow's checksum: {@link IcmpMessage#echoRequest} with {@link #echoPayload}. */
    public static IcmpMessage echoRequest(int id, int seq, int payloadLength) {
        return IcmpMessage.echoRequest(id, seq, echoPayload(seq, payloadLength));
    }

    /** The same over IPv6, its checksum computed over the pseudo-header of {@code src → dst}. */
    public static Icmpv6Message echoRequest6(Inet6Address src, Inet6Address dst, int id, int seq, int payloadLength) {
        return Icmpv6Message.echoRequest(src, dst, id, seq, echoPayload(seq, payloadLength));
    }

    /** The checksum a UDP datagram carries (0 computed is sent as 0xffff), IPv4 or IPv6. */
    static int udpChecksum(InetAddress src, InetAddress dst, int sourcePort, int destinationPort, byte[] payload) {
        if (src instanceof Inet4Address s4 && dst instanceof Inet4Address d4)
            return UdpHeader.of(s4, d4, sourcePort, destinationPort, payload).checksum();
        if (src instanceof Inet6Address s6 && dst instanceof Inet6Address d6)
            return Ipv6Header.udp(s6, d6, sourcePort, destinationPort, payload).checksum();
        throw new IllegalArgumentException("source " + src + " and destination " + dst + " are not of one family");
    }

    private static void checkId(int id) {
        if (id < MIN_ID || id > MAX_ID) throw new IllegalArgumentException("a Paris probe id is " + MIN_ID + ".." + MAX_ID + ", not " + id);
    }
}
