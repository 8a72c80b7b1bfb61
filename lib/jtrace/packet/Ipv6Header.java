package jtrace.packet;

import java.net.Inet6Address;
import java.net.UnknownHostException;

/**
 * The fixed 40-byte IPv6 header (RFC 8200 §3). Unlike IPv4 it has no checksum, no options (extension
 * headers follow it, named by {@code nextHeader}) and no fragment fields; the TTL is called hop limit.
 * <pre>
 *  0: version 6 (4 bits) | traffic class (8) | flow label (20)
 *  4: payload length (16) | next header (8) | hop limit (8)
 *  8: source address (16 bytes)
 * 24: destination address (16 bytes)
 * </pre>
 */
public record Ipv6Header(int trafficClass, int flowLabel, int payloadLength, int nextHeader, int hopLimit,
                         Inet6Address source, Inet6Address destination) {
    public static final int LENGTH = 40;
    /** Next-header values (the same numbers as IPv4's protocol field, plus ICMPv6). */
    public static final int NEXT_TCP = 6, NEXT_UDP = 17, NEXT_ICMPV6 = 58;

    /** A header for {@code payloadLength} bytes of {@code nextHeader}: traffic class and flow label 0. */
    public static Ipv6Header of(Inet6Address src, Inet6Address dst, int hopLimit, int nextHeader, int payloadLength) {
        return new Ipv6Header(0, 0, payloadLength, nextHeader, hopLimit, src, dst);
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Bytes.put32(b, 0, 6L << 28 | (long) (trafficClass & 0xff) << 20 | (flowLabel & 0xfffff));
        Bytes.put16(b, 4, payloadLength);
        b[6] = (byte) nextHeader;
        b[7] = (byte) hopLimit;
        System.arraycopy(source.getAddress(), 0, b, 8, 16);
        System.arraycopy(destination.getAddress(), 0, b, 24, 16);
        return b;
    }

    /** Reads the header at {@code off}; throws {@link MalformedPacketException} for anything that is not one. */
    public static Ipv6Header parse(byte[] b, int off) {
        if (Ipv4Header.version(b, off) != 6) throw new MalformedPacketException(off, "IP version " + Ipv4Header.version(b, off) + ", not 6");
        Bytes.check(b, off, LENGTH);
        return new Ipv6Header(trafficClass(b, off), flowLabel(b, off), payloadLength(b, off), nextHeader(b, off), hopLimit(b, off),
                v6(Bytes.slice(b, off + SOURCE, 16)), v6(Bytes.slice(b, off + DESTINATION, 16)));
    }

    // The fields read in place, without allocating or checking bounds: the one IPv6 layout that parse(), the
    // probe matchers (QuoteReader) and decode() share. The version is where IPv4 has it (Ipv4Header.version).
    /** Where the addresses start, from the start of the header. */
    public static final int SOURCE = 8, DESTINATION = 24;
    public static int trafficClass(byte[] b, int off) { return (int) (Bytes.u32(b, off) >>> 20) & 0xff; }
    public static int flowLabel(byte[] b, int off) { return (int) Bytes.u32(b, off) & 0xfffff; }
    public static int payloadLength(byte[] b, int off) { return Bytes.u16(b, off + 4); }
    public static int nextHeader(byte[] b, int off) { return Bytes.u8(b, off + 6); }
    public static int hopLimit(byte[] b, int off) { return Bytes.u8(b, off + 7); }

    /**
     * The checksum of an upper-layer packet (UDP, ICMPv6, TCP) over IPv6 (RFC 8200 §8.1): the RFC 1071 sum
     * over a pseudo-header — source, destination, the upper-layer length as 32 bits, three zero bytes and the
     * next header — followed by the packet itself, with its checksum field zero.
     */
    public static int pseudoHeaderChecksum(Inet6Address src, Inet6Address dst, int nextHeader, byte[] upperLayer) {
        long acc = Checksum.sum(0, src.getAddress(), 0, 16);
        acc = Checksum.sum(acc, dst.getAddress(), 0, 16);
        acc += (upperLayer.length >>> 16) + (upperLayer.length & 0xffff);  // the 32-bit length, as two words
        acc += nextHeader & 0xff;
        return Checksum.finish(Checksum.sum(acc, upperLayer, 0, upperLayer.length));
    }

    /** A UDP header for {@code payload} over IPv6; the checksum is mandatory here, and a computed 0 is sent as 0xffff. */
    public static UdpHeader udp(Inet6Address src, Inet6Address dst, int sourcePort, int destinationPort, byte[] payload) {
        UdpHeader h = new UdpHeader(sourcePort, destinationPort, UdpHeader.LENGTH + payload.length, 0);
        int c = pseudoHeaderChecksum(src, dst, NEXT_UDP, concat(h.encode(), payload));
        return new UdpHeader(sourcePort, destinationPort, h.length(), c == 0 ? 0xffff : c);
    }

    /** Whether a UDP datagram's checksum verifies over IPv6 (0 means "none", which IPv6 does not allow). */
    public static boolean udpChecksumOk(Inet6Address src, Inet6Address dst, UdpHeader header, byte[] payload) {
        return header.checksum() != 0 && pseudoHeaderChecksum(src, dst, NEXT_UDP, concat(header.encode(), payload)) == 0;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sixteen bytes as an Inet6Address — also the IPv4-mapped ones, which InetAddress.getByAddress would turn into IPv4. */
    static Inet6Address v6(byte[] sixteen) {
        try {
            return Inet6Address.getByAddress(null, sixteen, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    @Override
    public String toString() {
        return "IPv6 " + source.getHostAddress() + " > " + destination.getHostAddress() + " hlim " + hopLimit
                + " next " + nextHeader + " len " + payloadLength
                + (trafficClass != 0 ? " tc " + trafficClass : "") + (flowLabel != 0 ? " flow " + flowLabel : "");
    }
}
