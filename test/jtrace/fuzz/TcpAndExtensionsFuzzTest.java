package jtrace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.Ipv6ExtensionHeader;
import jtrace.packet.MalformedPacketException;
import jtrace.packet.TcpHeader;

/**
 * The codecs issue 10 added take any bytes, as the older ones do (see {@link PacketFuzzTest}): the TCP header
 * and its options, the RFC 4884 extension structure with its MPLS and interface objects, and IPv6 extension
 * headers. Each returns a value or throws {@link MalformedPacketException}, nothing else.
 * Inputs: TcpAndExtensionsFuzzTestInputs/&lt;method&gt;/ (written by {@link Seeds}).
 */
class TcpAndExtensionsFuzzTest {
    @FuzzTest(maxDuration = "3m")
    void tcp(byte[] data) {
        for (int off : Offsets.of(data)) {
            try {
                TcpHeader h = TcpHeader.parse(data, off);
                assertThat(h.encode()).as("TCP header re-encoded").isEqualTo(Arrays.copyOfRange(data, off, off + h.headerLength()));
                assertThat(h.headerLength()).isBetween(TcpHeader.MIN_LENGTH, TcpHeader.MAX_LENGTH);
                assertThat(h.toString()).isNotNull();
                for (TcpHeader.Option o : h.optionList()) {
                    assertThat(o.offset() + o.length()).isBetween(1, h.options().length);
                    assertThat(o.text()).isNotNull();
                }
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void extensions(byte[] message) {
        for (boolean v6 : new boolean[] {false, true}) {
            // find() never throws; whatever it returns lies inside the message and renders.
            IcmpExtensions.find(message, v6).ifPresent(e -> {
                assertThat(e.offset()).isBetween(8 + 4, message.length - IcmpExtensions.HEADER_LENGTH);
                for (IcmpExtensions.ExtensionObject o : e.objects())
                    assertThat(o.offset() + o.length()).isLessThanOrEqualTo(message.length);
                assertThat(e.text()).isNotNull();
                e.objects().forEach(TcpAndExtensionsFuzzTest::readObject);
            });
        }
        for (int off : Offsets.of(message)) {
            try {
                IcmpExtensions e = IcmpExtensions.parse(message, off, message.length, 136, true);
                e.objects().forEach(TcpAndExtensionsFuzzTest::readObject);
                assertThat(e.mpls()).isNotNull();
            } catch (MalformedPacketException expected) {
                assertThat(expected.offset()).isNotNegative();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void ipv6Extension(byte[] data) {
        for (int off : Offsets.of(data)) {
            for (int type : new int[] {0, 43, 44, 51, 60, 17}) {
                try {
                    Ipv6ExtensionHeader h = Ipv6ExtensionHeader.parse(data, off, type);
                    assertThat(h.bytes()).isEqualTo(Arrays.copyOfRange(data, off, off + h.length()));
                    assertThat(h.toString()).isNotNull();
                    if (type == Ipv6ExtensionHeader.FRAGMENT) assertThat(h.fragmentOffset()).isBetween(0, 65528);
                } catch (MalformedPacketException expected) {
                    assertThat(expected.offset()).isNotNegative();
                }
            }
        }
    }

    /** An object's own readers: a value, or a MalformedPacketException. */
    private static void readObject(IcmpExtensions.ExtensionObject o) {
        try {
            o.mpls().forEach(m -> assertThat(m.label()).isBetween(0, 0xfffff));
        } catch (MalformedPacketException expected) {
            assertThat(expected.offset()).isNotNegative();
        }
        try {
            assertThat(o.interfaceInfo().text()).startsWith("IF:");
        } catch (MalformedPacketException expected) {
            assertThat(expected.offset()).isNotNegative();
        }
        assertThat(o.text()).isNotEmpty();
    }
}
