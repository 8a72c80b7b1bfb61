package jtrace;

import static jtrace.Jtrace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;

import jtrace.packet.Decoded;
import jtrace.packet.Ipv6Header;
import org.junit.jupiter.api.Test;

/** The JShell helpers over IPv6: packets built by hand decode as they should, and trace() uses 80-byte packets. */
class JtraceIpv6Test {
    @Test
    void anIcmpv6EchoBuiltByHandDecodesWithACorrectChecksum() throws Exception {
        byte[] echo = icmpv6Echo("fd00:71:1::1", "fd00:71:6::2", 0x1234, 1, new byte[] {'@', 'A', 'B', 'C'});
        // The vector worked out by hand in Ipv6CodecTest.
        assertThat(hex(echo)).isEqualTo("80 00 f0 11 12 34 00 01 40 41 42 43");
        byte[] packet = concat(ipv6Header("fd00:71:1::1", "fd00:71:6::2", 1, IPPROTO_ICMPV6, echo.length), echo);
        assertThat(packet).hasSize(52);
        Decoded d = decode(packet);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layers()).extracting(jtrace.packet.Part.Layer::name).containsExactly("IPv6", "ICMPv6");
        assertThat(d.field("checksum").meaning()).isEqualTo("correct (with the IPv6 pseudo-header)");
        assertThat(icmpv6Echo("fd00:71:1::1", "fd00:71:6::2", 1, 1)).hasSize(40);
    }

    @Test
    void aUdpProbeBetweenIpv6AddressesIsAnIpv6Packet() {
        byte[] probe = udpProbe("fd00:71:1::1", "fd00:71:6::2", 3, 33434);
        assertThat(probe).as("traceroute -6's 80 bytes").hasSize(80);
        Ipv6Header ip = Ipv6Header.parse(probe, 0);
        assertThat(ip.hopLimit()).isEqualTo(3);
        assertThat(ip.nextHeader()).isEqualTo(IPPROTO_UDP);
        assertThat(ip.payloadLength()).isEqualTo(40);
        var udp = jtrace.packet.UdpHeader.parse(probe, 40);
        byte[] payload = java.util.Arrays.copyOfRange(probe, 48, 80);
        assertThat(Ipv6Header.udpChecksumOk(ip.source(), ip.destination(), udp, payload)).isTrue();
        assertThatThrownBy(() -> udpProbe("fd00:71:1::1", "10.71.6.2", 1, 33434))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an IPv6 address");
        assertThatThrownBy(() -> ipv6Header("10.71.1.1", "fd00:71:6::2", 1, IPPROTO_ICMPV6, 0))
                .hasMessage("'10.71.1.1' is not an IPv6 address: an IPv6 header needs one");
    }

    /** Loopback only (::1); skipped, saying so, where this host has no IPv6. */
    @Test
    void traceOfAnIpv6AddressSendsTracerouteSixsPacketLength() throws Exception {
        boolean v6 = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys/net/ipv6/conf/lo/hop_limit"));
        if (!v6) System.out.println("[jtrace] skipped: this host has no IPv6 loopback (::1)");
        assumeTrue(v6, "skipped: this host has no IPv6 loopback (::1)");
        Trace t = trace("::1", options().numeric(true).queries(1));
        assertThat(t.header()).isEqualTo("traceroute to ::1 (::1), 30 hops max, 80 byte packets");
        assertThat(t.route()).containsExactly(InetAddress.getByName("::1"));
        assertThat(trace("::1", options().numeric(true).queries(1).packetSize(100)).packetSize()).as("chosen lengths stay").isEqualTo(100);
    }
}
