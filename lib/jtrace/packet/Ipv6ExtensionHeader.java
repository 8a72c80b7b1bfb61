package jtrace.packet;

/**
 * One IPv6 extension header (RFC 8200 §4) between the fixed header and the upper layer: hop-by-hop options (0),
 * routing (43), fragment (44), destination options (60), authentication (51). Each names the next header; its
 * length is in 8-byte units not counting the first 8 (fragment: always 8; authentication: 4-byte units not
 * counting the first 2). A router quotes them in front of our UDP, TCP or ICMPv6 header when a probe carried them.
 *
 * @param type       which extension header this is (the previous header's next-header value)
 * @param nextHeader what follows it
 * @param bytes      the whole header, next-header byte included
 */
public record Ipv6ExtensionHeader(int type, int nextHeader, byte[] bytes) {
    public static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, AUTHENTICATION = 51, DESTINATION_OPTIONS = 60;

    public Ipv6ExtensionHeader {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() { return bytes.clone(); }

    /** Whether {@code next} names an extension header that this codec walks over. */
    public static boolean isExtension(int next) {
        return next == HOP_BY_HOP || next == ROUTING || next == FRAGMENT || next == AUTHENTICATION || next == DESTINATION_OPTIONS;
    }

    /** Reads the extension header of kind {@code type} at {@code off}; a length past the buffer is a {@link MalformedPacketException}. */
    public static Ipv6ExtensionHeader parse(byte[] b, int off, int type) {
        if (!isExtension(type)) throw new MalformedPacketException(Math.max(off, 0), "next header " + type + " is not an IPv6 extension header");
        Bytes.check(b, off, 2);
        int length = lengthOf(type, Bytes.u8(b, off + 1));
        Bytes.check(b, off, length);
        return new Ipv6ExtensionHeader(type, Bytes.u8(b, off), Bytes.slice(b, off, length));
    }

    /** The header's length in bytes from its length byte. */
    static int lengthOf(int type, int lengthByte) {
        return switch (type) {
            case FRAGMENT -> 8;
            case AUTHENTICATION -> (lengthByte + 2) * 4;
            default -> (lengthByte + 1) * 8;
        };
    }

    public int length() { return bytes.length; }

    public String name() { return name(type); }

    public static String name(int type) {
        return switch (type) {
            case HOP_BY_HOP -> "hop-by-hop options";
            case ROUTING -> "routing header";
            case FRAGMENT -> "fragment header";
            case AUTHENTICATION -> "authentication header";
            case DESTINATION_OPTIONS -> "destination options";
            default -> "next header " + type;
        };
    }

    /** Fragment header: where this fragment starts, in bytes. */
    public int fragmentOffset() { return fragmentOffset(bytes, 0); }

    /** Fragment header: whether more fragments follow. */
    public boolean moreFragments() { return moreFragments(bytes, 0); }

    /** Fragment header: the datagram's identification. */
    public long identification() { return identification(bytes, 0); }

    /** Routing header: its routing type and how many segments are left. */
    public int routingType() { return routingType(bytes, 0); }

    public int segmentsLeft() { return segmentsLeft(bytes, 0); }

    // The fields read in place, without allocating or checking bounds: the layout the values above and decode() share.
    public static int nextHeader(byte[] b, int off) { return Bytes.u8(b, off); }
    /** The second byte: the length in 8-byte units beyond the first 8 ({@link #lengthOf} turns it into bytes); reserved in a fragment header. */
    public static int lengthByte(byte[] b, int off) { return Bytes.u8(b, off + 1); }
    /** Fragment header: where this fragment starts, in bytes. */
    public static int fragmentOffset(byte[] b, int off) { return (Bytes.u16(b, off + 2) >>> 3) * 8; }
    public static boolean moreFragments(byte[] b, int off) { return (Bytes.u8(b, off + 3) & 1) != 0; }
    public static long identification(byte[] b, int off) { return Bytes.u32(b, off + 4); }
    /** Routing header: its type (4: segment routing) and the addresses still to visit. */
    public static int routingType(byte[] b, int off) { return Bytes.u8(b, off + 2); }
    public static int segmentsLeft(byte[] b, int off) { return Bytes.u8(b, off + 3); }

    @Override
    public String toString() { return name() + " (" + bytes.length + " bytes), next " + Meanings.protocolName(nextHeader); }

    @Override
    public boolean equals(Object o) { return o instanceof Ipv6ExtensionHeader h && type == h.type && java.util.Arrays.equals(bytes, h.bytes); }

    @Override
    public int hashCode() { return 31 * type + java.util.Arrays.hashCode(bytes); }
}
