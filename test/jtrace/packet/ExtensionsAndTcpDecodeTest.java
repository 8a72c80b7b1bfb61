package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * decode() and the codecs for what issue 10 adds: TCP (traceroute -T's SYN and the answers to it), RFC 4884
 * extensions with an RFC 4950 MPLS label stack and RFC 5837 interface information, and IPv6 extension headers
 * inside a quote. The checksums marked "by hand" were added up on paper first.
 */
class ExtensionsAndTcpDecodeTest {
    /**
     * A SYN, TTL 1, 10.71.1.1:40000 -> 10.71.6.2:80, sequence 1, no options.
     * IPv4 checksum by hand: 4500+0028+0001+0000+0106+0a47+0101+0a47+0602 = 0x61c0, complement 0x9e3f.
     * TCP checksum by hand: see TcpCodecTest (0xfccf).
     */
    static final byte[] SYN = DecodeTest.hex(
            "45", "00", "0028", "0001", "0000", "01", "06", "9e3f", "0a470101", "0a470602",
            "9c40", "0050",   // 20  ports 40000 > 80
            "00000001",       // 24  sequence 1
            "00000000",       // 28  acknowledgment
            "50", "02",       // 32  data offset 5 words, flags SYN
            "faf0",           // 34  window 64240
            "fccf", "0000");  // 36  checksum, urgent pointer

    /**
     * RFC 4950's object for one label, 24005 (0x5dc5), traffic class 0, bottom of stack, TTL 1: the entry is
     * 0x5dc5 << 12 | 1 << 8 | 1 = 05 dc 51 01. Object: length 8, class 1, C-type 1. Structure checksum by hand:
     * 2000 + 0000 + 0008 + 0101 + 05dc + 5101 = 0x77e6, complement 0x8819.
     */
    static final byte[] MPLS_STRUCTURE = DecodeTest.hex("2000", "8819", "0008", "01", "01", "05dc5101");

    @Test
    void aSynDecodesFieldByFieldWithItsFlagsNamed() {
        Decoded d = Decoder.decode(SYN);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name).containsExactly("IPv4", "TCP");
        assertThat(d.layer("TCP").summary()).isEqualTo("40000 > 80 [SYN]");
        assertThat(d.layer("TCP").field("flags").meaning()).isEqualTo("SYN");
        assertThat(d.field("SYN").value()).isEqualTo("1");
        assertThat(d.field("SYN").bits(SYN)).isEqualTo(".... ..1.");
        assertThat(d.field("ACK").value()).isEqualTo("0");
        assertThat(d.layer("TCP").field("checksum").meaning()).isEqualTo("correct (with the pseudo-header)");
        assertThat(d.layer("IPv4").field("header checksum").meaning()).isEqualTo("correct");
        assertThat(d.field("destination port").meaning()).startsWith("HTTP");
        assertThat(d.toString()).contains("sequence number", "acknowledgment number", "data offset", "window", "urgent pointer");
        byte[] damaged = SYN.clone();
        damaged[27] = 2;  // sequence 2 under the checksum of sequence 1: 0xfccf - 1
        assertThat(Decoder.decode(damaged).layer("TCP").field("checksum").meaning()).isEqualTo("wrong: should be 0xfcce (with the pseudo-header)");
    }

    @Test
    void theJShellHelperBuildsExactlyThisSyn() {
        assertThat(jtrace.Jtrace.tcpSyn("10.71.1.1", "10.71.6.2", 1)).isEqualTo(SYN);
        Decoded v6 = Decoder.decode(jtrace.Jtrace.tcpSyn("fd00:71:1::1", "fd00:71:6::2", 1));
        assertThat(v6.ok()).as(v6.toString()).isTrue();
        assertThat(v6.layer("TCP").field("checksum").value()).isEqualTo("0x1d73");  // TcpCodecTest's hand-added vector
    }

    @Test
    void theMplsObjectByHand() {
        byte[] object = IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(24005, 0, true, 1)));
        assertThat(object).isEqualTo(DecodeTest.hex("0008", "01", "01", "05dc5101"));
        assertThat(IcmpExtensions.encode(List.of(object))).isEqualTo(MPLS_STRUCTURE);
        IcmpExtensions e = IcmpExtensions.parse(MPLS_STRUCTURE, 0, MPLS_STRUCTURE.length, 136, true);
        assertThat(e.version()).isEqualTo(2);
        assertThat(e.checksumOk()).isTrue();
        assertThat(e.mpls()).containsExactly(new IcmpExtensions.MplsEntry(24005, 0, true, 1));
        assertThat(e.text()).isEqualTo("<MPLS:L=24005,E=0,S=1,T=1>");
    }

    @Test
    void aStackOfTwoLabelsJoinedBySlash() {
        byte[] object = IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(16001, 5, false, 254),
                new IcmpExtensions.MplsEntry(24005, 0, true, 1)));
        // 16001 = 0x3e81: 03 e8 1a fe (traffic class 5 = 101 in bits 11..9: 0xa00; TTL 254)
        assertThat(object).isEqualTo(DecodeTest.hex("000c", "01", "01", "03e81afe", "05dc5101"));
        IcmpExtensions e = IcmpExtensions.find(timeExceeded(List.of(object)), false).orElseThrow();
        assertThat(e.text()).isEqualTo("<MPLS:L=16001,E=5,S=0,T=254/L=24005,E=0,S=1,T=1>");
    }

    @Test
    void aTimeExceededWithAnMplsStackDecodesTheQuoteThenTheExtensions() {
        byte[] icmp = timeExceeded(List.of(IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(24005, 0, true, 1)))));
        assertThat(icmp[5]).as("RFC 4884 length: 128 bytes = 32 words").isEqualTo((byte) 32);
        Decoded d = Decoder.icmp(icmp);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name)
                .containsExactly("ICMP", "quoted IPv4", "quoted TCP", "ICMP extensions", "MPLS label stack");
        assertThat(d.field("unused").meaning()).isEqualTo("RFC 4884: the quote is 128 bytes, extensions follow");
        assertThat(d.layer("ICMP extensions").field("checksum").meaning()).isEqualTo("correct (over the extension structure)");
        assertThat(d.layer("ICMP extensions").offset()).isEqualTo(136);
        assertThat(d.layer("MPLS label stack").summary()).isEqualTo("MPLS:L=24005,E=0,S=1,T=1");
        assertThat(d.field("label").value()).isEqualTo("24005");
        assertThat(d.field("bottom of stack").value()).isEqualTo("1");
        assertThat(d.field("TTL").value()).isEqualTo("1");
        assertThat(d.layer("quoted TCP").summary()).isEqualTo("40000 > 80 [SYN]");
        assertThat(d.layer("quoted TCP").field("sequence number").value()).isEqualTo("1");
    }

    @Test
    void interfaceInformationFieldByField() throws Exception {
        var info = new IcmpExtensions.InterfaceInfo(0, 3, InetAddress.getByName("10.83.3.1"), "to-r2", 1500);
        byte[] object = IcmpExtensions.interfaceObject(info);
        // C-type 0x0f: incoming interface, ifIndex + address + name + MTU. Name sub-object: length 8, "to-r2", 2 NULs.
        assertThat(object).isEqualTo(DecodeTest.hex("001c", "02", "0f", "00000003", "0001", "0000", "0a530301",
                "08", "746f2d7232", "0000", "000005dc"));
        byte[] icmp = timeExceeded(List.of(object));
        IcmpExtensions e = IcmpExtensions.find(icmp, false).orElseThrow();
        assertThat(e.objects().get(0).interfaceInfo()).isEqualTo(info);
        assertThat(e.text()).isEqualTo("<IF:in,index=3,addr=10.83.3.1,name=to-r2,mtu=1500>");
        assertThat(IcmpExtensions.find(timeExceeded(List.of(
                IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(24001, 0, true, 1))), object)), false).orElseThrow().text())
                .as("traceroute -e: one bracket, objects joined by ;").isEqualTo("<MPLS:L=24001,E=0,S=1,T=1;IF:in,index=3,addr=10.83.3.1,name=to-r2,mtu=1500>");
        assertThat(new IcmpExtensions.ExtensionObject(0, 12, 9, 3, DecodeTest.hex("deadbeef", "0102")).text())
                .as("unknown objects as traceroute prints them").isEqualTo("9/3:deadbeef,0102");
        Decoded d = Decoder.icmp(icmp);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layer("interface information").field("C-type").meaning()).isEqualTo("incoming interface; fields: ifIndex, address, name, MTU");
        assertThat(d.field("ifIndex").value()).isEqualTo("3");
        assertThat(d.field("address").value()).isEqualTo("10.83.3.1");
        assertThat(d.field("name").value()).isEqualTo("to-r2");
        assertThat(d.field("MTU").value()).isEqualTo("1500");
    }

    @Test
    void routersFromBeforeRfc4884PutTheStructureAtByte128WithLengthZero() {
        byte[] icmp = timeExceeded(List.of(IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(24005, 0, true, 1)))));
        icmp[5] = 0;
        fixChecksum(icmp);
        IcmpExtensions e = IcmpExtensions.find(icmp, false).orElseThrow();
        assertThat(e.rfc4884()).isFalse();
        assertThat(e.text()).isEqualTo("<MPLS:L=24005,E=0,S=1,T=1>");
        assertThat(Decoder.icmp(icmp).layer("ICMP extensions").summary()).contains("before RFC 4884");
        // A quote that merely happens to be long is not taken for extensions: its checksum would have to verify.
        icmp[137 + 2] ^= 1;
        fixChecksum(icmp);
        assertThat(IcmpExtensions.find(icmp, false)).isEmpty();
    }

    @Test
    void lyingObjectLengthsAreProblemsNotCrashes() {
        byte[] icmp = timeExceeded(List.of(DecodeTest.hex("00f0", "01", "01", "05dc5101")));
        assertThat(IcmpExtensions.find(icmp, false)).isEmpty();
        Decoded d = Decoder.icmp(icmp);
        assertThat(d.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("an extension object of 240 bytes, but 8 are left"));
        assertThat(d.layers()).extracting(Part.Layer::name).contains("quoted IPv4");
    }

    @Test
    void icmpv6CountsTheQuoteIn8ByteWords() throws Exception {
        byte[] quote = Ipv6Header.concat(Ipv6Header.of((java.net.Inet6Address) InetAddress.getByName("fd00:71:1::1"),
                (java.net.Inet6Address) InetAddress.getByName("fd00:71:6::2"), 1, Ipv6Header.NEXT_TCP, 20).encode(),
                TcpHeader.syn(40000, 80, 1).encode());
        byte[] object = IcmpExtensions.mplsObject(List.of(new IcmpExtensions.MplsEntry(24005, 0, true, 1)));
        byte[] body = IcmpExtensions.errorBody(quote, IcmpExtensions.encode(List.of(object)), true);
        byte[] icmp6 = new Icmpv6Message(3, 0, 0, IcmpExtensions.lengthWord(quote.length, true), body).encode();
        assertThat(icmp6[4]).as("128 bytes = 16 words of 8").isEqualTo((byte) 16);
        assertThat(IcmpExtensions.find(icmp6, true).orElseThrow().text()).isEqualTo("<MPLS:L=24005,E=0,S=1,T=1>");
        Decoded d = Decoder.icmpv6(icmp6);
        assertThat(d.layers()).extracting(Part.Layer::name)
                .containsExactly("ICMPv6", "quoted IPv6", "quoted TCP", "ICMP extensions", "MPLS label stack");
        assertThat(d.field("unused").meaning()).isEqualTo("RFC 4884: the quote is 128 bytes, extensions follow");
    }

    @Test
    void ipv6ExtensionHeadersInsideAQuoteAreWalked() throws Exception {
        // Hop-by-hop (next: fragment), 8 bytes: PadN of 4; fragment (next: UDP), offset 0, identification 0x01020304; then UDP.
        byte[] hopByHop = DecodeTest.hex("2c", "00", "0104", "00000000");
        byte[] fragment = DecodeTest.hex("11", "00", "0001", "01020304");
        byte[] udp = new UdpHeader(40000, 33434, 8, 0x1234).encode();
        byte[] inner = Ipv6Header.concat(Ipv6Header.concat(hopByHop, fragment), udp);
        byte[] quote = Ipv6Header.concat(Ipv6Header.of((java.net.Inet6Address) InetAddress.getByName("fd00:71:1::1"),
                (java.net.Inet6Address) InetAddress.getByName("fd00:71:6::2"), 1, Ipv6ExtensionHeader.HOP_BY_HOP, inner.length).encode(), inner);
        byte[] icmp6 = new Icmpv6Message(3, 0, 0, 0, quote).encode();
        Decoded d = Decoder.icmpv6(icmp6);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name)
                .containsExactly("ICMPv6", "quoted IPv6", "quoted hop-by-hop options", "quoted fragment header", "quoted UDP");
        assertThat(d.layer("quoted fragment header").field("identification").value()).isEqualTo(String.valueOf(0x01020304));
        assertThat(d.layer("quoted fragment header").field("more fragments").value()).isEqualTo("1");
        assertThat(d.layer("quoted UDP").field("destination port").value()).isEqualTo("33434");
        Ipv6ExtensionHeader h = Ipv6ExtensionHeader.parse(inner, 8, Ipv6ExtensionHeader.FRAGMENT);
        assertThat(h.nextHeader()).isEqualTo(17);
        assertThat(h.moreFragments()).isTrue();
        assertThat(h.fragmentOffset()).isZero();
    }

    /**
     * An ICMP time exceeded quoting the whole SYN, as Linux and most routers do (the quote is then zero-padded to
     * 128 bytes, so a shorter quote could not be told from the padding), then RFC 4884 extensions with these objects.
     */
    static byte[] timeExceeded(List<byte[]> objects) {
        byte[] quote = SYN.clone();
        byte[] body = IcmpExtensions.errorBody(quote, IcmpExtensions.encode(objects), false);
        IcmpMessage m = new IcmpMessage(IcmpMessage.TIME_EXCEEDED, 0, 0, IcmpExtensions.lengthWord(quote.length, false), body);
        return m.withChecksum(Checksum.of(m.encode())).encode();
    }

    private static void fixChecksum(byte[] icmp) {
        icmp[2] = 0;
        icmp[3] = 0;
        Bytes.put16(icmp, 2, Checksum.of(icmp));
    }
}
