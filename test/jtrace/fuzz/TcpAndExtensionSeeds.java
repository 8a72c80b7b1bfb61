package jtrace.fuzz;

import static jtrace.fuzz.Seeds.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jtrace.packet.Bytes;
import jtrace.packet.Checksum;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.IcmpExtensions.InterfaceInfo;
import jtrace.packet.IcmpExtensions.MplsEntry;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.TcpHeader;

/**
 * Seeds for what issue 10 added: TCP probes and answers, ICMP errors with RFC 4884 extensions (MPLS label
 * stacks, interface information, the pre-RFC 4884 form, lying object lengths) and IPv6 extension headers.
 * Part of {@link Seeds#all()}.
 */
final class TcpAndExtensionSeeds {
    private TcpAndExtensionSeeds() {}

    static void addTo(Map<String, byte[]> all) {
        tcp().forEach((name, b) -> all.put("jtrace/fuzz/TcpAndExtensionsFuzzTestInputs/tcp/" + name, b));
        extensions().forEach((name, b) -> all.put("jtrace/fuzz/TcpAndExtensionsFuzzTestInputs/extensions/" + name, b));
        ipv6Extensions().forEach((name, b) -> all.put("jtrace/fuzz/TcpAndExtensionsFuzzTestInputs/ipv6Extension/" + name, b));
        // decode(): a SYN as sent, the answers, and time exceeded messages that quote it with extensions.
        all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/tcp-syn", synProbe(1));
        all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/tcp-syn-ack", concat(Ipv4Header.of(TARGET, CLIENT, 61, Ipv4Header.PROTO_TCP, 0, 24)
                .encode(), synAck()));
        extensions().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/icmp/" + name, b));
        all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/v4-time-exceeded-with-mpls", ip(ROUTER, 63, extensions().get("mpls-one-label")));
        all.put("jtrace/fuzz/DecoderFuzzTestInputs/icmpv6/time-exceeded-with-mpls", icmpv6WithMpls());
        ipv6Extensions().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/icmpv6/quoting-" + name,
                icmp6(3, 0, 0, quotedV6(name, b))));
    }

    static Map<String, byte[]> tcp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] syn = TcpHeader.syn(40000, 80, 7).encode();
        s.put("syn", syn);
        s.put("syn-ack-mss", synAck());
        s.put("rst-ack", new TcpHeader(80, 40000, 0, 8, 0, TcpHeader.RST | TcpHeader.ACK, 0, 0, 0, new byte[0]).encode());
        s.put("every-option", new TcpHeader(1, 2, 3, 4, 0, TcpHeader.SYN, 100, 0, 0,
                Bytes.fromHex("01 01 08 0a 00 00 00 7b 00 00 00 00 02 04 05 b4 03 03 07 04 02 00 00 00")).encode());
        s.put("data-offset-below-minimum", set(syn, 12, 0x40, syn.length));
        s.put("data-offset-beyond-the-buffer", set(syn, 12, 0xf0, syn.length));
        s.put("option-length-lies", new TcpHeader(1, 2, 3, 4, 0, TcpHeader.SYN, 100, 0, 0, Bytes.fromHex("02 09 05 b4")).encode());
        s.put("option-length-zero", new TcpHeader(1, 2, 3, 4, 0, TcpHeader.SYN, 100, 0, 0, Bytes.fromHex("08 00 00 00")).encode());
        s.put("truncated", slice(syn, 12));
        return s;
    }

    /** Whole ICMP messages (from the type on). */
    static Map<String, byte[]> extensions() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] mpls = IcmpExtensions.mplsObject(List.of(new MplsEntry(24005, 0, true, 1)));
        byte[] stack = IcmpExtensions.mplsObject(List.of(new MplsEntry(16001, 5, false, 254), new MplsEntry(24005, 0, true, 1)));
        byte[] iface = IcmpExtensions.interfaceObject(new InterfaceInfo(0, 3, TARGET, "to-r2", 1500));
        byte[] iface6 = IcmpExtensions.interfaceObject(new InterfaceInfo(2, 7, TARGET6, "eth-with-a-long-name-0123456789", -1));
        s.put("mpls-one-label", withExtensions(List.of(mpls)));
        s.put("mpls-two-labels-and-interface", withExtensions(List.of(stack, iface)));
        s.put("interface-ipv6-outgoing", withExtensions(List.of(iface6)));
        byte[] legacy = withExtensions(List.of(mpls));
        legacy[5] = 0;
        s.put("mpls-before-rfc4884", fixed(legacy));
        s.put("object-length-beyond-the-packet", withExtensions(List.of(Bytes.fromHex("00 f0 01 01 05 dc 51 01"))));
        s.put("object-length-below-its-header", withExtensions(List.of(Bytes.fromHex("00 02 01 01 05 dc 51 01"))));
        s.put("mpls-not-whole-entries", withExtensions(List.of(IcmpExtensions.object(1, 1, Bytes.fromHex("05 dc 51")))));
        s.put("interface-name-length-lies", withExtensions(List.of(IcmpExtensions.object(2, 0x02, Bytes.fromHex("44 61 62 63")))));
        s.put("interface-unknown-address-family", withExtensions(List.of(IcmpExtensions.object(2, 0x04, Bytes.fromHex("00 07 00 00 0a 00 00 01")))));
        s.put("interface-fields-missing", withExtensions(List.of(IcmpExtensions.object(2, 0x0f, Bytes.fromHex("00 00 00 03")))));
        s.put("unknown-class", withExtensions(List.of(IcmpExtensions.object(9, 3, Bytes.fromHex("de ad be ef")))));
        byte[] beyond = withExtensions(List.of(mpls));
        beyond[5] = (byte) 200;  // the quote "is" 800 bytes
        s.put("quote-length-beyond-the-message", fixed(beyond));
        s.put("extension-header-only", withExtensions(List.of()));
        return s;
    }

    /** IPv6 extension headers, each followed by a UDP header. */
    static Map<String, byte[]> ipv6Extensions() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] udp = Bytes.fromHex("9c 40 82 9a 00 08 12 34");
        s.put("hop-by-hop", concat(Bytes.fromHex("11 00 01 04 00 00 00 00"), udp));
        s.put("fragment-first", concat(Bytes.fromHex("11 00 00 01 01 02 03 04"), udp));
        s.put("fragment-later", concat(Bytes.fromHex("11 00 05 a8 01 02 03 04"), udp));
        s.put("routing-srv6", concat(Bytes.fromHex("11 02 04 01 00 00 00 00"), TARGET6.getAddress(), udp));
        s.put("length-beyond-the-quote", Bytes.fromHex("11 ff 01 04 00 00 00 00"));
        s.put("one-byte", Bytes.fromHex("11"));
        return s;
    }

    /** A quoted IPv6 probe whose first extension header is the seed {@code name} (its type read from the name). */
    private static byte[] quotedV6(String name, byte[] extensionsAndUdp) {
        int type = name.startsWith("fragment") ? 44 : name.startsWith("routing") ? 43 : 0;
        byte[] ip = ipv6Packet(new byte[0]);
        Bytes.put16(ip, 4, extensionsAndUdp.length);
        ip[6] = (byte) type;
        ip[7] = 1;
        return concat(ip, extensionsAndUdp);
    }

    static byte[] synProbe(int ttl) {
        byte[] syn = TcpHeader.syn(40000, 80, ttl).withChecksum(CLIENT, TARGET, new byte[0]).encode();
        return concat(Ipv4Header.of(CLIENT, TARGET, ttl, Ipv4Header.PROTO_TCP, ttl, syn.length).encode(), syn);
    }

    static byte[] synAck() {
        return new TcpHeader(80, 40000, 0x11223344L, 8, 0, TcpHeader.SYN | TcpHeader.ACK, 65535, 0, 0, Bytes.fromHex("02 04 05 b4"))
                .withChecksum(TARGET, CLIENT, new byte[0]).encode();
    }

    /** A time exceeded quoting our SYN, with an RFC 4884 structure of these objects. */
    private static byte[] withExtensions(List<byte[]> objects) {
        byte[] quote = synProbe(3);
        IcmpMessage m = new IcmpMessage(IcmpMessage.TIME_EXCEEDED, 0, 0, IcmpExtensions.lengthWord(quote.length, false),
                IcmpExtensions.errorBody(quote, IcmpExtensions.encode(objects), false));
        return m.withChecksum(Checksum.of(m.encode())).encode();
    }

    private static byte[] icmpv6WithMpls() {
        byte[] quote = echoProbe6(3, 12, ECHO_ID, TARGET6);
        byte[] body = IcmpExtensions.errorBody(quote, IcmpExtensions.encode(List.of(
                IcmpExtensions.mplsObject(List.of(new MplsEntry(24005, 0, true, 1))))), true);
        return new Icmpv6Message(3, 0, 0, IcmpExtensions.lengthWord(quote.length, true), body).encode();
    }

    private static byte[] fixed(byte[] icmp) {
        byte[] c = icmp.clone();
        c[2] = 0;
        c[3] = 0;
        Bytes.put16(c, 2, Checksum.of(c));
        return c;
    }
}
