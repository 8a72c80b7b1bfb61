package jtrace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import jtrace.packet.Decoded;
import jtrace.packet.Decoder;
import jtrace.packet.Hexdump;
import jtrace.packet.Meanings;
import jtrace.probe.Method;
import jtrace.probe.Reply;
import jtrace.render.ProbeResultView;

/**
 * One probe and its answer, for looking at: the bytes that were sent and the reply, both decoded.
 * Prints as the probe's line, then the sent packet and the received one field by field.
 *
 * <p>What can be shown depends on the method. {@code raw} (root) builds the whole IPv4 packet itself and reads
 * replies on a raw socket: every byte, both ways. {@code icmp} hands the kernel the ICMP message and the kernel
 * adds the IPv4 header. {@code udp} hands over only the data: the kernel adds the UDP and IPv4 headers, and an
 * ICMP error comes back through the socket's error queue as fields (who, type, code, TTL), never as bytes — so
 * no reply bytes are shown, only what the kernel reported. Nothing is reconstructed or guessed.
 *
 * @param host     what was asked for
 * @param target   the address probed
 * @param method   "raw", "icmp" or "udp"
 * @param ttl      the probe's TTL
 * @param sent     exactly what was handed to the kernel (see above)
 * @param reply    the answer, or null when none came in time
 * @param rtt      round trip in milliseconds, NaN without answer
 * @param received the whole reply packet as captured, or null when this socket cannot see it
 * @param port     UDP: the destination port the probe went to; TCP: the port the SYN went to; else 0
 */
public record ProbeResult(String host, InetAddress target, Method method, int ttl, byte[] sent, Reply reply, double rtt,
                          byte[] received, int port) implements ProbeResultView {
    public ProbeResult {
        sent = sent.clone();
        received = received == null ? null : received.clone();
    }

    /**
     * What a missing answer most likely means, as the trace notes say it: hosts rate-limit their ICMP errors, so right
     * after a trace (ours included) a router is often only out of answers for a moment.
     */
    static final String NO_ANSWER = "Most likely rate limiting: hosts send a small burst of ICMP errors, then about one a"
            + " second, and a trace just before (yours too) may have used them up; probe again in a second. If it stays"
            + " silent while later hops answer, the router sends no ICMP at all (see lesson 2).";

    public boolean answered() { return reply != null; }

    /** Who answered, or null. */
    public InetAddress from() { return reply == null ? null : reply.from(); }

    /** The sent bytes decoded: the IPv4 packet (raw), the ICMP message (icmp), or the UDP data (udp). */
    public Decoded sentDecoded() {
        return switch (method) {
            case RAW -> Decoder.decode(sent);
            case ICMP -> target instanceof Inet6Address ? Decoder.icmpv6(sent) : Decoder.icmp(sent);
            case TCP -> sent.length == 0 ? Decoder.data(sent, "TCP SYN (built by the kernel)")
                    : (sent[0] & 0xf0) == 0x40 ? Decoder.decode(sent) : Decoder.data(sent, "TCP SYN (a hand-built header; the kernel adds the IPv6 one)");
            case UDP -> Decoder.data(sent, "UDP data");
        };
    }

    /** The reply packet decoded, or null when no bytes were captured (see the class comment). */
    public Decoded receivedDecoded() {
        if (received == null) return null;
        // An IPv6 raw socket reads the ICMPv6 message without the IPv6 header in front.
        boolean bareIcmpv6 = target instanceof Inet6Address && (received.length == 0 || (received[0] & 0xf0) != 0x60);
        return bareIcmpv6 ? Decoder.icmpv6(received) : Decoder.decode(received);
    }

    /** The sent bytes as a hex dump with the field boundaries marked. */
    public Hexdump sentHexdump() { return sentDecoded().hexdump(); }

    /** The reply as a hex dump, or null without captured bytes. */
    public Hexdump receivedHexdump() { return received == null ? null : receivedDecoded().hexdump(); }

    /** Both packets as HTML tables with their hex dumps, for notebooks. */
    public String html() { return jtrace.render.Html.of(this); }

    /** "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in 0.061 ms". */
    public String summary() {
        String head = "TTL " + ttl + " to " + jtrace.packet.AddressText.of(target) + " (" + method + "): ";
        if (reply == null) return head + "no answer (*)";
        return head + words(reply) + " from " + jtrace.packet.AddressText.of(reply.from())
                + String.format(Locale.ROOT, " in %.3f ms", rtt) + (reply.annotation().isEmpty() ? "" : " " + reply.annotation());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(summary()).append("\n\n");
        out.append("sent: ").append(sentNote()).append('\n').append(sentDecoded()).append('\n');
        if (reply == null) {
            out.append("received: nothing within the wait. ").append(NO_ANSWER).append('\n');
        } else if (received != null) {
            out.append("received: ").append(received.length).append(target instanceof Inet6Address
                            ? " bytes, the ICMPv6 message as the raw socket read it (IPv6 raw sockets get no IP header)\n"
                            : " bytes, the whole packet as the raw socket read it\n")
                    .append(receivedDecoded());
        } else {
            out.append("received: ").append(reportedNote()).append('\n').append(reported());
        }
        return out.toString();
    }

    private String sentNote() {
        return switch (method) {
            case RAW -> sent.length + " bytes, the whole IPv4 packet exactly as it left (jtrace wrote every byte: IP_HDRINCL)";
            case ICMP -> sent.length + " bytes of ICMP; the kernel put an IPv4 header with TTL " + ttl + " in front";
            case TCP -> sent.length == 0 ? "a SYN to port " + port + " from connect(): the kernel wrote the TCP and IP headers (TTL " + ttl + ")"
                    : sent.length + " bytes: the SYN to port " + port + " as jtrace built it (raw socket)";
            case UDP -> sent.length + " bytes of UDP data to port " + port + "; the kernel added the UDP and IPv4 headers (TTL " + ttl + ")";
        };
    }

    private String reportedNote() {
        if (reply.isTcp()) return "the destination answered the SYN itself: connect() " + (reply.isOpen()
                ? "completed (a SYN-ACK: something listens; jtrace reset the connection at once)" : "was refused (a RST: nothing listens)");
        return reply.kind() == Reply.Kind.ECHO_REPLY
                ? "an echo reply; this socket gets its fields, not the packet (as root, probe uses raw and shows every byte)"
                : "the kernel reported the ICMP error on the socket's error queue (IP_RECVERR); without root no socket sees the"
                + " packet itself, only these fields (as root, probe uses raw and shows every byte)";
    }

    /** The fields the kernel reported, one per line, as in a decoded tree. */
    private String reported() {
        if (reply.isTcp()) return String.format("  %-19s %-16s %s%n  %-19s %-16s %s%n", "from", jtrace.packet.AddressText.of(reply.from()),
                "the destination", "TCP flags", jtrace.packet.TcpHeader.flagNames(reply.tcpFlags()), reply.annotation());
        boolean v6 = reply.isV6();
        String type = v6 ? Meanings.icmp6Type(reply.type()) : Meanings.icmpType(reply.type());
        String code = v6 ? Meanings.icmp6Code(reply.type(), reply.code()) : Meanings.icmpCode(reply.type(), reply.code());
        StringBuilder s = new StringBuilder();
        s.append(String.format("  %-19s %-16s %s%n", "from", jtrace.packet.AddressText.of(reply.from()), "who sent the ICMP message"));
        s.append(String.format("  %-19s %-16s %s%n", "type", reply.type(), type));
        s.append(String.format("  %-19s %-16s %s%n", "code", reply.code(), code).stripTrailing()).append('\n');
        if (reply.ttl() >= 0)
            s.append(String.format("  %-19s %-16s %s%n", v6 ? "hop limit" : "time to live", reply.ttl(), "of the reply as it arrived"));
        if (reply.mtu() > 0) s.append(String.format("  %-19s %-16s %s%n", "next-hop MTU", reply.mtu(), "largest packet the next link takes"));
        if (reply.kind() != Reply.Kind.ECHO_REPLY)
            s.append(String.format("  %-19s %-16s %s%n", "quoted destination", jtrace.packet.AddressText.of(reply.destination()),
                    reply.destination().equals(target) ? "our target: this error is about our probe" : "not our target"));
        return s.toString();
    }

    private static String words(Reply r) {
        return switch (r.kind()) {
            case TIME_EXCEEDED -> "time exceeded";
            case ECHO_REPLY -> "echo reply";
            case UNREACHABLE -> r.isPortUnreachable() ? "port unreachable" : "destination unreachable";
            case TCP -> "TCP " + jtrace.packet.TcpHeader.flagNames(r.tcpFlags()) + " " + r.annotation();
            case OTHER -> "ICMP type " + r.type();
        };
    }
}
