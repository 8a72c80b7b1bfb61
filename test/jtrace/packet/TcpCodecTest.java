package jtrace.packet;

import static jtrace.packet.Bytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The TCP codec against vectors added up by hand (RFC 1071 over the pseudo-header, then the header). The probe
 * is traceroute -T's: a SYN from port 40000 to port 80 of the lab's chain destination, sequence number 1.
 */
class TcpCodecTest {
    private static InetAddress a(String literal) throws Exception { return InetAddress.getByName(literal); }

    @Test
    void synOverIpv4() throws Exception {
        // Pseudo-header 0a47 0101 0a47 0602 0006 0014 sums to 1bab; the header's words 9c40 0050 0000 0001 0000 0000
        // 5002 faf0 (0000) 0000 sum to 1e783; together 2032e, folded 0330, complemented fccf.
        TcpHeader syn = TcpHeader.syn(40000, 80, 1).withChecksum(a("10.71.1.1"), a("10.71.6.2"), new byte[0]);
        byte[] expected = fromHex("9c 40 00 50  00 00 00 01  00 00 00 00  50 02 fa f0  fc cf 00 00");
        assertThat(syn.encode()).isEqualTo(expected);
        assertThat(syn.checksum()).isEqualTo(0xfccf);
        assertThat(syn.checksumOk(a("10.71.1.1"), a("10.71.6.2"), new byte[0])).isTrue();
        assertThat(syn.checksumOk(a("10.71.1.1"), a("10.71.6.3"), new byte[0])).as("another destination").isFalse();
        assertThat(TcpHeader.parse(expected, 0)).isEqualTo(syn);
        assertThat(syn.flagNames()).isEqualTo("SYN");
        assertThat(syn).hasToString("TCP 40000 > 80 [SYN] seq 1 win 64240");
    }

    @Test
    void synOverIpv6() throws Exception {
        // Pseudo-header: fd00+0071+0001+0001 = fd73 (source), fd00+0071+0006+0002 = fd79 (destination), length 0014,
        // next header 0006: 1fb06. With the header's 1e783: 3e289, folded e28c, complemented 1d73.
        TcpHeader syn = TcpHeader.syn(40000, 80, 1).withChecksum(a("fd00:71:1::1"), a("fd00:71:6::2"), new byte[0]);
        assertThat(syn.checksum()).isEqualTo(0x1d73);
        assertThat(syn.checksumOk(a("fd00:71:1::1"), a("fd00:71:6::2"), new byte[0])).isTrue();
        assertThatThrownBy(() -> syn.withChecksum(a("10.71.1.1"), a("fd00:71:6::2"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both IPv4 or both IPv6");
    }

    @Test
    void synAckWithOptionsFromTheDestination() throws Exception {
        // The answer: 80 > 40000, its own sequence 0x11223344, ack = our 1 + 1, SYN+ACK (0x12), offset 6 words: MSS 1460.
        byte[] bytes = fromHex("00 50 9c 40  11 22 33 44  00 00 00 02  60 12 ff ff  00 00 00 00  02 04 05 b4");
        TcpHeader h = TcpHeader.parse(bytes, 0);
        assertThat(h.headerLength()).isEqualTo(24);
        assertThat(h.has(TcpHeader.SYN)).isTrue();
        assertThat(h.has(TcpHeader.ACK)).isTrue();
        assertThat(h.has(TcpHeader.RST)).isFalse();
        assertThat(h.flagNames()).isEqualTo("SYN, ACK");
        assertThat(h.acknowledgment()).isEqualTo(2);
        assertThat(h.sequence()).isEqualTo(0x11223344L);
        assertThat(h.optionList()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("maximum segment size");
            assertThat(o.text()).isEqualTo("1460");
        });
        assertThat(h.encode()).isEqualTo(bytes);
        // Its checksum filled in, then verified two ways: by the codec, and by summing the pseudo-header and header by hand.
        TcpHeader signed = h.withChecksum(a("10.71.6.2"), a("10.71.1.1"), new byte[0]);
        assertThat(signed.checksumOk(a("10.71.6.2"), a("10.71.1.1"), new byte[0])).isTrue();
        assertThat(Checksum.of(concat(fromHex("0a 47 06 02 0a 47 01 01 00 06 00 18"), signed.encode()))).isZero();
    }

    @Test
    void rstAndEveryFlagByName() {
        assertThat(TcpHeader.flagNames(TcpHeader.RST | TcpHeader.ACK)).isEqualTo("ACK, RST");
        assertThat(TcpHeader.flagNames(0xff)).isEqualTo("SYN, ACK, RST, FIN, PSH, URG, ECE, CWR");
        assertThat(TcpHeader.flagNames(0)).isEqualTo("none");
    }

    @Test
    void optionsOneByOne() {
        // NOP, NOP, timestamps (kind 8, length 10), then MSS, window scale 7, SACK permitted, end: 24 bytes.
        byte[] options = fromHex("01 01 08 0a 00 00 00 7b 00 00 00 00 02 04 05 b4 03 03 07 04 02 00 00 00");
        TcpHeader h = new TcpHeader(1, 2, 3, 0, 0, TcpHeader.SYN, 100, 0, 0, options);
        assertThat(h.optionList()).extracting(TcpHeader.Option::name).containsExactly("no-operation (padding)",
                "no-operation (padding)", "timestamps", "maximum segment size", "window scale", "SACK permitted", "end of options");
        assertThat(h.optionList().get(2).text()).isEqualTo("value 123, echo 0");
        assertThat(h.optionList().get(4).text()).isEqualTo("shift 7 (window × 128)");
    }

    @Test
    void lyingLengthsAreParseErrors() {
        byte[] syn = TcpHeader.syn(1, 2, 3).encode();
        assertThatThrownBy(() -> TcpHeader.parse(java.util.Arrays.copyOf(syn, 19), 0)).isInstanceOf(MalformedPacketException.class);
        byte[] shortOffset = syn.clone();
        shortOffset[12] = 0x40;
        assertThatThrownBy(() -> TcpHeader.parse(shortOffset, 0)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("below the minimum 20");
        byte[] longOffset = syn.clone();
        longOffset[12] = (byte) 0xf0;
        assertThatThrownBy(() -> TcpHeader.parse(longOffset, 0)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("needs 60 byte(s)");
        TcpHeader lying = new TcpHeader(1, 2, 3, 0, 0, 0, 0, 0, 0, fromHex("02 09 05 b4"));
        assertThatThrownBy(lying::optionList).isInstanceOf(MalformedPacketException.class).hasMessageContaining("says 9 bytes");
    }

    private static byte[] concat(byte[] a, byte[] b) { return Ipv6Header.concat(a, b); }
}
