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
        return new UdpHeader(Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u16(b, off + 4), Bytes.u16(b, off + 6));
    }

    @Override
    public String toString() { return "UDP " + sourcePort + " > " + destinationPort + " len " + length; }
}
