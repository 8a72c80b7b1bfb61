package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/**
 * IPv6 header, ICMPv6 and UDP-over-IPv6 against vectors worked out by hand (RFC 8200, RFC 4443, RFC 1071).
 * Addresses as in the lab's chain: client fd00:71:1::1, router 1 fd00:71:1::2, destination fd00:71:6::2.
 * Their 16-bit words summed (the first step of every checksum below):
 * <pre>
 *   fd00:71:1::1 = fd00 0071 0001 0000 0000 0000 0000 0001  sums to fd73
 *   fd00:71:1::2 = fd00 0071 0001 0000 0000 0000 0000 0002  sums to fd74
 *   fd00:71:6::2 = fd00 0071 0006 0000 0000 0000 0000 0002  sums to fd79
 * </pre>
 */
class Ipv6CodecTest {
    static final Inet6Address CLIENT = v6("fd00:71:1::1"), ROUTER = v6("fd00:71:1::2"), DEST = v6("fd00:71:6::2");
    static final byte[] PAYLOAD = {'@', 'A', 'B', 'C'};  // 4041 4243

    static Inet6Address v6(String literal) {
        try {
            return (Inet6Address) InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final String CLIENT_HEX = "fd 00 00 71 00 01 00 00 00 00 00 00 00 00 00 01";
    static final String DEST_HEX = "fd 00 00 71 00 06 00 00 00 00 00 00 00 00 00 02";

    @Test
    void headerIsVersionClassFlowThenLengthNextHeaderHopLimitThenAddresses() {
        // 6 | tc 0 | flow 0 = 60 00 00 00; payload length 12 = 00 0c; next header 58 = 3a; hop limit 1 = 01.
        byte[] wire = Ipv6Header.of(CLIENT, DEST, 1, Ipv6Header.NEXT_ICMPV6, 12).encode();
        assertThat(Bytes.hex(wire)).isEqualTo("60 00 00 00 00 0c 3a 01 " + CLIENT_HEX + " " + DEST_HEX);

        // version 6, traffic class 0xb8 (DSCP 46, EF), flow label 0x12345:
        // 0110 1011 1000 0001 0010 0011 0100 0101 = 6b 81 23 45.
        Ipv6Header h = new Ipv6Header(0xb8, 0x12345, 0, Ipv6Header.NEXT_UDP, 255, CLIENT, DEST);
        assertThat(Bytes.hex(h.encode()).substring(0, 23)).isEqualTo("6b 81 23 45 00 00 11 ff");
        assertThat(Ipv6Header.parse(h.encode(), 0)).isEqualTo(h);
        assertThat(h).hasToString("IPv6 fd00:71:1:0:0:0:0:1 > fd00:71:6:0:0:0:0:2 hlim 255 next 17 len 0 tc 184 flow 74565");
    }

    @Test
    void parseReadsAtAnOffsetAndRefusesWhatIsNotAnIpv6Header() {
        byte[] wire = Bytes.fromHex("ff ff 60 00 00 00 00 0c 3a 40 " + CLIENT_HEX + " " + DEST_HEX);
        Ipv6Header h = Ipv6Header.parse(wire, 2);
        assertThat(h.hopLimit()).isEqualTo(64);
        assertThat(h.nextHeader()).isEqualTo(58);
        assertThat(h.payloadLength()).isEqualTo(12);
        assertThat(h.source()).isEqualTo(CLIENT);
        assertThat(h.destination()).isEqualTo(DEST);

        assertThatThrownBy(() -> Ipv6Header.parse(Bytes.fromHex("45 00 00 3c"), 0))
                .isInstanceOf(MalformedPacketException.class).hasMessage("IP version 4, not 6 (at byte 0)");
        assertThatThrownBy(() -> Ipv6Header.parse(java.util.Arrays.copyOf(wire, 41), 2))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("needs 40 byte(s)");
    }

    @Test
    void anIpv4MappedAddressStaysAnIpv6Address() {
        // ::ffff:10.71.1.1 — InetAddress.getByAddress would hand back an Inet4Address here.
        byte[] wire = Ipv6Header.of(CLIENT, DEST, 1, 58, 0).encode();
        byte[] mapped = Bytes.fromHex("00 00 00 00 00 00 00 00 00 00 ff ff 0a 47 01 01");
        System.arraycopy(mapped, 0, wire, 8, 16);
        assertThat(Ipv6Header.parse(wire, 0).source().getAddress()).isEqualTo(mapped);
    }

    /**
     * Echo request id 0x1234, seq 1, payload "@ABC", from the client to the destination:
     * <pre>
     *   pseudo-header: source fd73 + destination fd79             = 1faec
     *                  + upper-layer length 12 (0000 000c)        = 1faf8
     *                  + next header 58 (0000 003a)               = 1fb32
     *   message:       + 8000 (type 128, code 0) + 0000 (checksum)= 27b32
     *                  + 1234 (id) + 0001 (seq)                   = 28d67
     *                  + 4041 + 4243 ("@ABC")                     = 30feb
     *   fold: 0feb + 3 = 0fee; complement: f011
     * </pre>
     */
    @Test
    void echoRequestChecksumCoversThePseudoHeader() {
        Icmpv6Message echo = Icmpv6Message.echoRequest(CLIENT, DEST, 0x1234, 1, PAYLOAD);
        assertThat(echo.checksum()).isEqualTo(0xf011);
        assertThat(Bytes.hex(echo.encode())).isEqualTo("80 00 f0 11 12 34 00 01 40 41 42 43");
        assertThat(echo.checksumOk(CLIENT, DEST)).isTrue();
        assertThat(echo.checksumOk(ROUTER, DEST)).as("another source: another pseudo-header").isFalse();
        assertThat(echo.id()).isEqualTo(0x1234);
        assertThat(echo.seq()).isEqualTo(1);
        assertThat(echo.isError()).isFalse();
        assertThat(echo).hasToString("ICMPv6 echo request id 4660 seq 1 (4 bytes body)");

        // For a ping or raw ICMPv6 socket the kernel fills the checksum in: we hand it a zero.
        assertThat(Bytes.hex(Icmpv6Message.echoRequest(0x1234, 1, PAYLOAD).encode())).isEqualTo("80 00 00 00 12 34 00 01 40 41 42 43");
        assertThat(Icmpv6Message.echoRequest(0x1234, 1, PAYLOAD).withChecksum(CLIENT, DEST)).isEqualTo(echo);
    }

    /**
     * Router 1 tells the client that the echo above ran out of hops. It quotes the packet as it arrived
     * (hop limit 1), IPv6 header and all:
     * <pre>
     *   pseudo-header: source fd74 + destination fd73             = 1fae7
     *                  + length 60 (003c) + next header (003a)     = 1fb5d
     *   header:        + 0300 (type 3, code 0) + 0 + 0000 0000     = 1fe5d
     *   quoted IPv6:   6000 + 0000 + 000c + 3a01                   = 09a0d
     *                  + fd73 (source) + fd79 (destination)        = 294f9  → 1fe5d + 294f9 = 49356
     *   quoted echo:   8000 + f011 + 1234 + 0001 + 4041 + 4243     = 204ca  → 49356 + 204ca = 69820
     *   fold: 9820 + 6 = 9826; complement: 67d9
     * </pre>
     */
    @Test
    void timeExceededQuotesTheProbeAndVerifies() {
        byte[] echo = Icmpv6Message.echoRequest(CLIENT, DEST, 0x1234, 1, PAYLOAD).encode();
        byte[] quoted = Ipv6Header.concat(Ipv6Header.of(CLIENT, DEST, 1, Ipv6Header.NEXT_ICMPV6, echo.length).encode(), echo);
        byte[] wire = Bytes.fromHex("03 00 67 d9 00 00 00 00 " + Bytes.hex(quoted));

        Icmpv6Message te = Icmpv6Message.parse(wire);
        assertThat(te.type()).isEqualTo(Icmpv6Message.TIME_EXCEEDED);
        assertThat(te.code()).isEqualTo(Icmpv6Message.HOP_LIMIT_EXCEEDED);
        assertThat(te.isError()).isTrue();
        assertThat(te.checksumOk(ROUTER, CLIENT)).isTrue();
        assertThat(new Icmpv6Message(3, 0, 0, 0, quoted).withChecksum(ROUTER, CLIENT).checksum()).isEqualTo(0x67d9);
        assertThat(te).hasToString("ICMPv6 time exceeded (hop limit exceeded in transit) (52 bytes body)");

        Ipv6Header inner = Ipv6Header.parse(te.body(), 0);
        assertThat(inner.destination()).isEqualTo(DEST);
        assertThat(inner.hopLimit()).isEqualTo(1);
        Icmpv6Message probe = Icmpv6Message.parse(te.body(), Ipv6Header.LENGTH, te.body().length);
        assertThat(probe.seq()).isEqualTo(1);
        assertThat(probe.checksumOk(CLIENT, DEST)).isTrue();
    }

    /**
     * The same quote in a packet too big with MTU 1280: the type word drops by 0100 and the rest-of-header
     * word 0000 0500 adds 0500, so the sum grows by 0400: 9826 + 0400 = 9c26; complement: 63d9.
     */
    @Test
    void packetTooBigCarriesTheMtu() {
        byte[] echo = Icmpv6Message.echoRequest(CLIENT, DEST, 0x1234, 1, PAYLOAD).encode();
        byte[] quoted = Ipv6Header.concat(Ipv6Header.of(CLIENT, DEST, 1, Ipv6Header.NEXT_ICMPV6, echo.length).encode(), echo);
        Icmpv6Message ptb = new Icmpv6Message(Icmpv6Message.PACKET_TOO_BIG, 0, 0, 1280, quoted).withChecksum(ROUTER, CLIENT);
        assertThat(ptb.checksum()).isEqualTo(0x63d9);
        assertThat(Bytes.hex(ptb.encode()).substring(0, 23)).isEqualTo("02 00 63 d9 00 00 05 00");
        assertThat(Icmpv6Message.parse(ptb.encode()).mtu()).isEqualTo(1280);
        assertThat(ptb).hasToString("ICMPv6 packet too big mtu 1280 (52 bytes body)");
    }

    @Test
    void everyUnreachableCodeHasItsRfcName() {
        assertThat(java.util.stream.IntStream.rangeClosed(0, 7).mapToObj(c -> Icmpv6Message.codeName(1, c))).containsExactly(
                "no route to destination", "communication with destination administratively prohibited",
                "beyond scope of source address", "address unreachable", "port unreachable",
                "source address failed ingress/egress policy", "reject route to destination", "code 7 (unknown)");
        assertThat(Icmpv6Message.typeName(135)).isEqualTo("neighbor solicitation");
        assertThat(Icmpv6Message.codeName(Icmpv6Message.ECHO_REPLY, 0)).isEmpty();
    }

    /**
     * UDP from the client's port 40000 (9c40) to 33434 (829a), payload "@ABC":
     * <pre>
     *   pseudo-header: fd73 + fd79 + length 000c + next header 0011 = 1fb09
     *   UDP header:    9c40 + 829a + 000c (length) + 0000 (checksum) = 11ee6  → 319ef
     *   payload:       4041 + 4243                                   = 08284  → 39c73
     *   fold: 9c73 + 3 = 9c76; complement: 6389
     * </pre>
     */
    @Test
    void udpOverIpv6ChecksumCoversThePseudoHeader() {
        UdpHeader h = Ipv6Header.udp(CLIENT, DEST, 40000, 33434, PAYLOAD);
        assertThat(Bytes.hex(h.encode())).isEqualTo("9c 40 82 9a 00 0c 63 89");
        assertThat(Ipv6Header.udpChecksumOk(CLIENT, DEST, h, PAYLOAD)).isTrue();
        assertThat(Ipv6Header.udpChecksumOk(CLIENT, DEST, h, new byte[] {'@', 'A', 'B', 'D'})).isFalse();
        assertThat(Ipv6Header.udpChecksumOk(CLIENT, DEST, new UdpHeader(40000, 33434, 12, 0), PAYLOAD))
                .as("IPv6 has no 'no checksum'").isFalse();
    }

    @Test
    void aChecksumThatComesOutZeroIsSentAsFfff() {
        // Choose the payload word that makes the sum ffff: the computed checksum is then 0, which UDP
        // reserves for "none" — RFC 8200 §8.1 says send ffff (the same in ones' complement).
        UdpHeader probe = Ipv6Header.udp(CLIENT, DEST, 40000, 33434, new byte[] {0, 0});
        int word = probe.checksum();  // the complement of the sum without this word: adding it gives ffff
        UdpHeader h = Ipv6Header.udp(CLIENT, DEST, 40000, 33434, new byte[] {(byte) (word >> 8), (byte) word});
        assertThat(h.checksum()).isEqualTo(0xffff);
        assertThat(Ipv6Header.udpChecksumOk(CLIENT, DEST, h, new byte[] {(byte) (word >> 8), (byte) word})).isTrue();
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups as "::" (the first of equals). */
    @Test
    void addressesPrintAsInet_ntopPrintsThem() throws Exception {
        String[][] cases = {
                {"fd00:0071:0006:0000:0000:0000:0000:0002", "fd00:71:6::2"},
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},        // two runs of two: the first
                {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},    // one zero group stays "0"
                {"0:0:0:0:0:0:0:0", "::"}, {"0:0:0:0:0:0:0:1", "::1"}, {"fe80:0:0:0:0:0:0:0", "fe80::"},
                {"2001:DB8:0:0:0:0:0:AB", "2001:db8::ab"},
                {"::ffff:10.71.1.1", "::ffff:10.71.1.1"},          // IPv4-mapped: glibc's dotted tail
                {"::10.71.1.1", "::10.71.1.1"}};                    // IPv4-compatible, the same
        for (String[] c : cases)
            assertThat(AddressText.ipv6(InetAddress.getByName(c[0]).getAddress().length == 16
                    ? InetAddress.getByName(c[0]).getAddress() : mapped(InetAddress.getByName(c[0]).getAddress()))).as(c[0]).isEqualTo(c[1]);
        assertThat(AddressText.of(InetAddress.getByName("10.71.1.1"))).isEqualTo("10.71.1.1");
        assertThat(AddressText.of(Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 7))).isEqualTo("fe80::1%7");
    }

    /** Java turns ::ffff:a.b.c.d into an IPv4 address: put the mapping prefix back. */
    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /** Issue 6 fuzzes every decoder: a parse returns a value or throws MalformedPacketException, nothing else. */
    @Test
    void everyTruncationAndEveryWindowFailsCleanly() {
        byte[] echo = Icmpv6Message.echoRequest(CLIENT, DEST, 7, 9, PAYLOAD).encode();
        byte[] packet = Ipv6Header.concat(Ipv6Header.of(CLIENT, DEST, 3, 58, echo.length).encode(), echo);
        for (int len = 0; len <= packet.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(packet, len);
            for (int off = -2; off <= len + 2; off++) {
                for (int end = off - 1; end <= len + 2; end++) {
                    int o = off, e = end;
                    parsesOrFailsCleanly(() -> Icmpv6Message.parse(cut, o, e));
                }
                int o = off;
                parsesOrFailsCleanly(() -> Ipv6Header.parse(cut, o));
            }
        }
    }

    private static void parsesOrFailsCleanly(Runnable parse) {
        try {
            parse.run();
        } catch (MalformedPacketException expected) {
            // the one allowed failure
        }
    }
}
