package jtrace.packet;

import static jtrace.packet.Bytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The IPv4 codecs byte for byte, against vectors added up by hand (RFC 1071: sum the 16-bit words, fold the
 * carries back in, complement). The probe is the one the original Python RouteScanner built with make_ip and
 * make_icmp_echo_request: 10.71.1.1 -> 10.71.6.2 (the lab's chain), TTL 1, IP id 0x1234, echo id 0x4a54, seq 1.
 */
class Ipv4CodecTest {
    private static Inet4Address v4(String a) throws Exception { return (Inet4Address) InetAddress.getByName(a); }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 section 3: 0001 + f203 + f4f5 + f6f7 = 2ddf0, folded ddf2, complemented 220d.
        assertThat(Checksum.of(fromHex("00 01 f2 03 f4 f5 f6 f7"))).isEqualTo(0x220d);
        // An odd length pads the last byte with zero: 0001 + f200 = f201, complemented 0dfe.
        assertThat(Checksum.of(fromHex("00 01 f2"))).isEqualTo(0x0dfe);
        // A buffer that holds its own correct checksum sums to ffff: its checksum is 0.
        assertThat(Checksum.of(fromHex("00 01 f2 03 f4 f5 f6 f7 22 0d"))).isZero();
    }

    @Test
    void theOriginalDesignsIpv4Header() throws Exception {
        // 4500 + 001c + 1234 + 0000 + 0101 + 0a47 + 0101 + 0a47 + 0602 = 73e2 (no carry): checksum 8c1d.
        byte[] expected = fromHex("45 00 00 1c  12 34 00 00  01 01 8c 1d  0a 47 01 01  0a 47 06 02");
        Ipv4Header h = Ipv4Header.of(v4("10.71.1.1"), v4("10.71.6.2"), 1, Ipv4Header.PROTO_ICMP, 0x1234, 8);
        assertThat(h.encode()).isEqualTo(expected);
        assertThat(h.checksum()).isEqualTo(0x8c1d);
        assertThat(h.checksumOk()).isTrue();

        Ipv4Header back = Ipv4Header.parse(expected, 0);
        assertThat(back).isEqualTo(h);
        assertThat(back.ttl()).isEqualTo(1);
        assertThat(back.destination().getHostAddress()).isEqualTo("10.71.6.2");
        expected[8] = 2;  // the TTL changed but the checksum did not
        assertThat(Ipv4Header.parse(expected, 0).checksumOk()).isFalse();
    }

    @Test
    void theOriginalDesignsIcmpEchoRequest() {
        // 0800 + 4a54 + 0001 = 5255: checksum adaa.
        IcmpMessage echo = IcmpMessage.echoRequest(0x4a54, 1, new byte[0]);
        assertThat(echo.encode()).isEqualTo(fromHex("08 00 ad aa 4a 54 00 01"));
        assertThat(echo.checksumOk()).isTrue();
        IcmpMessage back = IcmpMessage.parse(echo.encode());
        assertThat(back.id()).isEqualTo(0x4a54);
        assertThat(back.seq()).isEqualTo(1);
        // With traceroute's payload "@ABC" (40 41 42 43): 5255 + 4041 + 4243 = d4d9, checksum 2b26.
        assertThat(IcmpMessage.echoRequest(0x4a54, 1, fromHex("40 41 42 43")).checksum()).isEqualTo(0x2b26);
    }

    @Test
    void udpChecksumCoversThePseudoHeader() throws Exception {
        // Pseudo-header 0a47 0101 0a47 0602 0011 0008, header 9c40 829a 0008:
        // 1baa + 9c40 + 829a + 0008 = 13a8c, folded 3a8d, complemented c572.
        UdpHeader u = UdpHeader.of(v4("10.71.1.1"), v4("10.71.6.2"), 40000, 33434, new byte[0]);
        assertThat(u.encode()).isEqualTo(fromHex("9c 40 82 9a 00 08 c5 72"));
        assertThat(UdpHeader.parse(u.encode(), 0)).isEqualTo(u);
    }

    @Test
    void bytesThatAreNotAHeaderAreAParseErrorNotACrash() {
        assertThatThrownBy(() -> Ipv4Header.parse(fromHex("65 00 00 1c"), 0))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("IP version 6");
        assertThatThrownBy(() -> Ipv4Header.parse(fromHex("44 00 00 1c 00 00 00 00 01 01 00 00 0a 47 01 01 0a 47 06 02"), 0))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("IHL 16 bytes");
        assertThatThrownBy(() -> Ipv4Header.parse(fromHex("46 00 00 1c 00 00 00 00 01 01 00 00 0a 47 01 01 0a 47 06 02"), 0))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("needs 24 byte(s)");
        assertThatThrownBy(() -> IcmpMessage.parse(fromHex("0b 00 f4")))
                .isInstanceOf(MalformedPacketException.class);
    }
}
