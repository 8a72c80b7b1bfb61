package jtrace.probe;

import static jtrace.fuzz.RawTcpSeeds.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jtrace.fuzz.Seeds;
import jtrace.packet.Bytes;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.TcpHeader;
import org.junit.jupiter.api.Test;

/**
 * The raw TCP matcher reads every TCP segment and ICMP message the host receives, from anyone. For any bytes it
 * answers yes or no without throwing, and it never lies: what it accepts decodes, with our codecs, into the target's
 * SYN-ACK or RST acknowledging one of our SYNs, or an ICMP error (checksummed, for IPv4) quoting one of our SYNs to
 * the target from our port. Inputs: RawTcpMatcherFuzzTestInputs/answerV4, errorV4 (whole IPv4 packets), answerV6
 * (TCP segments from {@link Seeds#TARGET6}), errorV6 (ICMPv6 messages from {@link Seeds#ROUTER6}); written by
 * {@link jtrace.fuzz.RawTcpSeeds}. Names ending "-ours" are the only ones to accept.
 */
class RawTcpMatcherFuzzTest {
    @Test
    void ofTheStoredPacketsOnlyOurAnswersAreAccepted() {
        int checked = 0;
        for (var seed : Seeds.all().entrySet()) {
            String path = seed.getKey();
            if (!path.contains("RawTcpMatcherFuzzTestInputs/")) continue;
            String method = path.split("/")[3];
            byte[] b = seed.getValue();
            boolean accepted = switch (method) {
                case "answerV4" -> answerV4(matcherV4(), b);
                case "errorV4" -> errorV4(matcherV4(), b);
                case "answerV6" -> answerV6(matcherV6(), b);
                case "errorV6" -> errorV6(matcherV6(), b);
                default -> throw new AssertionError(path);
            };
            assertThat(accepted).as(path).isEqualTo(path.endsWith("-ours"));
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @FuzzTest(maxDuration = "3m")
    void answerV4(byte[] packet) { answerV4(matcherV4(), packet); }

    @FuzzTest(maxDuration = "3m")
    void errorV4(byte[] packet) { errorV4(matcherV4(), packet); }

    @FuzzTest(maxDuration = "3m")
    void answerV6(byte[] segment) { answerV6(matcherV6(), segment); }

    @FuzzTest(maxDuration = "3m")
    void errorV6(byte[] icmp) { errorV6(matcherV6(), icmp); }

    private static RawTcpMatcher matcherV4() {
        return new RawTcpMatcher(Seeds.TARGET.getAddress(), Seeds.CLIENT.getAddress(), SOURCE_PORT, PORT, SEQUENCE_BASE);
    }

    private static RawTcpMatcher matcherV6() {
        return new RawTcpMatcher(Seeds.TARGET6.getAddress(), Seeds.CLIENT6.getAddress(), SOURCE_PORT, PORT, SEQUENCE_BASE);
    }

    private static boolean answerV4(RawTcpMatcher m, byte[] packet) {
        if (!m.answer(packet, packet.length, null, 0, -1)) return false;
        Ipv4Header ip = Ipv4Header.parse(packet, 0);
        assertThat(ip.source()).isEqualTo(Seeds.TARGET);
        assertThat(ip.destination()).isEqualTo(Seeds.CLIENT);
        assertThat(ip.protocol()).isEqualTo(Ipv4Header.PROTO_TCP);
        assertThat(m.ttl).isEqualTo(ip.ttl());
        assertAnswers(m, packet, ip.headerLength(), ip.totalLength());
        return true;
    }

    private static boolean answerV6(RawTcpMatcher m, byte[] segment) {
        if (!m.answer(segment, segment.length, Seeds.TARGET6.getAddress(), 16, Seeds.HOP_LIMIT)) return false;
        assertThat(m.ttl).isEqualTo(Seeds.HOP_LIMIT);
        assertAnswers(m, segment, 0, segment.length);
        return true;
    }

    /**
     * The segment from {@code at} to {@code end} is the target's SYN-ACK or RST to our port acknowledging our SYN with
     * the key; its size is what follows the TCP header, options and all.
     */
    private static void assertAnswers(RawTcpMatcher m, byte[] b, int at, int end) {
        TcpHeader tcp = TcpHeader.parse(b, at);
        assertThat(m.size).as("bytes after the TCP header").isEqualTo(end - at - tcp.headerLength());
        assertThat(Arrays.copyOf(m.from, m.fromLength)).isEqualTo(m.fromLength == 4 ? Seeds.TARGET.getAddress() : Seeds.TARGET6.getAddress());
        assertThat(tcp.sourcePort()).isEqualTo(PORT);
        assertThat(tcp.destinationPort()).isEqualTo(SOURCE_PORT);
        assertThat(tcp.flags() & TcpHeader.ACK).isNotZero();
        assertThat(tcp.flags() & (TcpHeader.SYN | TcpHeader.RST)).isNotZero();
        assertThat(m.flags).isEqualTo(tcp.flags());
        assertThat((tcp.acknowledgment() - 1) & 0xffffffffL).isEqualTo(SEQUENCE_BASE | m.key);
    }

    private static boolean errorV4(RawTcpMatcher m, byte[] packet) {
        if (!m.error(packet, packet.length, null, 0, -1)) return false;
        Ipv4Header ip = Ipv4Header.parse(packet, 0);
        IcmpMessage icmp = IcmpMessage.parse(packet, ip.headerLength(), ip.totalLength());
        assertThat(icmp.checksumOk()).as("checksum of an accepted error").isTrue();
        assertThat(icmp.isError()).isTrue();
        assertThat(m.type).isEqualTo(icmp.type());
        assertThat(m.code).isEqualTo(icmp.code());
        assertThat(Arrays.copyOf(m.from, m.fromLength)).isEqualTo(ip.source().getAddress());
        Ipv4Header quoted = Ipv4Header.parse(icmp.body(), 0);
        assertThat(quoted.destination()).as("quoted destination").isEqualTo(Seeds.TARGET);
        assertThat(quoted.protocol()).isEqualTo(Ipv4Header.PROTO_TCP);
        assertQuotesOurSyn(m, icmp.body(), quoted.headerLength());
        return true;
    }

    private static boolean errorV6(RawTcpMatcher m, byte[] icmp) {
        if (!m.error(icmp, icmp.length, Seeds.ROUTER6.getAddress(), 16, Seeds.HOP_LIMIT)) return false;
        assertThat(m.type).as("an ICMPv6 error").isBetween(1, 4);
        assertThat(Bytes.u8(icmp, 8) >> 4).as("quoted IP version").isEqualTo(6);
        assertThat(Bytes.u8(icmp, 8 + 6)).as("quoted next header").isEqualTo(Ipv4Header.PROTO_TCP);
        assertThat(Arrays.copyOfRange(icmp, 8 + 24, 8 + 40)).as("quoted destination").isEqualTo(Seeds.TARGET6.getAddress());
        assertQuotesOurSyn(m, icmp, 8 + 40);
        return true;
    }

    /** The quoted segment's first 8 bytes at {@code at}: our ports and our sequence number with the key. */
    private static void assertQuotesOurSyn(RawTcpMatcher m, byte[] b, int at) {
        assertThat(Bytes.u16(b, at)).isEqualTo(SOURCE_PORT);
        assertThat(Bytes.u16(b, at + 2)).isEqualTo(PORT);
        assertThat(Bytes.u32(b, at + 4)).isEqualTo(SEQUENCE_BASE | m.key);
        assertThat(m.quote().tcpSequence()).isEqualTo(SEQUENCE_BASE | m.key);
    }
}
