package jtrace.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 header (RFC 791), the 20 bytes the original RouteScanner built by hand in {@code make_ip}.
 * Flags: bit 0x2 is Don't Fragment, 0x1 More Fragments. {@code checksum} is the value on the wire.
 */
public record Ipv4Header(int tos, int totalLength, int id, int flags, int fragmentOffset,
                         int ttl, int protocol, int checksum, Inet4Address source, Inet4Address destination,
                         byte[] options) {
    public static final int PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17;
    public static final int MIN_LENGTH = 20;

    /** A header for {@code payloadLength} bytes of {@code protocol}, checksum computed, Don't Fragment clear. */
    public static Ipv4Header of(Inet4Address src, Inet4Address dst, int ttl, int protocol, int id, int payloadLength) {
        Ipv4Header h = new Ipv4Header(0, MIN_LENGTH + payloadLength, id, 0, 0, ttl, protocol, 0, src, dst, new byte[0]);
        return h.withChecksum(Checksum.of(h.encode()));
    }

    public Ipv4Header withChecksum(int c) {
        return new Ipv4Header(tos, totalLength, id, flags, fragmentOffset, ttl, protocol, c, source, destination, options);
    }

    public int headerLength() { return MIN_LENGTH + options.length; }

    /** Whether the stored checksum verifies (the sum over a correct header is zero). */
    public boolean checksumOk() { return Checksum.of(encode()) == 0; }

    public byte[] encode() {
        byte[] b = new byte[headerLength()];
        b[0] = (byte) (0x40 | headerLength() / 4);
        b[1] = (byte) tos;
        Bytes.put16(b, 2, totalLength);
        Bytes.put16(b, 4, id);
        Bytes.put16(b, 6, (flags & 0x7) << 13 | (fragmentOffset & 0x1fff));
        b[8] = (byte) ttl;
        b[9] = (byte) protocol;
        Bytes.put16(b, 10, checksum);
        System.arraycopy(source.getAddress(), 0, b, 12, 4);
        System.arraycopy(destination.getAddress(), 0, b, 16, 4);
        System.arraycopy(options, 0, b, 20, options.length);
        return b;
    }

    // The fields read in place, without allocating or checking bounds: the one IPv4 layout that parse(), the
    // probe matchers (QuoteReader, RawIcmpMatcher) and decode() share.
    /** Where the addresses start, from the start of the header. */
    public static final int SOURCE = 12, DESTINATION = 16;
    public static int version(byte[] b, int off) { return Bytes.u8(b, off) >> 4; }
    /** The IHL in bytes. */
    public static int headerLength(byte[] b, int off) { return (Bytes.u8(b, off) & 0x0f) * 4; }
    public static int tos(byte[] b, int off) { return Bytes.u8(b, off + 1); }
    public static int totalLength(byte[] b, int off) { return Bytes.u16(b, off + 2); }
    public static int id(byte[] b, int off) { return Bytes.u16(b, off + 4); }
    public static int flags(byte[] b, int off) { return Bytes.u16(b, off + 6) >>> 13; }
    public static int fragmentOffset(byte[] b, int off) { return Bytes.u16(b, off + 6) & 0x1fff; }
    public static int ttl(byte[] b, int off) { return Bytes.u8(b, off + 8); }
    public static int protocol(byte[] b, int off) { return Bytes.u8(b, off + 9); }
    public static int checksum(byte[] b, int off) { return Bytes.u16(b, off + 10); }

    /** Reads the header at {@code off}; throws {@link MalformedPacketException} for anything that is not one. */
    public static Ipv4Header parse(byte[] b, int off) {
        if (version(b, off) != 4) throw new MalformedPacketException(off, "IP version " + version(b, off) + ", not 4");
        int ihl = headerLength(b, off);
        if (ihl < MIN_LENGTH) throw new MalformedPacketException(off, "IHL " + ihl + " bytes is below the minimum 20");
        Bytes.check(b, off, ihl);
        return new Ipv4Header(tos(b, off), totalLength(b, off), id(b, off), flags(b, off), fragmentOffset(b, off), ttl(b, off),
                protocol(b, off), checksum(b, off), v4(Bytes.slice(b, off + SOURCE, 4)), v4(Bytes.slice(b, off + DESTINATION, 4)),
                Bytes.slice(b, off + MIN_LENGTH, ihl - MIN_LENGTH));
    }

    /**
     * The checksum of an upper-layer packet (UDP, TCP) over IPv4: the RFC 1071 sum over a pseudo-header —
     * source, destination, a zero byte, the protocol and the upper-layer length — then the packet itself, with
     * its checksum field zero (RFC 768, RFC 9293 §3.1).
     */
    public static int pseudoHeaderChecksum(Inet4Address src, Inet4Address dst, int protocol, byte[] upperLayer) {
        long acc = Checksum.sum(0, src.getAddress(), 0, 4);
        acc = Checksum.sum(acc, dst.getAddress(), 0, 4);
        acc += (protocol & 0xff) + (upperLayer.length & 0xffff);
        return Checksum.finish(Checksum.sum(acc, upperLayer, 0, upperLayer.length));
    }

    static Inet4Address v4(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    @Override
    public String toString() {
        return "IPv4 " + source.getHostAddress() + " > " + destination.getHostAddress() + " ttl " + ttl
                + " proto " + protocol + " len " + totalLength + " id " + id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Header h && java.util.Arrays.equals(encode(), h.encode());
    }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(encode()); }
}
