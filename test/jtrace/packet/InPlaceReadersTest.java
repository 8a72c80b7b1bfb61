package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each protocol has one layout: what a codec encodes, its in-place readers (which the matchers, QuoteReader and
 * decode() use) read back, field by field, at any offset in a larger buffer.
 */
class InPlaceReadersTest {
    private static final Random RANDOM = new Random(16);

    private static byte[] random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    private static int u16() { return RANDOM.nextInt(0x10000); }

    private static int u8() { return RANDOM.nextInt(0x100); }

    /** {@code bytes} at a random offset of a buffer of random bytes; returns the buffer, the offset in {@code at[0]}. */
    private static byte[] embedded(byte[] bytes, int[] at) {
        at[0] = RANDOM.nextInt(10);
        byte[] buffer = random(at[0] + bytes.length + RANDOM.nextInt(10));
        System.arraycopy(bytes, 0, buffer, at[0], bytes.length);
        return buffer;
    }

    @Test
    void ipv4() throws Exception {
        for (int i = 0; i < 300; i++) {
            Inet4Address src = (Inet4Address) InetAddress.getByAddress(random(4)), dst = (Inet4Address) InetAddress.getByAddress(random(4));
            Ipv4Header h = new Ipv4Header(u8(), u16(), u16(), RANDOM.nextInt(8), RANDOM.nextInt(0x2000), u8(), u8(), u16(), src, dst,
                    random(4 * RANDOM.nextInt(11)));
            int[] at = new int[1];
            byte[] b = embedded(h.encode(), at);
            int off = at[0];
            assertThat(Ipv4Header.version(b, off)).isEqualTo(4);
            assertThat(Ipv4Header.headerLength(b, off)).isEqualTo(h.headerLength());
            assertThat(new int[] {Ipv4Header.tos(b, off), Ipv4Header.totalLength(b, off), Ipv4Header.id(b, off), Ipv4Header.flags(b, off),
                    Ipv4Header.fragmentOffset(b, off), Ipv4Header.ttl(b, off), Ipv4Header.protocol(b, off), Ipv4Header.checksum(b, off)})
                    .containsExactly(h.tos(), h.totalLength(), h.id(), h.flags(), h.fragmentOffset(), h.ttl(), h.protocol(), h.checksum());
            assertThat(Bytes.slice(b, off + Ipv4Header.SOURCE, 4)).isEqualTo(src.getAddress());
            assertThat(Bytes.slice(b, off + Ipv4Header.DESTINATION, 4)).isEqualTo(dst.getAddress());
        }
    }

    @Test
    void ipv6() throws Exception {
        for (int i = 0; i < 300; i++) {
            Inet6Address src = (Inet6Address) InetAddress.getByAddress(random(16)), dst = (Inet6Address) InetAddress.getByAddress(random(16));
            Ipv6Header h = new Ipv6Header(u8(), RANDOM.nextInt(0x100000), u16(), u8(), u8(), src, dst);
            int[] at = new int[1];
            byte[] b = embedded(h.encode(), at);
            int off = at[0];
            assertThat(Ipv4Header.version(b, off)).isEqualTo(6);
            assertThat(new int[] {Ipv6Header.trafficClass(b, off), Ipv6Header.flowLabel(b, off), Ipv6Header.payloadLength(b, off),
                    Ipv6Header.nextHeader(b, off), Ipv6Header.hopLimit(b, off)})
                    .containsExactly(h.trafficClass(), h.flowLabel(), h.payloadLength(), h.nextHeader(), h.hopLimit());
            assertThat(Bytes.slice(b, off + Ipv6Header.SOURCE, 16)).isEqualTo(src.getAddress());
            assertThat(Bytes.slice(b, off + Ipv6Header.DESTINATION, 16)).isEqualTo(dst.getAddress());
        }
    }

    @Test
    void icmpUdpAndTcp() {
        int[] at = new int[1];
        for (int i = 0; i < 300; i++) {
            int id = u16(), seq = u16();
            IcmpMessage m = new IcmpMessage(u8(), u8(), u16(), (long) id << 16 | seq, random(RANDOM.nextInt(20)));
            byte[] b = embedded(m.encode(), at);
            assertThat(new long[] {IcmpMessage.type(b, at[0]), IcmpMessage.code(b, at[0]), IcmpMessage.checksum(b, at[0]),
                    IcmpMessage.rest(b, at[0]), IcmpMessage.id(b, at[0]), IcmpMessage.seq(b, at[0]), IcmpMessage.nextHopMtu(b, at[0])})
                    .containsExactly(m.type(), m.code(), m.checksum(), m.rest(), id, seq, seq);

            UdpHeader u = new UdpHeader(u16(), u16(), u16(), u16());
            b = embedded(u.encode(), at);
            assertThat(new int[] {UdpHeader.sourcePort(b, at[0]), UdpHeader.destinationPort(b, at[0]), UdpHeader.length(b, at[0]),
                    UdpHeader.checksum(b, at[0])}).containsExactly(u.sourcePort(), u.destinationPort(), u.length(), u.checksum());

            TcpHeader t = new TcpHeader(u16(), u16(), RANDOM.nextLong() & 0xffffffffL, RANDOM.nextLong() & 0xffffffffL, RANDOM.nextInt(16),
                    u8(), u16(), u16(), u16(), random(4 * RANDOM.nextInt(11)));
            b = embedded(t.encode(), at);
            assertThat(new long[] {TcpHeader.sourcePort(b, at[0]), TcpHeader.destinationPort(b, at[0]), TcpHeader.sequence(b, at[0]),
                    TcpHeader.acknowledgment(b, at[0]), TcpHeader.reserved(b, at[0]), TcpHeader.flags(b, at[0]), TcpHeader.window(b, at[0]),
                    TcpHeader.checksum(b, at[0]), TcpHeader.urgentPointer(b, at[0]), TcpHeader.headerLength(b, at[0])})
                    .containsExactly(t.sourcePort(), t.destinationPort(), t.sequence(), t.acknowledgment(), t.reserved(), t.flags(),
                            t.window(), t.checksum(), t.urgentPointer(), TcpHeader.MIN_LENGTH + t.options().length);
        }
    }
}
