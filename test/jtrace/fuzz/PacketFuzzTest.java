package jtrace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.MalformedPacketException;
import jtrace.packet.UdpHeader;

/**
 * The packet codecs (IPv4, IPv6, ICMP, ICMPv6, UDP) take any bytes: each returns a value that encodes back to exactly the bytes it read, or
 * throws {@link MalformedPacketException} — no other exception, no read past the buffer (an array read past
 * the end would throw something else), no loop (the fuzzer's per-input timeout).
 * Without JAZZER_FUZZ these replay the stored inputs in PacketFuzzTestInputs/; with JAZZER_FUZZ=1 and
 * {@code -Dtest=PacketFuzzTest#ipv4} Jazzer mutates them for real (one method per run).
 */
class PacketFuzzTest {
    @FuzzTest(maxDuration = "3m")
    void ipv4(byte[] data) {
        for (int off : Offsets.of(data)) {
            try {
                Ipv4Header h = Ipv4Header.parse(data, off);
                assertThat(h.encode()).as("IPv4 header re-encoded").isEqualTo(Arrays.copyOfRange(data, off, off + h.headerLength()));
                assertThat(h.headerLength()).isBetween(20, 60);
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void icmp(byte[] data) {
        for (int off : Offsets.of(data)) {
            for (int end : new int[] {data.length, off + 8, data.length + 1, off - 1, off + 7}) {
                try {
                    IcmpMessage m = IcmpMessage.parse(data, off, end);
                    assertThat(m.encode()).as("ICMP message re-encoded").isEqualTo(Arrays.copyOfRange(data, off, end));
                    if (m.isError()) quoted(m.body());
                } catch (MalformedPacketException expected) {
                    assertThat(expected.offset()).isNotNegative();
                }
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void udp(byte[] data) {
        for (int off : Offsets.of(data)) {
            try {
                UdpHeader u = UdpHeader.parse(data, off);
                assertThat(u.encode()).isEqualTo(Arrays.copyOfRange(data, off, off + UdpHeader.LENGTH));
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void ipv6(byte[] data) {
        for (int off : Offsets.of(data)) {
            try {
                Ipv6Header h = Ipv6Header.parse(data, off);
                assertThat(h.encode()).as("IPv6 header re-encoded").isEqualTo(Arrays.copyOfRange(data, off, off + Ipv6Header.LENGTH));
                if (h.nextHeader() == Ipv6Header.NEXT_ICMPV6) Icmpv6Message.parse(data, off + Ipv6Header.LENGTH, data.length);
                if (h.nextHeader() == Ipv6Header.NEXT_UDP) UdpHeader.parse(data, off + Ipv6Header.LENGTH);
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void icmpv6(byte[] data) {
        for (int off : Offsets.of(data)) {
            try {
                Icmpv6Message m = Icmpv6Message.parse(data, off, data.length);
                assertThat(m.encode()).as("ICMPv6 message re-encoded").isEqualTo(Arrays.copyOfRange(data, off, data.length));
                if (m.body().length >= Ipv6Header.LENGTH && (m.body()[0] & 0xf0) == 0x60) Ipv6Header.parse(m.body(), 0);
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    /** What an ICMP error quotes — an IPv4 header and the start of its payload — decodes the same way. */
    private static void quoted(byte[] body) {
        try {
            Ipv4Header inner = Ipv4Header.parse(body, 0);
            if (inner.protocol() == Ipv4Header.PROTO_UDP) UdpHeader.parse(body, inner.headerLength());
            if (inner.protocol() == Ipv4Header.PROTO_ICMP) IcmpMessage.parse(body, inner.headerLength(), body.length);
        } catch (MalformedPacketException expected) {
            assertThat(expected.offset()).isNotNegative();
        }
    }
}
