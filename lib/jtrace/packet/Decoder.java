package jtrace.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jtrace.packet.Part.Field;
import jtrace.packet.Part.Layer;
import jtrace.packet.Part.Problem;

/**
 * Turns bytes into Wireshark's field tree: IPv4 (or IPv6, chosen by the version nibble), then ICMP, ICMPv6 or
 * UDP, and inside an ICMP error the quoted packet, decoded the same way. Never throws on garbage: a header that
 * is cut short keeps the fields that are complete and ends in a {@link Problem} that says where and why; bytes
 * that make no sense are shown as "undecoded".
 *
 * <p>Header values come from the codecs ({@link Ipv4Header#parse}, {@link IcmpMessage#parse},
 * {@link UdpHeader#parse}); a header cut short is parsed from a zero-padded copy and only the fields whose bytes
 * are all present are kept.
 */
public final class Decoder {
    /** The longest header read at once (IPv4 with options); the padded copy has this much slack. */
    private static final int SLACK = 64;

    private final byte[] b;
    private final byte[] padded;

    private Decoder(byte[] packet) {
        this.b = packet;
        this.padded = Arrays.copyOf(packet, packet.length + SLACK);
    }

    /**
     * Decodes an IP packet (IPv4 or IPv6, by its first four bits). Bytes that start with an ICMP type instead
     * (an ICMP message without IP header, as {@code icmpEcho} builds) are decoded as ICMP.
     */
    public static Decoded decode(byte[] packet) {
        Decoder d = new Decoder(packet.clone());
        List<Part> parts = new ArrayList<>();
        if (packet.length == 0) {
            parts.add(new Problem(0, "no bytes to decode"));
        } else {
            int version = (packet[0] & 0xff) >> 4;
            if (version == 4 || version == 6) parts.addAll(d.ip(0, packet.length, false));
            else if (version == 0 && Meanings.isIcmpType(packet[0] & 0xff)) parts.add(d.icmp(0, packet.length, true, false));
            else {
                parts.add(new Problem(0, String.format("byte 0 is 0x%02x: neither an IP version (4 or 6 in its first four bits) "
                        + "nor an ICMP type; not a packet jtrace knows", packet[0] & 0xff)));
                parts.add(d.undecoded(0, packet.length));
            }
        }
        return new Decoded(d.b, parts);
    }

    /** Decodes an ICMP message that starts at byte 0 (no IP header), as a ping socket sends and receives it. */
    public static Decoded icmp(byte[] message) {
        Decoder d = new Decoder(message.clone());
        return new Decoded(d.b, List.of(d.icmp(0, message.length, true, false)));
    }

    /** Decodes an ICMPv6 message that starts at byte 0, as IPv6 raw and ping sockets read it (its checksum needs the addresses). */
    public static Decoded icmpv6(byte[] message) {
        Decoder d = new Decoder(message.clone());
        return new Decoded(d.b, List.of(d.icmp6(0, message.length, true, false, null, null)));
    }

    /** Decodes a UDP datagram that starts at byte 0 (no IP header: the checksum cannot be checked). */
    public static Decoded udp(byte[] datagram) {
        Decoder d = new Decoder(datagram.clone());
        return new Decoded(d.b, List.of(d.udp(0, datagram.length, true, false, null, null)));
    }

    /** Bytes that are data, not headers (a UDP payload): one layer, shown as they are. */
    public static Decoded data(byte[] bytes, String name) {
        Decoder d = new Decoder(bytes.clone());
        return new Decoded(d.b, List.of(new Layer(name, bytes.length + " bytes", 0, bytes.length,
                bytes.length == 0 ? List.of() : List.of(d.dataField("data", 0, bytes.length)))));
    }

    /** An IP packet from {@code off} to {@code end}: its layers, chosen by the version nibble. */
    private List<Part> ip(int off, int end, boolean quoted) {
        int version = u8(off) >> 4;
        return switch (version) {
            case 4 -> ipv4(off, end, quoted);
            case 6 -> ipv6(off, end, quoted);
            default -> List.of(new Layer(quoted ? "quoted packet" : "packet", "not IP", off, end - off, List.of(
                    new Problem(off, "IP version " + version + " (first four bits): only 4 and 6 exist"),
                    dataField("undecoded", off, end))));
        };
    }

    private List<Part> ipv4(int off, int end, boolean quoted) {
        String name = quoted ? "quoted IPv4" : "IPv4";
        int available = end - off;
        List<Part> f = new ArrayList<>();
        int ihl = (u8(off) & 0x0f) * 4;
        f.add(new Field("version", off, 1, 0xf0, "4", "IPv4"));
        f.add(new Field("header length", off, 1, 0x0f, ihl + " bytes", ihl / 4 + " words of 4 bytes"));
        if (ihl < Ipv4Header.MIN_LENGTH) {
            f.add(new Problem(off, "a header length of " + ihl + " bytes is below IPv4's minimum of 20: not a valid header"));
            if (available > 1) f.add(dataField("undecoded", off + 1, end));
            return List.of(new Layer(name, "invalid header", off, available, f));
        }
        Ipv4Header h = Ipv4Header.parse(padded, off);  // padded: a header cut short still parses
        boolean headerComplete = ihl <= available;
        int total = h.totalLength();
        boolean cutShort = total > available;
        f.add(new Field("type of service", off + 1, 1, 0, String.format("0x%02x", h.tos()),
                Meanings.dscp(h.tos() >> 2) + ", ECN " + (h.tos() & 3)));
        f.add(new Field("total length", off + 2, 2, 0, String.valueOf(total), total < ihl ? "smaller than the header: impossible"
                : quoted && cutShort ? "the probe was " + total + " bytes; the quote keeps the first " + available
                : cutShort ? "but only " + available + " bytes are here" : "header and payload, in bytes"));
        f.add(new Field("identification", off + 4, 2, 0, String.valueOf(h.id()), "tells the fragments of one datagram apart"));
        f.add(new Field("flags", off + 6, 2, 0xe000, "0x" + Integer.toHexString(h.flags()), Meanings.ipv4Flags(h.flags())));
        f.add(new Field("fragment offset", off + 6, 2, 0x1fff, String.valueOf(h.fragmentOffset()),
                h.fragmentOffset() == 0 ? "first (or only) fragment" : "this fragment starts at byte " + h.fragmentOffset() * 8));
        f.add(new Field("time to live", off + 8, 1, 0, String.valueOf(h.ttl()), quoted
                ? "as it arrived where this error was made" : "routers left before it is dropped (each takes one)"));
        f.add(new Field("protocol", off + 9, 1, 0, String.valueOf(h.protocol()), Meanings.protocol(h.protocol())));
        f.add(new Field("header checksum", off + 10, 2, 0, String.format("0x%04x", h.checksum()),
                headerComplete ? checksumMeaning(h.checksumOk(), Checksum.of(h.withChecksum(0).encode())) : ""));
        f.add(new Field("source", off + 12, 4, 0, h.source().getHostAddress(), ""));
        f.add(new Field("destination", off + 16, 4, 0, h.destination().getHostAddress(), ""));
        if (ihl > Ipv4Header.MIN_LENGTH)
            f.add(new Field("options", off + 20, ihl - 20, 0, ihl - 20 + " bytes", "IP options (rare today)"));
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = h.source().getHostAddress() + " > " + h.destination().getHostAddress() + ", ttl " + h.ttl()
                + ", " + Meanings.protocolName(h.protocol());
        if (!headerComplete) {
            f.add(new Problem(end, "the IPv4 header needs " + ihl + " bytes; the " + (quoted ? "quote" : "packet")
                    + " ends after " + available));
            return List.of(new Layer(name, summary, off, available, f));
        }
        if (cutShort && !quoted) f.add(new Problem(end, "the total length says " + total + " bytes, but the packet ends after "
                + available + ": it was cut short"));
        List<Part> layers = new ArrayList<>();
        layers.add(new Layer(name, summary, off, ihl, f));
        int payloadEnd = total >= ihl ? Math.min(end, off + total) : end;
        int payload = off + ihl;
        boolean complete = !cutShort && total >= ihl;
        if (payload < payloadEnd || h.protocol() == Ipv4Header.PROTO_ICMP || h.protocol() == Ipv4Header.PROTO_UDP) {
            layers.add(switch (h.protocol()) {
                case Ipv4Header.PROTO_ICMP -> icmp(payload, payloadEnd, complete, quoted);
                case Ipv4Header.PROTO_UDP -> udp(payload, payloadEnd, complete, quoted, h.source(), h.destination());
                default -> new Layer(Meanings.protocolName(h.protocol()), "not decoded", payload, payloadEnd - payload,
                        List.of(dataField("payload", payload, payloadEnd)));
            });
        }
        if (payloadEnd < end && !quoted) layers.add(new Layer("trailing bytes", "past the IPv4 total length: not part of the packet",
                payloadEnd, end - payloadEnd, List.of(dataField("trailing bytes", payloadEnd, end))));
        return layers;
    }

    private List<Part> ipv6(int off, int end, boolean quoted) {
        String name = quoted ? "quoted IPv6" : "IPv6";
        int available = end - off;
        Ipv6Header h = Ipv6Header.parse(padded, off);  // padded: a header cut short still parses
        int payloadLength = h.payloadLength(), next = h.nextHeader(), hops = h.hopLimit();
        Inet6Address src = h.source(), dst = h.destination();
        List<Part> f = new ArrayList<>();
        f.add(new Field("version", off, 1, 0xf0, "6", "IPv6"));
        int tc = h.trafficClass();
        f.add(new Field("traffic class", off, 2, 0x0ff0, String.format("0x%02x", tc), Meanings.dscp(tc >> 2) + ", ECN " + (tc & 3)));
        f.add(new Field("flow label", off + 1, 3, 0x0f_ffff, String.format("0x%05x", h.flowLabel()), "keeps a flow on one path"));
        boolean cutShort = 40 + payloadLength > available;
        f.add(new Field("payload length", off + 4, 2, 0, String.valueOf(payloadLength), quoted && cutShort
                ? "the probe carried " + payloadLength + "; the quote keeps " + Math.max(0, available - 40)
                : cutShort ? "but only " + Math.max(0, available - 40) + " bytes follow" : "bytes after this 40-byte header"));
        f.add(new Field("next header", off + 6, 1, 0, String.valueOf(next), Meanings.protocol(next)));
        f.add(new Field("hop limit", off + 7, 1, 0, String.valueOf(hops), quoted
                ? "as it arrived where this error was made" : "routers left before it is dropped (IPv6's TTL)"));
        f.add(new Field("source", off + 8, 16, 0, AddressText.of(src), ""));
        f.add(new Field("destination", off + 24, 16, 0, AddressText.of(dst), ""));
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = AddressText.of(src) + " > " + AddressText.of(dst) + ", hop limit " + hops + ", " + Meanings.protocolName(next);
        if (available < 40) {
            f.add(new Problem(end, "the IPv6 header needs 40 bytes; the " + (quoted ? "quote" : "packet") + " ends after " + available));
            return List.of(new Layer(name, summary, off, available, f));
        }
        if (cutShort && !quoted) f.add(new Problem(end, "the payload length says " + payloadLength + " bytes, but only "
                + (available - 40) + " follow the header: it was cut short"));
        List<Part> layers = new ArrayList<>();
        layers.add(new Layer(name, summary, off, 40, f));
        int payload = off + 40, payloadEnd = Math.min(end, payload + payloadLength);
        boolean complete = !cutShort;
        layers.add(switch (next) {
            case Ipv6Header.NEXT_ICMPV6 -> icmp6(payload, payloadEnd, complete, quoted, src, dst);
            case Ipv4Header.PROTO_UDP -> udp(payload, payloadEnd, complete, quoted, src, dst);
            default -> new Layer(Meanings.protocolName(next), "not decoded", payload, payloadEnd - payload,
                    List.of(dataField("payload", payload, payloadEnd)));
        });
        if (payloadEnd < end && !quoted) layers.add(new Layer("trailing bytes", "past the IPv6 payload length: not part of the packet",
                payloadEnd, end - payloadEnd, List.of(dataField("trailing bytes", payloadEnd, end))));
        return layers;
    }

    /**
     * An ICMP message from {@code off} to {@code end}. {@code complete}: the whole message is here, so its
     * checksum can be checked (a quoted one usually is not).
     */
    private Layer icmp(int off, int end, boolean complete, boolean quoted) {
        String name = quoted ? "quoted ICMP" : "ICMP";
        int available = end - off;
        IcmpMessage m = IcmpMessage.parse(padded, off, off + Math.max(available, IcmpMessage.HEADER_LENGTH));
        int type = m.type(), code = m.code();
        List<Part> f = new ArrayList<>();
        f.add(new Field("type", off, 1, 0, String.valueOf(type), Meanings.icmpType(type)));
        f.add(new Field("code", off + 1, 1, 0, String.valueOf(code), Meanings.icmpCode(type, code)));
        boolean checkable = complete && available >= IcmpMessage.HEADER_LENGTH;
        f.add(new Field("checksum", off + 2, 2, 0, String.format("0x%04x", m.checksum()), checkable
                ? checksumMeaning(m.checksumOk(), Checksum.of(m.withChecksum(0).encode()))
                : available >= 4 ? "not checked: only the first " + available + " bytes of the message are here" : ""));
        restOfHeader(f, off, type, code, m);
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = Meanings.icmpType(type) + (m.type() == IcmpMessage.ECHO_REQUEST || m.type() == IcmpMessage.ECHO_REPLY
                ? ", id " + m.id() + ", seq " + m.seq() : "");
        if (available < IcmpMessage.HEADER_LENGTH) {
            f.add(new Problem(end, "the ICMP header needs 8 bytes; the " + (quoted ? "quote" : "message") + " ends after " + available));
            return new Layer(name, summary, off, available, f);
        }
        int body = off + IcmpMessage.HEADER_LENGTH;
        if (body < end) {
            if (m.isError() && !quoted) f.addAll(ip(body, end, true));
            else f.add(dataField("data", body, end));
        }
        return new Layer(name, summary, off, available, f);
    }

    /** The 4 bytes after the checksum, which mean something different for each type. */
    private static void restOfHeader(List<Part> f, int off, int type, int code, IcmpMessage m) {
        int at = off + 4;
        switch (type) {
            case IcmpMessage.ECHO_REQUEST, IcmpMessage.ECHO_REPLY -> {
                f.add(new Field("identifier", at, 2, 0, String.valueOf(m.id()), "the sender's tag, to find its replies"));
                f.add(new Field("sequence number", at + 2, 2, 0, String.valueOf(m.seq()), "counts the requests"));
            }
            case IcmpMessage.DEST_UNREACHABLE -> {
                if (code == 4) {
                    f.add(new Field("unused", at, 2, 0, String.valueOf(m.rest() >>> 16 & 0xffff), ""));
                    f.add(new Field("next-hop MTU", at + 2, 2, 0, String.valueOf(m.rest() & 0xffff), "largest packet the next link takes"));
                } else {
                    f.add(unused(at, m.rest()));
                }
            }
            case IcmpMessage.TIME_EXCEEDED -> f.add(unused(at, m.rest()));
            case IcmpMessage.PARAMETER_PROBLEM -> {
                f.add(new Field("pointer", at, 1, 0, String.valueOf(m.rest() >>> 24), "the byte of the quoted packet that was wrong"));
                f.add(new Field("unused", at + 1, 3, 0, String.valueOf(m.rest() & 0xffffff), ""));
            }
            case 5 -> f.add(new Field("gateway", at, 4, 0, Ipv4Header.v4(Bytes.slice(m.encode(), 4, 4)).getHostAddress(), "a better first hop for this destination"));
            default -> f.add(new Field("rest of header", at, 4, 0, String.format("0x%08x", m.rest()), ""));
        }
    }

    /** "unused" is 0 unless the sender uses RFC 4884's length of the quoted datagram (second byte, in 4-byte words). */
    private static Field unused(int at, long rest) {
        int words = (int) (rest >>> 16) & 0xff;
        return new Field("unused", at, 4, 0, String.valueOf(rest), rest == 0 ? "always 0"
                : words != 0 ? "RFC 4884: the quote is " + words * 4 + " bytes, extensions follow" : "should be 0");
    }

    /** An ICMPv6 message; {@code src} and {@code dst} (null when unknown) are needed for its checksum. */
    private Layer icmp6(int off, int end, boolean complete, boolean quoted, Inet6Address src, Inet6Address dst) {
        String name = quoted ? "quoted ICMPv6" : "ICMPv6";
        int available = end - off;
        Icmpv6Message m = Icmpv6Message.parse(padded, off, off + Math.max(available, Icmpv6Message.HEADER_LENGTH));
        int type = m.type(), code = m.code();
        List<Part> f = new ArrayList<>();
        f.add(new Field("type", off, 1, 0, String.valueOf(type), Meanings.icmp6Type(type)));
        f.add(new Field("code", off + 1, 1, 0, String.valueOf(code), Meanings.icmp6Code(type, code)));
        boolean checkable = complete && available >= IcmpMessage.HEADER_LENGTH;
        String check = "";
        if (checkable && src == null) {
            check = "not checked: needs the IPv6 addresses (pseudo-header)";
        } else if (checkable) {
            check = checksumMeaning(m.checksumOk(src, dst), m.withChecksum(src, dst).checksum());
        } else if (available >= 4) {
            check = "not checked: only the first " + available + " bytes of the message are here";
        }
        f.add(new Field("checksum", off + 2, 2, 0, String.format("0x%04x", m.checksum()),
                check + (check.isEmpty() || check.startsWith("not") ? "" : " (with the IPv6 pseudo-header)")));
        int at = off + 4;
        switch (type) {
            case 128, 129 -> {
                f.add(new Field("identifier", at, 2, 0, String.valueOf(m.id()), "the sender's tag, to find its replies"));
                f.add(new Field("sequence number", at + 2, 2, 0, String.valueOf(m.seq()), "counts the requests"));
            }
            case 2 -> f.add(new Field("MTU", at, 4, 0, String.valueOf(m.rest()), "largest packet the next link takes"));
            case 4 -> f.add(new Field("pointer", at, 4, 0, String.valueOf(m.rest()), "the byte of the quoted packet that was wrong"));
            case 1, 3 -> f.add(unused(at, m.rest()));
            default -> f.add(new Field("rest of header", at, 4, 0, String.format("0x%08x", m.rest()), ""));
        }
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = Meanings.icmp6Type(type) + (type == 128 || type == 129 ? ", id " + m.id() + ", seq " + m.seq() : "");
        if (available < IcmpMessage.HEADER_LENGTH) {
            f.add(new Problem(end, "the ICMPv6 header needs 8 bytes; the " + (quoted ? "quote" : "message") + " ends after " + available));
            return new Layer(name, summary, off, available, f);
        }
        int body = off + IcmpMessage.HEADER_LENGTH;
        if (body < end) {
            if (type < 128 && !quoted) f.addAll(ip(body, end, true));
            else f.add(dataField("data", body, end));
        }
        return new Layer(name, summary, off, available, f);
    }

    private Layer udp(int off, int end, boolean complete, boolean quoted, InetAddress src, InetAddress dst) {
        String name = quoted ? "quoted UDP" : "UDP";
        int available = end - off;
        UdpHeader u = UdpHeader.parse(padded, off);
        List<Part> f = new ArrayList<>();
        f.add(new Field("source port", off, 2, 0, String.valueOf(u.sourcePort()), ""));
        f.add(new Field("destination port", off + 2, 2, 0, String.valueOf(u.destinationPort()), Meanings.port(u.destinationPort())));
        boolean whole = complete && available >= UdpHeader.LENGTH && u.length() == available;  // a lying length: not whole
        f.add(new Field("length", off + 4, 2, 0, String.valueOf(u.length()), u.length() < UdpHeader.LENGTH
                ? "below the 8-byte header: impossible" : u.length() == available ? "header and data, in bytes"
                : quoted ? "the quote keeps " + available + " of them" : available + " bytes are here"));
        f.add(new Field("checksum", off + 6, 2, 0, String.format("0x%04x", u.checksum()), udpChecksum(u, off, available, whole, src, dst)));
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = u.sourcePort() + " > " + u.destinationPort();
        if (available < UdpHeader.LENGTH) {
            f.add(new Problem(end, "the UDP header needs 8 bytes; the " + (quoted ? "quote" : "datagram") + " ends after " + available));
            return new Layer(name, summary, off, available, f);
        }
        if (off + UdpHeader.LENGTH < end) f.add(dataField("data", off + UdpHeader.LENGTH, end));
        return new Layer(name, summary, off, available, f);
    }

    private String udpChecksum(UdpHeader u, int off, int available, boolean whole, InetAddress src, InetAddress dst) {
        if (u.checksum() == 0) return src instanceof Inet6Address ? "0 is not allowed over IPv6" : "none: the sender computed no checksum";
        if (src == null) return "not checked: needs the IP addresses (pseudo-header)";
        if (!whole) return available >= UdpHeader.LENGTH ? "not checked: only part of the datagram is here" : "";
        byte[] data = Arrays.copyOfRange(b, off + UdpHeader.LENGTH, off + available);
        int expected;
        if (src instanceof Inet4Address s4 && dst instanceof Inet4Address d4)
            expected = UdpHeader.of(s4, d4, u.sourcePort(), u.destinationPort(), data).checksum();
        else
            expected = Ipv6Header.udp((Inet6Address) src, (Inet6Address) dst, u.sourcePort(), u.destinationPort(), data).checksum();
        return checksumMeaning(expected == u.checksum(), expected) + " (with the pseudo-header)";
    }

    private static String checksumMeaning(boolean ok, int expected) {
        return ok ? "correct" : String.format("wrong: should be 0x%04x", expected);
    }

    /** Bytes shown as they are: a payload, or what could not be decoded. */
    private Field dataField(String name, int from, int to) {
        return new Field(name, from, to - from, 0, (to - from) + " bytes", Meanings.text(b, from, to));
    }

    private Layer undecoded(int from, int to) {
        return new Layer("undecoded", "", from, to - from, List.of(dataField("undecoded", from, to)));
    }

    private int u8(int off) { return padded[off] & 0xff; }


}
