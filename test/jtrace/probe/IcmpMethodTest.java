package jtrace.probe;

import static jtrace.probe.Loopback.LOCALHOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.packet.IcmpMessage;

/**
 * -I on 127.0.0.1 inside a throwaway namespace, once through the ping socket (ping_group_range admits
 * root's group) and once through the raw fallback (the default range "1 0" refuses even root). Needs root.
 */
class IcmpMethodTest {
    private ThrowawayNetns lab;
    private String ns;

    @BeforeEach
    void namespace() throws Exception {
        ThrowawayNetns.assumeRoot();
        lab = new ThrowawayNetns();
        ns = lab.add("icmp");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (lab != null) lab.close();
    }

    private IcmpMethod open(Options options) throws Exception {
        return (IcmpMethod) Methods.open(Method.ICMP, LOCALHOST, options.probeSettings());
    }

    @Test
    void pingSocketEchoesWhenTheGroupIsAllowed() throws Exception {
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"0 2147483647\"");
        lab.call(ns, () -> {
            try (IcmpMethod icmp = open(Options.defaults())) {
                assertThat(icmp.usesPingSocket()).isTrue();
                assertEchoReply(icmp);
                // The kernel writes the socket's port into the echo id; we send it already filled in.
                assertThat(icmp.echoId()).isPositive();
                assertThat(IcmpMessage.parse(icmp.lastSent()).id()).isEqualTo(icmp.echoId());
                assertAllAnswered(icmp);
            }
            return null;
        });
    }

    /** Paris: type, code, id and checksum are the same for every probe of a flow, and another flow has another checksum. */
    @Test
    void everyProbeOfAFlowHasTheFlowsChecksum() throws Exception {
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"0 2147483647\"");
        lab.call(ns, () -> {
            java.util.Set<Integer> flow0 = new java.util.HashSet<>(), flow9 = new java.util.HashSet<>();
            try (IcmpMethod icmp = open(Options.defaults())) {
                for (int key = 0; key < 20; key++) {
                    icmp.send(64, key);
                    IcmpMessage echo = IcmpMessage.parse(icmp.lastSent());
                    assertThat(echo.checksumOk()).isTrue();
                    flow0.add(echo.checksum());
                    assertThat(icmp.receive(icmp.now() + 2_000_000_000L).key()).isEqualTo(key);
                    icmp.send(64, 9, key + 100);
                    flow9.add(IcmpMessage.parse(icmp.lastSent()).checksum());
                    assertThat(icmp.receive(icmp.now() + 2_000_000_000L).key()).isEqualTo(key + 100);
                }
            }
            assertThat(flow0).hasSize(1);
            assertThat(flow9).hasSize(1).doesNotContainAnyElementsOf(flow0);
            try (IcmpMethod classic = open(Options.defaults().classic())) {
                java.util.Set<Integer> sums = new java.util.HashSet<>();
                for (int key = 0; key < 5; key++) {
                    classic.send(64, key);
                    sums.add(IcmpMessage.parse(classic.lastSent()).checksum());
                }
                assertThat(sums).as("--classic: traceroute's checksum per probe").hasSize(5);
            }
            return null;
        });
    }

    @Test
    void rawSocketWhenPingSocketsAreRefused() throws Exception {
        lab.call(ns, () -> {
            try (IcmpMethod icmp = open(Options.defaults())) {
                assertThat(icmp.usesPingSocket()).as("default ping_group_range \"1 0\" refuses root too").isFalse();
                assertEchoReply(icmp);
                assertAllAnswered(icmp);
            }
            return null;
        });
    }

    @Test
    void portOptionIsTheFirstSequenceNumber() throws Exception {
        lab.call(ns, () -> {
            try (IcmpMethod icmp = open(Options.defaults().port(1000).packetSize(100))) {
                icmp.send(64, 5);
                IcmpMessage sent = IcmpMessage.parse(icmp.lastSent());
                assertThat(sent.seq()).isEqualTo(1005);
                assertThat(sent.checksumOk()).isTrue();
                assertThat(icmp.lastSent()).hasSize(100 - 20);
                Reply reply = icmp.receive(icmp.now() + 2_000_000_000L);
                assertThat(reply).isNotNull();
                assertThat(reply.key()).isEqualTo(5);
            }
            return null;
        });
    }

    @Test
    void openAndCloseLeakNoDescriptors() throws Exception {
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"0 2147483647\"");
        lab.call(ns, () -> {
            open(Options.defaults()).close();
            int before = Loopback.openSockets();
            for (int i = 0; i < 100; i++) open(Options.defaults()).close();
            assertThat(Loopback.openSockets()).isEqualTo(before);
            return null;
        });
    }

    private static void assertEchoReply(IcmpMethod icmp) throws Exception {
        long sent = icmp.send(64, 42);
        Reply reply = icmp.receive(icmp.now() + 2_000_000_000L);
        assertThat(reply).isNotNull();
        assertThat(reply.kind()).isEqualTo(Reply.Kind.ECHO_REPLY);
        assertThat(reply.key()).isEqualTo(42);
        assertThat(reply.from()).isEqualTo(LOCALHOST);
        assertThat(reply.destination()).isEqualTo(LOCALHOST);
        assertThat(reply.ttl()).isEqualTo(Loopback.defaultTtl());
        assertThat(reply.received() - sent).as("kernel receive time minus send time, ns").isPositive().isLessThan(50_000_000L);
    }

    private static void assertAllAnswered(IcmpMethod icmp) throws Exception {
        Map<Integer, Reply> replies = Loopback.burst(icmp, 64, 200, 3);
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
    }
}
