package jtrace.packet;

import java.net.Inet4Address;

/** A UDP header (RFC 768). The checksum covers a pseudo-header of the IP addresses, protocol and length. */
public record UdpHeader(int sourcePort, int destinationPort, int length, int checksum) {
    public static final int LENGTH = 8;

    /** A UDP datagram's header for {@code payload}, with the IPv4 pseudo-header checksum filled in. */
    public static UdpHeader of(Inet4Address src, Inet4Address dst, int sourcePort, int destinationPort, byte[] payload) {
        UdpHeader h = new UdpHeader(sourcePort, destinationPort, LENGTH + payload.length, 0);
        int c = Ipv4Header.pseudoHeaderChecksum(src, dst, Ipv4Header.PROTO_UDP, Ipv6Header.concat(h.encode(), payload));
        return new UdpHeader(sourcePort, destinationPort, h.length, c == 0 ? 0xffff : c); // 0 means "no checksum"
    }

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Bytes.put16(b, 0, sourcePort);
        Bytes.put16(b, 2, destinationPort);
        Bytes.put16(b, 4, length);
        Bytes.put16(b, 6, checksum);
        return b;
    }

    public static UdpHeader parse(byte[] b, int off) {
        return new UdpHeader(sourcePort(b, off), destinationPort(b, off), length(b, off), checksum(b, off));
    }

    // The header read in place, without allocating or checking bounds: the layout that parse(), the probe
    // matchers (QuoteReader) and decode() share.
    public static int sourcePort(byte[] b, int off) { return Bytes.u16(b, off); }
    public static int destinationPort(byte[] b, int off) { return Bytes.u16(b, off + 2); }
    public static int length(byte[] b, int off) { return Bytes.u16(b, off + 4); }
    public static int checksum(byte[] b, int off) { return Bytes.u16(b, off + 6); }

    @Override
    public String toString() { return "UDP " + sourcePort + " > " + destinationPort + " len " + length; }
}
