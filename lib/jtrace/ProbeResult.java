package jtrace;

import java.net.Inet6Address;
import java.net.InetAddress;
import jtrace.packet.Decoded;
import jtrace.packet.Decoder;
import jtrace.packet.Hexdump;
import jtrace.probe.Method;
import jtrace.probe.Reply;
import jtrace.render.Html;
import jtrace.render.ProbeResultView;
import jtrace.render.ProbeText;

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
    public String html() { return Html.of(this); }

    /** "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in 0.061 ms". */
    public String summary() { return ProbeText.summary(this); }

    /** The summary, then the sent packet and the reply field by field (the text renderer's). */
    @Override
    public String toString() { return ProbeText.of(this); }
}
