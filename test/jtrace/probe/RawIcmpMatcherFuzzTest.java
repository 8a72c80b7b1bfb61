package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jtrace.fuzz.Seeds;
import jtrace.packet.Bytes;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.sys.Message;
import org.junit.jupiter.api.Test;

/**
 * The raw-socket matcher reads every ICMP packet the host receives, from anyone. For any bytes it answers
 * yes or no without throwing, and it never lies: a packet it accepts decodes, with our codecs, into our echo
 * reply (checksummed, for IPv4) or an ICMP error quoting our echo request to our target. The bytes go in
 * through {@link Message}, as recvmsg leaves them. Inputs: RawIcmpMatcherFuzzTestInputs/matchV4/ (whole
 * IPv4 packets) and matchV6/ (ICMPv6 messages: raw IPv6 sockets show no IP header; the sender is msg_name).
 */
class RawIcmpMatcherFuzzTest {
    private final Message message = new Message();

    @Test
    void ofTheStoredPacketsOnlyOurAnswersAreAccepted() {
        Seeds.all().forEach((path, bytes) -> {
            if (path.contains("RawIcmpMatcherFuzzTestInputs/matchV4/")) {
                assertThat(acceptV4(bytes) != null).as(path).isEqualTo(path.endsWith("-ours"));
                matchV4(bytes);
            } else if (path.contains("RawIcmpMatcherFuzzTestInputs/matchV6/")) {
                assertThat(acceptV6(bytes) != null).as(path).isEqualTo(path.endsWith("-ours"));
                matchV6(bytes);
            }
        });
    }

    @FuzzTest(maxDuration = "3m")
    void matchV4(byte[] packet) {
        RawIcmpMatcher matcher = acceptV4(packet);
        if (matcher == null) return;

        Ipv4Header ip = Ipv4Header.parse(packet, 0);
        IcmpMessage icmp = IcmpMessage.parse(packet, ip.headerLength(), ip.totalLength());
        assertThat(ip.protocol()).isEqualTo(Ipv4Header.PROTO_ICMP);
        assertThat(icmp.checksumOk()).as("checksum of an accepted reply").isTrue();
        assertThat(matcher.type).isEqualTo(icmp.type());
        assertThat(matcher.code).isEqualTo(icmp.code());
        assertThat(Arrays.copyOf(matcher.from, matcher.fromLength)).isEqualTo(ip.source().getAddress());
        assertThat(matcher.ttl).isEqualTo(ip.ttl());
        if (matcher.echoReply) {
            assertThat(icmp.type()).isEqualTo(IcmpMessage.ECHO_REPLY);
            assertThat(icmp.id()).isEqualTo(Seeds.ECHO_ID);
            assertThat(matcher.seq).isEqualTo(icmp.seq());
            return;
        }
        assertThat(icmp.isError()).as("an accepted non-echo is an ICMP error").isTrue();
        Ipv4Header quoted = Ipv4Header.parse(icmp.body(), 0);
        IcmpMessage echo = IcmpMessage.parse(icmp.body(), quoted.headerLength(), icmp.body().length);
        assertThat(quoted.destination()).as("quoted destination").isEqualTo(Seeds.TARGET);
        assertThat(quoted.protocol()).isEqualTo(Ipv4Header.PROTO_ICMP);
        assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REQUEST);
        assertThat(echo.id()).isEqualTo(Seeds.ECHO_ID);
        assertThat(matcher.seq).isEqualTo(echo.seq());
    }

    @FuzzTest(maxDuration = "3m")
    void matchV6(byte[] icmp) {
        RawIcmpMatcher matcher = acceptV6(icmp);
        if (matcher == null) return;

        assertThat(Arrays.copyOf(matcher.from, matcher.fromLength)).isEqualTo(Seeds.ROUTER6.getAddress());
        assertThat(matcher.ttl).isEqualTo(Seeds.HOP_LIMIT);
        assertThat(matcher.type).isEqualTo(Bytes.u8(icmp, 0));
        if (matcher.echoReply) {
            assertThat(Bytes.u8(icmp, 0)).isEqualTo(129);
            assertThat(Bytes.u16(icmp, 4)).isEqualTo(Seeds.ECHO_ID);
            assertThat(matcher.seq).isEqualTo(Bytes.u16(icmp, 6));
            return;
        }
        assertThat(matcher.type).as("an ICMPv6 error").isBetween(1, 4);
        int quoted = 8, echo = quoted + 40;
        assertThat(Bytes.u8(icmp, quoted) >> 4).as("quoted IP version").isEqualTo(6);
        assertThat(Bytes.u8(icmp, quoted + 6)).as("quoted next header").isEqualTo(58);
        assertThat(Arrays.copyOfRange(icmp, quoted + 24, quoted + 40)).as("quoted destination").isEqualTo(Seeds.TARGET6.getAddress());
        assertThat(Bytes.u8(icmp, echo)).isEqualTo(128);
        assertThat(Bytes.u16(icmp, echo + 4)).isEqualTo(Seeds.ECHO_ID);
        assertThat(matcher.seq).isEqualTo(Bytes.u16(icmp, echo + 6));
    }

    /** The matcher after reading {@code packet} from a raw IPv4 socket, or null if it said no. */
    private RawIcmpMatcher acceptV4(byte[] packet) {
        RawIcmpMatcher matcher = new RawIcmpMatcher(IpFamily.V4, Seeds.TARGET.getAddress(), Seeds.ECHO_ID);
        message.parseAsReceived(packet.length, packet, 16, sockaddrIn(), 0, new byte[0], 0);
        return matcher.match(message) ? matcher : null;
    }

    /** The same for a raw ICMPv6 socket: msg_name is the router, the hop limit comes as a control message. */
    private RawIcmpMatcher acceptV6(byte[] icmp) {
        RawIcmpMatcher matcher = new RawIcmpMatcher(IpFamily.V6, Seeds.TARGET6.getAddress(), Seeds.ECHO_ID);
        byte[] hopLimit = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(20).putInt(41).putInt(52)
                .putInt(Seeds.HOP_LIMIT).array();
        message.parseAsReceived(icmp.length, icmp, 28, sockaddrIn6(), hopLimit.length, hopLimit, 0);
        return matcher.match(message) ? matcher : null;
    }

    private static byte[] sockaddrIn() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 2).array();
    }

    private static byte[] sockaddrIn6() {
        return ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 10).putShort((short) 0).putInt(0)
                .put(Seeds.ROUTER6.getAddress()).putInt(0).array();
    }
}
