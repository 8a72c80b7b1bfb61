package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The quote codec: the fields that identify a probe, read in place from what an error quotes. */
class QuoteReaderTest {
    @Test
    void aQuotedUdpProbeGivesItsIpIdPortsAndChecksum() throws Exception {
        Inet4Address src = (Inet4Address) InetAddress.getByName("10.71.1.1"), dst = (Inet4Address) InetAddress.getByName("10.71.6.2");
        byte[] payload = Bytes.filler(32);
        byte[] udp = UdpHeader.of(src, dst, 40000, 33437, payload).encode();
        byte[] ip = Ipv4Header.of(src, dst, 1, Ipv4Header.PROTO_UDP, 0x1234, udp.length + payload.length).encode();
        byte[] quote = new byte[8 + ip.length + 8];  // behind an ICMP header: the IP header and RFC 792's 8 bytes
        System.arraycopy(ip, 0, quote, 8, ip.length);
        System.arraycopy(udp, 0, quote, 8 + ip.length, 8);
        QuoteReader r = new QuoteReader();
        assertThat(r.read(quote, 8, quote.length)).isTrue();
        assertThat(r.quote()).isEqualTo(new Quote(0x1234, -1, 40000, 33437, UdpHeader.of(src, dst, 40000, 33437, payload).checksum(), -1, -1, -1, 1));  // TTL 1: it ran out there
        assertThat(r.destinationIs(quote, dst.getAddress())).isTrue();
        assertThat(r.read(quote, 8, quote.length - 1)).as("one byte short of the transport header").isFalse();
    }

    @Test
    void aQuotedIpv6EchoGivesItsFlowLabelIdAndSequence() throws Exception {
        Inet6Address src = (Inet6Address) InetAddress.getByName("fd00::1"), dst = (Inet6Address) InetAddress.getByName("fd00::2");
        byte[] echo = Icmpv6Message.echoRequest(src, dst, 0x4242, 7, new byte[4]).encode();
        byte[] ip = Ipv6Header.of(src, dst, 3, Ipv6Header.NEXT_ICMPV6, echo.length).encode();
        ip[1] |= 0x0a;  // flow label 0xa0000 + …
        ip[3] = 0x05;
        byte[] quote = new byte[ip.length + echo.length];
        System.arraycopy(ip, 0, quote, 0, ip.length);
        System.arraycopy(echo, 0, quote, ip.length, echo.length);
        QuoteReader r = new QuoteReader();
        assertThat(r.read(quote, 0, quote.length)).isTrue();
        assertThat(r.version).isEqualTo(6);
        assertThat(r.flowLabel).isEqualTo(0xa0005);
        assertThat(r.ttl).isEqualTo(3);
        assertThat(r.quote().echoId()).isEqualTo(0x4242);
        assertThat(r.quote().echoSeq()).isEqualTo(7);
        assertThat(r.quote().ipId()).isEqualTo(-1);
    }

    @Test
    void whatIsNotAQuotedPacketIsRefused() {
        QuoteReader r = new QuoteReader();
        assertThat(r.read(new byte[0], 0, 0)).isFalse();
        assertThat(r.read(new byte[40], 0, 40)).as("version 0").isFalse();
        byte[] shortIhl = new byte[40];
        shortIhl[0] = 0x44;
        assertThat(r.read(shortIhl, 0, 40)).as("IHL below 5").isFalse();
    }
}
