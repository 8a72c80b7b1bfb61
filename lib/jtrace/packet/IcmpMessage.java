package jtrace.packet;

import java.util.Arrays;

/**
 * An ICMP (RFC 792) or ICMPv6 (RFC 4443) message: type, code, checksum, the 4-byte "rest of header"
 * (echo id and sequence, or unused, or the next-hop MTU) and the body — for errors, the quoted original packet.
 */
public record IcmpMessage(int type, int code, int checksum, long rest, byte[] body) {
    public static final int ECHO_REPLY = 0, DEST_UNREACHABLE = 3, ECHO_REQUEST = 8, TIME_EXCEEDED = 11,
            PARAMETER_PROBLEM = 12;
    public static final int HEADER_LENGTH = 8;

    /** An ICMP echo request with its checksum filled in: the original design's {@code make_icmp_echo_request}. */
    public static IcmpMessage echoRequest(int id, int seq, byte[] payload) {
        IcmpMessage m = new IcmpMessage(ECHO_REQUEST, 0, 0, (long) (id & 0xffff) << 16 | (seq & 0xffff), payload.clone());
        return m.withChecksum(Checksum.of(m.encode()));
    }

    public IcmpMessage withChecksum(int c) { return new IcmpMessage(type, code, c, rest, body); }

    /** Echo identifier (upper half of the rest-of-header word). */
    public int id() { return (int) (rest >>> 16) & 0xffff; }

    /** Echo sequence number (lower half). */
    public int seq() { return (int) rest & 0xffff; }

    /** Whether the body is a quoted original datagram (errors), not data. */
    public boolean isError() { return type == DEST_UNREACHABLE || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM; }

    /** Whether the checksum verifies over the whole message (ICMPv4; ICMPv6 also needs the pseudo-header). */
    public boolean checksumOk() { return Checksum.of(encode()) == 0; }

    public byte[] encode() {
        byte[] b = new byte[HEADER_LENGTH + body.length];
        b[0] = (byte) type;
        b[1] = (byte) code;
        Bytes.put16(b, 2, checksum);
        Bytes.put32(b, 4, rest);
        System.arraycopy(body, 0, b, HEADER_LENGTH, body.length);
        return b;
    }

    /** Reads an ICMP message from {@code off} to {@code end}; the body is whatever follows the 8-byte header. */
    public static IcmpMessage parse(byte[] b, int off, int end) {
        Bytes.check(b, off, HEADER_LENGTH);
        if (end > b.length || end < off + HEADER_LENGTH) throw new MalformedPacketException(off, "ICMP message shorter than its 8-byte header");
        return new IcmpMessage(type(b, off), code(b, off), checksum(b, off), rest(b, off), Arrays.copyOfRange(b, off + HEADER_LENGTH, end));
    }

    // The header read in place, without allocating or checking bounds: the one ICMP (and ICMPv6: same layout) header
    // that parse(), the probe matchers (QuoteReader, RawIcmpMatcher) and decode() share.
    public static int type(byte[] b, int off) { return Bytes.u8(b, off); }
    public static int code(byte[] b, int off) { return Bytes.u8(b, off + 1); }
    public static int checksum(byte[] b, int off) { return Bytes.u16(b, off + 2); }
    /** The 4 bytes after the checksum: echo id and sequence, an MTU, a pointer, or unused, by type. */
    public static long rest(byte[] b, int off) { return Bytes.u32(b, off + 4); }
    /** Echo request and reply: the identifier. */
    public static int id(byte[] b, int off) { return Bytes.u16(b, off + 4); }
    /** Echo request and reply: the sequence number. */
    public static int seq(byte[] b, int off) { return Bytes.u16(b, off + 6); }
    /** Fragmentation needed: the next hop's MTU (RFC 1191), in the low word. */
    public static int nextHopMtu(byte[] b, int off) { return Bytes.u16(b, off + 6); }

    public static IcmpMessage parse(byte[] b) { return parse(b, 0, b.length); }

    @Override
    public String toString() {
        return "ICMP type " + type + " code " + code + (type == ECHO_REQUEST || type == ECHO_REPLY
                ? " id " + id() + " seq " + seq() : "") + " (" + body.length + " bytes body)";
    }

    @Override
    public boolean equals(Object o) { return o instanceof IcmpMessage m && Arrays.equals(encode(), m.encode()); }

    @Override
    public int hashCode() { return Arrays.hashCode(encode()); }
}
