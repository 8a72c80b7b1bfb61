package jtrace.render;

import java.net.Inet6Address;
import java.util.Locale;
import jtrace.packet.AddressText;
import jtrace.packet.Meanings;
import jtrace.packet.TcpHeader;
import jtrace.probe.Reply;

/**
 * One probe and its answer as text: the summary line, then the packet sent and the reply field by field, each with
 * a line saying what the socket let us see ({@code ProbeResult.toString()} prints through it).
 */
public final class ProbeText {
    private ProbeText() {}

    /**
     * What a missing answer most likely means, as the trace notes say it: hosts rate-limit their ICMP errors, so right
     * after a trace (ours included) a router is often only out of answers for a moment.
     */
    static final String NO_ANSWER = "Most likely rate limiting: hosts send a small burst of ICMP errors, then about one a"
            + " second, and a trace just before (yours too) may have used them up; probe again in a second. If it stays"
            + " silent while later hops answer, the router sends no ICMP at all (see lesson 2).";

    /** "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in 0.061 ms". */
    public static String summary(ProbeResultView p) {
        String head = "TTL " + p.ttl() + " to " + AddressText.of(p.target()) + " (" + p.method() + "): ";
        Reply reply = p.reply();
        if (reply == null) return head + "no answer (*)";
        return head + words(reply) + " from " + AddressText.of(reply.from())
                + String.format(Locale.ROOT, " in %.3f ms", p.rtt()) + (reply.annotation().isEmpty() ? "" : " " + reply.annotation());
    }

    /** The summary, then what was sent and what came back, decoded. */
    public static String of(ProbeResultView p) {
        StringBuilder out = new StringBuilder(summary(p)).append("\n\n");
        out.append("sent: ").append(sentNote(p)).append('\n').append(p.sentDecoded()).append('\n');
        if (p.reply() == null) {
            out.append("received: nothing within the wait. ").append(NO_ANSWER).append('\n');
        } else if (p.received() != null) {
            out.append("received: ").append(p.received().length).append(p.target() instanceof Inet6Address
                            ? " bytes, the ICMPv6 message as the raw socket read it (IPv6 raw sockets get no IP header)\n"
                            : " bytes, the whole packet as the raw socket read it\n")
                    .append(p.receivedDecoded());
        } else {
            out.append("received: ").append(reportedNote(p.reply())).append('\n').append(reported(p));
        }
        return out.toString();
    }

    private static String sentNote(ProbeResultView p) {
        int bytes = p.sent().length, ttl = p.ttl(), port = p.port();
        return switch (p.method()) {
            case RAW -> bytes + " bytes, the whole IPv4 packet exactly as it left (jtrace wrote every byte: IP_HDRINCL)";
            case ICMP -> bytes + " bytes of ICMP; the kernel put an IPv4 header with TTL " + ttl + " in front";
            case TCP -> bytes == 0 ? "a SYN to port " + port + " from connect(): the kernel wrote the TCP and IP headers (TTL " + ttl + ")"
                    : bytes + " bytes: the SYN to port " + port + " as jtrace built it (raw socket)";
            case UDP -> bytes + " bytes of UDP data to port " + port + "; the kernel added the UDP and IPv4 headers (TTL " + ttl + ")";
        };
    }

    private static String reportedNote(Reply reply) {
        if (reply.isTcp()) return "the destination answered the SYN itself: connect() " + (reply.isOpen()
                ? "completed (a SYN-ACK: something listens; jtrace reset the connection at once)" : "was refused (a RST: nothing listens)");
        return reply.kind() == Reply.Kind.ECHO_REPLY
                ? "an echo reply; this socket gets its fields, not the packet (as root, probe uses raw and shows every byte)"
                : "the kernel reported the ICMP error on the socket's error queue (IP_RECVERR); without root no socket sees the"
                + " packet itself, only these fields (as root, probe uses raw and shows every byte)";
    }

    /** The fields the kernel reported, one per line, as in a decoded tree. */
    private static String reported(ProbeResultView p) {
        Reply reply = p.reply();
        if (reply.isTcp()) return String.format("  %-19s %-16s %s%n  %-19s %-16s %s%n", "from", AddressText.of(reply.from()),
                "the destination", "TCP flags", TcpHeader.flagNames(reply.tcpFlags()), reply.annotation());
        boolean v6 = reply.isV6();
        String type = v6 ? Meanings.icmp6Type(reply.type()) : Meanings.icmpType(reply.type());
        String code = v6 ? Meanings.icmp6Code(reply.type(), reply.code()) : Meanings.icmpCode(reply.type(), reply.code());
        StringBuilder s = new StringBuilder();
        s.append(String.format("  %-19s %-16s %s%n", "from", AddressText.of(reply.from()), "who sent the ICMP message"));
        s.append(String.format("  %-19s %-16s %s%n", "type", reply.type(), type));
        s.append(String.format("  %-19s %-16s %s%n", "code", reply.code(), code).stripTrailing()).append('\n');
        if (reply.ttl() >= 0)
            s.append(String.format("  %-19s %-16s %s%n", v6 ? "hop limit" : "time to live", reply.ttl(), "of the reply as it arrived"));
        if (reply.mtu() > 0) s.append(String.format("  %-19s %-16s %s%n", "next-hop MTU", reply.mtu(), "largest packet the next link takes"));
        if (reply.kind() != Reply.Kind.ECHO_REPLY)
            s.append(String.format("  %-19s %-16s %s%n", "quoted destination", AddressText.of(reply.destination()),
                    reply.destination().equals(p.target()) ? "our target: this error is about our probe" : "not our target"));
        return s.toString();
    }

    private static String words(Reply r) {
        return switch (r.kind()) {
            case TIME_EXCEEDED -> "time exceeded";
            case ECHO_REPLY -> "echo reply";
            case UNREACHABLE -> r.isPortUnreachable() ? "port unreachable" : "destination unreachable";
            case TCP -> "TCP " + TcpHeader.flagNames(r.tcpFlags()) + " " + r.annotation();
            case OTHER -> "ICMP type " + r.type();
        };
    }
}
