package jtrace.probe;

import java.net.Inet6Address;
import java.net.InetAddress;

import jtrace.packet.AddressText;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.Quote;
import jtrace.packet.IcmpMeanings;
import jtrace.packet.TcpHeader;

/**
 * An answer that a probe method matched to one of its probes: an ICMP (ICMPv6) message, or for TCP probes the
 * destination's own TCP answer — a SYN-ACK (something listens: [open]) or a RST ([closed]).
 *
 * @param key         the probe's key, read back from what the reply quotes (echo sequence or UDP port)
 * @param from        who answered: a router (time exceeded) or the destination
 * @param type        ICMP or ICMPv6 type, as received
 * @param code        ICMP code
 * @param received    kernel receive time, nanoseconds on the method's clock (SO_TIMESTAMPNS: CLOCK_REALTIME)
 * @param ttl         TTL (hop limit) of the reply packet itself, or -1 when unknown: tells the return path's length
 * @param destination the destination of the probe as quoted by the reply: must be our target
 * @param mtu         next-hop MTU for "fragmentation needed"/"packet too big", else 0
 * @param tcpFlags    for a TCP answer its flags ({@link TcpHeader#SYN} | {@link TcpHeader#ACK}, or RST); {@link #NOT_TCP} for ICMP
 * @param quote       what the error quoted of the probe (IP ID, flow label, ports, checksum, echo id and sequence), as far
 *                    as the socket showed it; {@link Quote#NONE} otherwise
 * @param extensions  RFC 4884 extensions the ICMP message carried (MPLS labels, interface information), or null
 * @param size        bytes of the answer after its ICMP (ICMPv6) header — the quote and any extensions, an echo reply's
 *                    data — or after the 20-byte TCP header for a TCP answer (RIPE Atlas's per-reply "size"); -1 unknown
 */
public record Reply(int key, InetAddress from, int type, int code, long received, int ttl,
                    InetAddress destination, int mtu, int tcpFlags, IcmpExtensions extensions, Quote quote, int size) {
    /** {@link #tcpFlags()} of an ICMP answer. */
    public static final int NOT_TCP = -1;

    /** {@link #size()} when the socket did not show how long the answer was. */
    public static final int UNKNOWN_SIZE = -1;

    /** An answer whose size the socket did not show. */
    public Reply(int key, InetAddress from, int type, int code, long received, int ttl, InetAddress destination, int mtu,
                 int tcpFlags, IcmpExtensions extensions, Quote quote) {
        this(key, from, type, code, received, ttl, destination, mtu, tcpFlags, extensions, quote, UNKNOWN_SIZE);
    }

    /** An answer whose quote the socket did not show. */
    public Reply(int key, InetAddress from, int type, int code, long received, int ttl, InetAddress destination, int mtu,
                 int tcpFlags, IcmpExtensions extensions) {
        this(key, from, type, code, received, ttl, destination, mtu, tcpFlags, extensions, Quote.NONE);
    }

    /** The same answer with what its error quoted of the probe (see {@link Quote}). */
    public Reply withQuote(Quote q) {
        return new Reply(key, from, type, code, received, ttl, destination, mtu, tcpFlags, extensions, q, size);
    }

    /** The same answer, {@code bytes} long after its ICMP (or TCP) header (see {@link #size()}). */
    public Reply withSize(int bytes) {
        return new Reply(key, from, type, code, received, ttl, destination, mtu, tcpFlags, extensions, quote, bytes);
    }

    /** An ICMP answer without extensions. */
    public Reply(int key, InetAddress from, int type, int code, long received, int ttl, InetAddress destination, int mtu) {
        this(key, from, type, code, received, ttl, destination, mtu, NOT_TCP, null);
    }

    /** The destination's TCP answer to our SYN (type and code -1: no ICMP). */
    public static Reply tcp(int key, InetAddress from, int flags, long received, int ttl, InetAddress destination) {
        return new Reply(key, from, -1, -1, received, ttl, destination, 0, flags & 0xff, null);
    }

    /** The same answer with the ICMP extensions it carried. */
    public Reply withExtensions(IcmpExtensions e) {
        return new Reply(key, from, type, code, received, ttl, destination, mtu, tcpFlags, e, quote, size);
    }

    /** What a reply means for a trace, whatever the address family. */
    public enum Kind { TIME_EXCEEDED, ECHO_REPLY, UNREACHABLE, TCP, OTHER }

    public boolean isV6() { return from instanceof Inet6Address; }

    /** A TCP answer from the destination (SYN-ACK or RST), not an ICMP message. */
    public boolean isTcp() { return tcpFlags != NOT_TCP; }

    /** A TCP answer that accepts the connection: something listens on the port. */
    public boolean isOpen() { return isTcp() && (tcpFlags & TcpHeader.RST) == 0 && (tcpFlags & TcpHeader.SYN) != 0; }

    public Kind kind() {
        if (isTcp()) return Kind.TCP;
        if (isV6()) return switch (type) {
            case 3 -> Kind.TIME_EXCEEDED;
            case 129 -> Kind.ECHO_REPLY;
            case 1, 2 -> Kind.UNREACHABLE;  // 2 = packet too big: the probe cannot pass either
            default -> Kind.OTHER;
        };
        return switch (type) {
            case 11 -> Kind.TIME_EXCEEDED;
            case 0 -> Kind.ECHO_REPLY;
            case 3 -> Kind.UNREACHABLE;
            default -> Kind.OTHER;
        };
    }

    /** Port unreachable: the UDP probe reached a host that has nothing listening — the destination. */
    public boolean isPortUnreachable() {
        return kind() == Kind.UNREACHABLE && (isV6() ? type == 1 && code == 4 : code == 3);
    }

    /**
     * Whether this reply ends the trace at its hop. traceroute's rule: everything but a time exceeded in
     * transit — echo replies, every unreachable (port unreachable: the destination), packet too big, and the
     * rarer errors (time exceeded while reassembling, parameter problem).
     */
    public boolean isFinal() { return !(kind() == Kind.TIME_EXCEEDED && code == 0); }

    /**
     * traceroute 2.1's annotation: "" for a normal answer (time exceeded in transit, echo reply, port
     * unreachable), else !N !H !X !P !S !V !C, !F-mtu, !&lt;code&gt; for another unreachable code and
     * !&lt;type-code&gt; for any other error. ICMPv6 unreachable: no route !N, administratively prohibited
     * !X, beyond scope and address unreachable !H; policy failed (5) and reject route (6) print as !&lt;5&gt;
     * and !&lt;6&gt; there too. Packet too big is !F-mtu. One table holds them all: {@link IcmpMeanings}.
     */
    public String annotation() {
        if (isTcp()) return isOpen() ? "[open]" : "[closed]";  // tcptraceroute's words for SYN-ACK and RST
        return isFinal() ? IcmpMeanings.mark(isV6(), type, code, mtu) : "";
    }

    /**
     * How many hops away the sender is, judged from the reply's TTL: the initial TTL hosts use (Linux 64, Windows
     * 128, network gear 255) at or above it, minus what arrived, plus one; -1 when the TTL is unknown. That is the
     * return path's length.
     */
    public int hopsAway() {
        if (ttl <= 0) return -1;
        int initial = ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
        return initial - ttl + 1;
    }

    @Override
    public String toString() {
        String note = annotation();
        return kind().name().toLowerCase().replace('_', ' ') + " from " + AddressText.of(from)
                + " (key " + key + (ttl >= 0 ? ", ttl " + ttl : "") + ")" + (note.isEmpty() ? "" : " " + note);
    }
}
