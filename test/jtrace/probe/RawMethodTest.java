package jtrace.probe;

import static jtrace.probe.Loopback.LOCALHOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.sys.Privileges;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** --raw: whole IPv4 packets built by hand, to 127.0.0.1. Needs root or CAP_NET_RAW. */
class RawMethodTest {
    @BeforeEach
    void needsRawSockets() {
        assumeTrue(Privileges.hasCapNetRaw(), "skipped: raw sockets need root or CAP_NET_RAW");
    }

    private static RawMethod open(Options options) throws Exception {
        return (RawMethod) Methods.open(Method.RAW, LOCALHOST, options.probeSettings());
    }

    @Test
    void handBuiltPacketGetsAnEchoReply() throws Exception {
        try (RawMethod raw = open(Options.defaults())) {
            long sent = raw.send(17, 9);
            Reply reply = raw.receive(raw.now() + 2_000_000_000L);

            assertThat(reply).isNotNull();
            assertThat(reply.kind()).isEqualTo(Reply.Kind.ECHO_REPLY);
            assertThat(reply.key()).isEqualTo(9);
            assertThat(reply.from()).isEqualTo(LOCALHOST);
            assertThat(reply.destination()).isEqualTo(LOCALHOST);
            assertThat(reply.ttl()).isEqualTo(Loopback.defaultTtl());
            assertThat(reply.received() - sent).isPositive().isLessThan(50_000_000L);
        }
    }

    @Test
    void lastSentIsTheWholePacketWithRealSourceBytes() throws Exception {
        try (RawMethod raw = open(Options.defaults())) {
            raw.send(17, 9);
            byte[] packet = raw.lastSent();
            Ipv4Header ip = Ipv4Header.parse(packet, 0);
            IcmpMessage echo = IcmpMessage.parse(packet, ip.headerLength(), packet.length);

            assertThat(packet).hasSize(60);
            assertThat(raw.source()).isEqualTo(LOCALHOST);
            assertThat(ip.source()).isEqualTo(LOCALHOST);
            assertThat(ip.destination()).isEqualTo(LOCALHOST);
            assertThat(ip.ttl()).isEqualTo(17);
            assertThat(ip.protocol()).isEqualTo(Ipv4Header.PROTO_ICMP);
            assertThat(ip.totalLength()).isEqualTo(60);
            assertThat(ip.checksumOk()).isTrue();
            assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REQUEST);
            assertThat(echo.id()).isEqualTo(raw.echoId());
            assertThat(echo.seq()).isEqualTo(10);  // first sequence 1, key 9
            assertThat(echo.checksumOk()).isTrue();
        }
    }

    @Test
    void twoHundredProbesBackToBackAllComeBack() throws Exception {
        try (RawMethod raw = open(Options.defaults())) {
            Map<Integer, Reply> replies = Loopback.burst(raw, 64, 200, 3);
            assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
        }
    }

    @Test
    void twoMethodsOnOneHostSeeOnlyTheirOwnReplies() throws Exception {
        try (RawMethod a = open(Options.defaults()); RawMethod b = open(Options.defaults())) {
            assertThat(a.echoId()).isNotEqualTo(b.echoId());
            a.send(64, 1);
            b.send(64, 2);
            assertThat(a.receive(a.now() + 1_000_000_000L).key()).isEqualTo(1);
            assertThat(b.receive(b.now() + 1_000_000_000L).key()).isEqualTo(2);
            assertThat(a.receive(a.now() + 100_000_000L)).as("b's reply is not a's").isNull();
        }
    }

    @Test
    void openAndCloseLeakNoDescriptors() throws Exception {
        open(Options.defaults()).close();
        int before = Loopback.openSockets();
        for (int i = 0; i < 100; i++) open(Options.defaults()).close();
        assertThat(Loopback.openSockets()).isEqualTo(before);
    }
}
