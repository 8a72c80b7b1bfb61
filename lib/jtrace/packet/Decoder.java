package jtrace.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
            int version = Ipv4Header.version(packet, 0);
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
        int version = Ipv4Header.version(padded, off);
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
        int ihl = Ipv4Header.headerLength(padded, off);
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
        // Only what the bytes hold: a header cut short gets no addresses, TTL or protocol read from padding.
        String summary = summary(available >= 20 ? h.source().getHostAddress() + " > " + h.destination().getHostAddress()
                        : available >= 16 ? "from " + h.source().getHostAddress() : null,
                available >= 9 ? "ttl " + h.ttl() : null, available >= 10 ? Meanings.protocolName(h.protocol()) : null);
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
        if (payload < payloadEnd || h.protocol() == Ipv4Header.PROTO_ICMP || h.protocol() == Ipv4Header.PROTO_UDP
                || h.protocol() == Ipv4Header.PROTO_TCP) {
            layers.add(switch (h.protocol()) {
                case Ipv4Header.PROTO_ICMP -> icmp(payload, payloadEnd, complete, quoted);
                case Ipv4Header.PROTO_UDP -> udp(payload, payloadEnd, complete, quoted, h.source(), h.destination());
                case Ipv4Header.PROTO_TCP -> tcp(payload, payloadEnd, complete, quoted, h.source(), h.destination());
                default -> new Layer(Meanings.protocolName(h.protocol()), "not decoded", payload, payloadEnd - payload,
                        List.of(dataField("payload", payload, payloadEnd)));
            });
        }
        if (payloadEnd < end && !quoted) layers.add(new Layer("trailing bytes", "past the IPv4 total length: not part of the packet",
                payloadEnd, end - payloadEnd, List.of(dataField("trailing bytes", payloadEnd, end))));
        return layers;
    }

    /** The parts that are known, joined; "cut short" when the bytes hold none of them. */
    private static String summary(String... parts) {
        List<String> known = new ArrayList<>();
        for (String p : parts) if (p != null) known.add(p);
        return known.isEmpty() ? "cut short before its addresses" : String.join(", ", known);
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
        String summary = summary(available >= 40 ? AddressText.of(src) + " > " + AddressText.of(dst)
                        : available >= 24 ? "from " + AddressText.of(src) : null,
                available >= 8 ? "hop limit " + hops : null, available >= 7 ? Meanings.protocolName(next) : null);
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
        // Extension headers first (RFC 8200 §4), each naming the next; the upper layer's checksum still covers
        // only the upper layer, so "complete" is unchanged.
        boolean laterFragment = false;
        while (Ipv6ExtensionHeader.isExtension(next) && payload < payloadEnd) {
            Layer ext = extensionHeader(payload, payloadEnd, next, quoted);
            layers.add(ext);
            if (ext.parts().stream().anyMatch(p -> p instanceof Problem)) return layers;
            Ipv6ExtensionHeader e = Ipv6ExtensionHeader.parse(b, payload, next);
            laterFragment = next == Ipv6ExtensionHeader.FRAGMENT && e.fragmentOffset() != 0;
            next = e.nextHeader();
            payload += e.length();
            if (laterFragment) break;
        }
        if (payload >= payloadEnd && next != Ipv6Header.NEXT_ICMPV6 && next != Ipv6Header.NEXT_UDP && next != Ipv6Header.NEXT_TCP) return layers;
        int upper = payload, nextHeader = next;
        layers.add(laterFragment ? new Layer("fragment data", "a later fragment: its upper-layer header is in the first one",
                upper, payloadEnd - upper, List.of(dataField("fragment data", upper, payloadEnd))) : switch (nextHeader) {
            case Ipv6Header.NEXT_ICMPV6 -> icmp6(upper, payloadEnd, complete, quoted, src, dst);
            case Ipv6Header.NEXT_UDP -> udp(upper, payloadEnd, complete, quoted, src, dst);
            case Ipv6Header.NEXT_TCP -> tcp(upper, payloadEnd, complete, quoted, src, dst);
            default -> new Layer(Meanings.protocolName(nextHeader), "not decoded", upper, payloadEnd - upper,
                    List.of(dataField("payload", upper, payloadEnd)));
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
            if (m.isError() && !quoted) f.addAll(errorBody(off, body, end, false));
            else f.add(dataField("data", body, end));
        }
        return new Layer(name, summary, off, available, f);
    }

    /**
     * What an ICMP or ICMPv6 error carries: the quoted packet, then RFC 4884 extensions when the header says
     * where the quote ends (or, from older routers, a valid structure sits at byte 128 of the quote).
     */
    private List<Part> errorBody(int off, int body, int end, boolean v6) {
        List<Part> f = new ArrayList<>();
        Optional<IcmpExtensions> found = IcmpExtensions.find(b, off, end, v6);
        int declared = IcmpExtensions.declaredOffset(b, off, v6);
        if (found.isPresent()) {
            IcmpExtensions ext = found.get();
            f.addAll(ip(body, off + ext.offset(), true));
            f.add(extensions(off, end, ext));
            return f;
        }
        if (declared <= 0) {
            f.addAll(ip(body, end, true));
            return f;
        }
        if (off + declared > end) {
            f.addAll(ip(body, end, true));
            f.add(new Problem(end, "the header says the quote is " + (declared - 8) + " bytes (RFC 4884), but the message ends after "
                    + (end - body)));
            return f;
        }
        f.addAll(ip(body, off + declared, true));
        if (off + declared < end) {
            try {
                IcmpExtensions.parse(b, off + declared, end, declared, true);
            } catch (MalformedPacketException e) {
                f.add(new Problem(e.offset(), "ICMP extensions (RFC 4884): " + e.getMessage()));
            }
            f.add(dataField("undecoded extensions", off + declared, end));
        }
        return f;
    }

    /** The RFC 4884 structure and each object in it, field by field. */
    private Layer extensions(int icmpOffset, int end, IcmpExtensions ext) {
        int at = icmpOffset + ext.offset();
        List<Part> f = new ArrayList<>();
        f.add(new Field("version", at, 1, 0xf0, String.valueOf(ext.version()), ext.version() == IcmpExtensions.VERSION
                ? "RFC 4884 extensions" : "unknown: RFC 4884 defines version 2"));
        f.add(new Field("reserved", at, 2, 0x0fff, String.valueOf(Bytes.u16(b, at) & 0x0fff), ""));
        f.add(new Field("checksum", at + 2, 2, 0, String.format("0x%04x", ext.checksum()), ext.checksum() == 0
                ? "none: the router computed no checksum" : ext.checksumOk() ? "correct (over the extension structure)"
                : "wrong: the extensions were damaged"));
        for (IcmpExtensions.ExtensionObject o : ext.objects()) f.add(extensionObject(icmpOffset + o.offset(), o));
        String where = ext.rfc4884() ? "after a " + (ext.offset() - 8) + "-byte quote" : "at byte 128 of the quote (before RFC 4884)";
        return new Layer("ICMP extensions", ext.objects().size() + " object(s) " + where, at, end - at, f);
    }

    private Layer extensionObject(int at, IcmpExtensions.ExtensionObject o) {
        List<Part> f = new ArrayList<>();
        f.add(new Field("object length", at, 2, 0, String.valueOf(o.length()), "bytes, this 4-byte header included"));
        f.add(new Field("class", at + 2, 1, 0, String.valueOf(o.classNum()), o.className()));
        int body = at + IcmpExtensions.OBJECT_HEADER_LENGTH;
        try {
            if (o.classNum() == IcmpExtensions.CLASS_MPLS) {
                f.add(new Field("C-type", at + 3, 1, 0, String.valueOf(o.cType()), o.cType() == 1 ? "incoming label stack" : "unknown"));
                List<IcmpExtensions.MplsEntry> stack = o.mpls();
                for (int i = 0; i < stack.size(); i++) {
                    IcmpExtensions.MplsEntry e = stack.get(i);
                    int e0 = body + 4 * i;
                    f.add(new Field("label", e0, 3, 0xffff_f0, String.valueOf(e.label()), i == 0 ? "top of the stack" : "entry " + (i + 1)));
                    f.add(new Field("traffic class", e0 + 2, 1, 0x0e, String.valueOf(e.trafficClass()), "E in traceroute: once \"experimental\""));
                    f.add(new Field("bottom of stack", e0 + 2, 1, 0x01, e.bottom() ? "1" : "0", e.bottom() ? "the last label" : "more labels follow"));
                    f.add(new Field("TTL", e0 + 3, 1, 0, String.valueOf(e.ttl()), "the label's TTL when it expired"));
                }
            } else if (o.classNum() == IcmpExtensions.CLASS_INTERFACE) {
                IcmpExtensions.InterfaceInfo role = new IcmpExtensions.InterfaceInfo(o.cType() >> 6 & 3, -1, null, null, -1);
                f.add(new Field("C-type", at + 3, 1, 0, String.format("0x%02x", o.cType()), role.roleName() + "; fields: "
                        + interfaceFields(o.cType())));
                IcmpExtensions.InterfaceInfo.parse(o.cType(), o.payload(), body, f);
            } else {
                f.add(new Field("C-type", at + 3, 1, 0, String.valueOf(o.cType()), ""));
                if (o.length() > IcmpExtensions.OBJECT_HEADER_LENGTH) f.add(dataField("object data", body, at + o.length()));
            }
        } catch (MalformedPacketException e) {
            f.add(new Problem(o.classNum() == IcmpExtensions.CLASS_MPLS ? at : e.offset(), e.getMessage()));
        }
        return new Layer(o.className(), o.text(), at, o.length(), f);
    }

    private static String interfaceFields(int cType) {
        List<String> names = new ArrayList<>();
        if ((cType & IcmpExtensions.InterfaceInfo.HAS_IFINDEX) != 0) names.add("ifIndex");
        if ((cType & IcmpExtensions.InterfaceInfo.HAS_ADDRESS) != 0) names.add("address");
        if ((cType & IcmpExtensions.InterfaceInfo.HAS_NAME) != 0) names.add("name");
        if ((cType & IcmpExtensions.InterfaceInfo.HAS_MTU) != 0) names.add("MTU");
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** An IPv6 extension header in front of the upper layer, with its own fields. */
    private Layer extensionHeader(int off, int end, int type, boolean quoted) {
        String name = (quoted ? "quoted " : "") + Ipv6ExtensionHeader.name(type);
        List<Part> f = new ArrayList<>();
        int next = Ipv6ExtensionHeader.nextHeader(padded, off);
        f.add(new Field("next header", off, 1, 0, String.valueOf(next), Meanings.protocol(next)));
        if (end - off < 2) {
            f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
            f.add(new Problem(end, "the " + Ipv6ExtensionHeader.name(type) + " ends after " + (end - off) + " byte(s)"));
            return new Layer(name, "cut short", off, end - off, f);
        }
        int lengthByte = Ipv6ExtensionHeader.lengthByte(padded, off), length = Ipv6ExtensionHeader.lengthOf(type, lengthByte);
        if (type == Ipv6ExtensionHeader.FRAGMENT) {
            f.add(new Field("reserved", off + 1, 1, 0, String.valueOf(lengthByte), ""));
            boolean more = Ipv6ExtensionHeader.moreFragments(padded, off);
            f.add(new Field("fragment offset", off + 2, 2, 0xfff8, String.valueOf(Ipv6ExtensionHeader.fragmentOffset(padded, off)), "bytes into the original datagram"));
            f.add(new Field("more fragments", off + 2, 2, 0x0001, more ? "1" : "0", more ? "more follow" : "the last fragment"));
            f.add(new Field("identification", off + 4, 4, 0, String.valueOf(Ipv6ExtensionHeader.identification(padded, off)), "the same in every fragment"));
        } else {
            f.add(new Field("header length", off + 1, 1, 0, String.valueOf(lengthByte), length + " bytes"));
            if (type == Ipv6ExtensionHeader.ROUTING) {
                int routing = Ipv6ExtensionHeader.routingType(padded, off);
                f.add(new Field("routing type", off + 2, 1, 0, String.valueOf(routing), routing == 4 ? "segment routing (SRv6)" : ""));
                f.add(new Field("segments left", off + 3, 1, 0, String.valueOf(Ipv6ExtensionHeader.segmentsLeft(padded, off)), "addresses still to visit"));
                if (Math.min(end, off + length) > off + 4) f.add(dataField("routing data", off + 4, Math.min(end, off + length)));
            } else if (Math.min(end, off + length) > off + 2) {  // a header cut short shows what is there, never less than nothing
                f.add(dataField(type == Ipv6ExtensionHeader.AUTHENTICATION ? "authentication data" : "options", off + 2, Math.min(end, off + length)));
            }
        }
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        if (off + length > end)
            f.add(new Problem(end, "the " + Ipv6ExtensionHeader.name(type) + " is " + length + " bytes; the "
                    + (quoted ? "quote" : "packet") + " ends after " + (end - off)));
        return new Layer(name, length + " bytes, next " + Meanings.protocolName(next), off, Math.min(length, end - off), f);
    }

    /** A TCP segment: every header field, each flag by name, the options one by one, the checksum when the addresses are known. */
    private Layer tcp(int off, int end, boolean complete, boolean quoted, InetAddress src, InetAddress dst) {
        String name = quoted ? "quoted TCP" : "TCP";
        int available = end - off;
        int length = TcpHeader.headerLength(padded, off);
        List<Part> f = new ArrayList<>();
        int sport = TcpHeader.sourcePort(padded, off), dport = TcpHeader.destinationPort(padded, off), flags = TcpHeader.flags(padded, off);
        f.add(new Field("source port", off, 2, 0, String.valueOf(sport), ""));
        f.add(new Field("destination port", off + 2, 2, 0, String.valueOf(dport), Meanings.tcpPort(dport)));
        f.add(new Field("sequence number", off + 4, 4, 0, String.valueOf(TcpHeader.sequence(padded, off)),
                quoted ? "a TCP probe's identity lives here and in the ports" : ""));
        f.add(new Field("acknowledgment number", off + 8, 4, 0, String.valueOf(TcpHeader.acknowledgment(padded, off)),
                (flags & TcpHeader.ACK) != 0 ? "the next byte it expects: our sequence + 1 answers a SYN" : "not used without ACK"));
        f.add(new Field("data offset", off + 12, 1, 0xf0, length + " bytes", length < TcpHeader.MIN_LENGTH ? "below the minimum 20: impossible"
                : length / 4 + " words of 4 bytes: the header's length"));
        f.add(new Field("reserved", off + 12, 1, 0x0f, String.valueOf(TcpHeader.reserved(padded, off)), ""));
        f.add(new Field("flags", off + 13, 1, 0xff, String.format("0x%02x", flags), TcpHeader.flagNames(flags)));
        for (int bit : new int[] {TcpHeader.CWR, TcpHeader.ECE, TcpHeader.URG, TcpHeader.ACK, TcpHeader.PSH, TcpHeader.RST, TcpHeader.SYN, TcpHeader.FIN})
            f.add(new Field(TcpHeader.flagNames(bit), off + 13, 1, bit, (flags & bit) != 0 ? "1" : "0", flagMeaning(bit, (flags & bit) != 0)));
        f.add(new Field("window", off + 14, 2, 0, String.valueOf(TcpHeader.window(padded, off)), "bytes it will accept"));
        f.add(new Field("checksum", off + 16, 2, 0, String.format("0x%04x", TcpHeader.checksum(padded, off)),
                tcpChecksum(off, available, length, complete, src, dst)));
        f.add(new Field("urgent pointer", off + 18, 2, 0, String.valueOf(TcpHeader.urgentPointer(padded, off)), (flags & TcpHeader.URG) != 0 ? "" : "not used without URG"));
        f.removeIf(p -> p instanceof Field x && x.offset() + x.length() > end);
        String summary = sport + " > " + dport + " [" + TcpHeader.flagNames(flags) + "]";
        if (available < TcpHeader.MIN_LENGTH) {
            f.add(new Problem(end, "the TCP header needs 20 bytes; the " + (quoted ? "quote" : "segment") + " ends after " + available));
            return new Layer(name, summary, off, available, f);
        }
        if (length < TcpHeader.MIN_LENGTH) {
            f.add(new Problem(off + 12, "a data offset of " + length + " bytes is below TCP's minimum of 20"));
            f.add(dataField("undecoded", off + TcpHeader.MIN_LENGTH, end));
            return new Layer(name, summary, off, available, f);
        }
        if (length > available) {
            f.add(new Problem(end, "the data offset says the header is " + length + " bytes; the " + (quoted ? "quote" : "segment")
                    + " ends after " + available));
            if (available > TcpHeader.MIN_LENGTH) f.add(dataField("options (cut short)", off + TcpHeader.MIN_LENGTH, end));
            return new Layer(name, summary, off, available, f);
        }
        if (length > TcpHeader.MIN_LENGTH) tcpOptions(f, off, length);
        if (off + length < end) f.add(dataField("data", off + length, end));
        return new Layer(name, summary, off, available, f);
    }

    private void tcpOptions(List<Part> f, int off, int length) {
        TcpHeader h = TcpHeader.parse(b, off);
        try {
            for (TcpHeader.Option o : h.optionList()) {
                int at = off + TcpHeader.MIN_LENGTH + o.offset();
                f.add(new Field("option: " + o.name(), at, o.length(), 0, o.text().isEmpty() ? "kind " + o.kind() : o.text(), ""));
            }
        } catch (MalformedPacketException e) {
            f.add(new Problem(off + e.offset(), e.getMessage()));
        }
    }

    private static String flagMeaning(int bit, boolean set) {
        if (!set) return "";
        return switch (bit) {
            case TcpHeader.SYN -> "synchronize: opens a connection";
            case TcpHeader.ACK -> "the acknowledgment number is valid";
            case TcpHeader.RST -> "reset: nothing listens here, or the connection is refused";
            case TcpHeader.FIN -> "the sender is done";
            case TcpHeader.PSH -> "push the data to the application";
            case TcpHeader.URG -> "the urgent pointer is valid";
            case TcpHeader.ECE -> "ECN echo";
            default -> "congestion window reduced";
        };
    }

    private String tcpChecksum(int off, int available, int length, boolean complete, InetAddress src, InetAddress dst) {
        if (src == null) return "not checked: needs the IP addresses (pseudo-header)";
        if (!complete || length < TcpHeader.MIN_LENGTH || length > available)
            return available >= 18 ? "not checked: only part of the segment is here" : "";
        TcpHeader h = TcpHeader.parse(b, off);
        byte[] data = Arrays.copyOfRange(b, off + length, off + available);
        boolean ok = h.checksumOk(src, dst, data);
        return checksumMeaning(ok, h.withChecksum(src, dst, data).checksum()) + " (with the pseudo-header)";
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
            case 1, 3 -> {
                int words = (int) (m.rest() >>> 24);
                f.add(new Field("unused", at, 4, 0, String.valueOf(m.rest()), m.rest() == 0 ? "always 0"
                        : words != 0 ? "RFC 4884: the quote is " + words * 8 + " bytes, extensions follow" : "should be 0"));
            }
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
            if (type < 128 && !quoted) f.addAll(errorBody(off, body, end, true));
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



}
