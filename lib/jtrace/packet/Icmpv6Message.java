package jtrace.packet;

import java.net.Inet6Address;
import java.util.Arrays;

/**
 * An ICMPv6 message (RFC 4443): type, code, checksum, the 4-byte "rest of header" (echo id and sequence,
 * the MTU of a packet too big, the pointer of a parameter problem, else unused) and the body — for errors,
 * as much of the packet that caused it as fits in 1280 bytes. Same layout as ICMPv4, different numbers, and
 * the checksum also covers an IPv6 pseudo-header ({@link Ipv6Header#pseudoHeaderChecksum}), so computing or
 * verifying it needs both addresses. Types below 128 are errors, from 128 on informational.
 */
public record Icmpv6Message(int type, int code, int checksum, long rest, byte[] body) {
    public static final int DEST_UNREACHABLE = 1, PACKET_TOO_BIG = 2, TIME_EXCEEDED = 3, PARAMETER_PROBLEM = 4,
            ECHO_REQUEST = 128, ECHO_REPLY = 129;
    /** Destination unreachable codes (RFC 4443 §3.1). */
    public static final int NO_ROUTE = 0, ADMIN_PROHIBITED = 1, BEYOND_SCOPE = 2, ADDRESS_UNREACHABLE = 3,
            PORT_UNREACHABLE = 4, SOURCE_POLICY_FAILED = 5, REJECT_ROUTE = 6;
    /** Time exceeded codes (RFC 4443 §3.3). */
    public static final int HOP_LIMIT_EXCEEDED = 0, REASSEMBLY_TIME_EXCEEDED = 1;
    public static final int HEADER_LENGTH = 8;

    /**
     * An echo request with checksum 0: what a ping socket or a raw ICMPv6 socket takes, since the kernel
     * computes the checksum for those (it knows the source address; we may not yet).
     */
    public static Icmpv6Message echoRequest(int id, int seq, byte[] payload) {
        return new Icmpv6Message(ECHO_REQUEST, 0, 0, (long) (id & 0xffff) << 16 | (seq & 0xffff), payload.clone());
    }

    /** An echo request with its checksum computed over the pseudo-header: the whole message, as on the wire. */
    public static Icmpv6Message echoRequest(Inet6Address src, Inet6Address dst, int id, int seq, byte[] payload) {
        return echoRequest(id, seq, payload).withChecksum(src, dst);
    }

    public Icmpv6Message withChecksum(int c) { return new Icmpv6Message(type, code, c, rest, body); }

    /** This message with the checksum it must carry from {@code src} to {@code dst}. */
    public Icmpv6Message withChecksum(Inet6Address src, Inet6Address dst) {
        return withChecksum(Ipv6Header.pseudoHeaderChecksum(src, dst, Ipv6Header.NEXT_ICMPV6, withChecksum(0).encode()));
    }

    /** Whether the checksum verifies for a message sent from {@code src} to {@code dst}. */
    public boolean checksumOk(Inet6Address src, Inet6Address dst) {
        return Ipv6Header.pseudoHeaderChecksum(src, dst, Ipv6Header.NEXT_ICMPV6, encode()) == 0;
    }

    /** Echo identifier (upper half of the rest-of-header word). */
    public int id() { return (int) (rest >>> 16) & 0xffff; }

    /** Echo sequence number (lower half). */
    public int seq() { return (int) rest & 0xffff; }

    /** The next-hop MTU of a packet too big (the whole rest-of-header word). */
    public long mtu() { return rest; }

    /** Errors (types 0..127) quote the packet that caused them in the body. */
    public boolean isError() { return type < 128; }

    public byte[] encode() {
        return new IcmpMessage(type, code, checksum, rest, body).encode();  // ICMPv4's layout, byte for byte
    }

    /** Reads an ICMPv6 message from {@code off} to {@code end}; the body is whatever follows the 8-byte header. */
    public static Icmpv6Message parse(byte[] b, int off, int end) {
        IcmpMessage m = IcmpMessage.parse(b, off, end);
        return new Icmpv6Message(m.type(), m.code(), m.checksum(), m.rest(), m.body());
    }

    public static Icmpv6Message parse(byte[] b) { return parse(b, 0, b.length); }

    /** "time exceeded", "echo request", … or "type 200 (unknown)" (from {@link IcmpMeanings}). */
    public static String typeName(int type) { return IcmpMeanings.typeName(true, type); }

    /** What a code means for its type ("no route to destination"), or "" where codes carry no meaning. */
    public static String codeName(int type, int code) { return IcmpMeanings.codeName(true, type, code); }

    @Override
    public String toString() {
        String detail = switch (type) {
            case ECHO_REQUEST, ECHO_REPLY -> " id " + id() + " seq " + seq();
            case PACKET_TOO_BIG -> " mtu " + mtu();
            default -> codeName(type, code).isEmpty() ? "" : " (" + codeName(type, code) + ")";
        };
        return "ICMPv6 " + typeName(type) + detail + " (" + body.length + " bytes body)";
    }

    @Override
    public boolean equals(Object o) { return o instanceof Icmpv6Message m && Arrays.equals(encode(), m.encode()); }

    @Override
    public int hashCode() { return Arrays.hashCode(encode()); }
}
