package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jtrace.Options;

/**
 * Errors from a real Linux router, one hop away, in throwaway namespaces (icmp_ratemask=0: no rate limits):
 * <pre>
 *   host 10.77.1.2 ── 10.77.1.1 router 10.77.2.1 ── (MTU 1000) ── 10.77.2.2 far
 * </pre>
 * The router sends 10.77.3.0/24 on to far, which drops it silently (it does not forward). Probes to
 * 10.77.3.x with TTL 1 expire at the router; 10.77.9.9 has no route there. Needs root.
 */
class RouterRepliesTest {
    private static final InetAddress ROUTER = Loopback.address("10.77.1.1");
    private static final InetAddress BEYOND = Loopback.address("10.77.3.9");
    private static ThrowawayNetns lab;
    private static String host, router;

    @BeforeAll
    static void buildNetwork() throws Exception {
        ThrowawayNetns.assumeRoot();
        lab = new ThrowawayNetns();
        host = lab.add("host");
        router = lab.add("router");
        String far = lab.add("far");
        ThrowawayNetns.sh("ip link add h0 netns " + host + " type veth peer name r0 netns " + router);
        ThrowawayNetns.sh("ip link add r1 netns " + router + " mtu 1000 type veth peer name f0 netns " + far + " mtu 1000");
        lab.in(host, "ip addr add 10.77.1.2/24 dev h0 && ip link set h0 up && ip route add default via 10.77.1.1");
        lab.in(router, "ip addr add 10.77.1.1/24 dev r0 && ip link set r0 up && ip addr add 10.77.2.1/24 dev r1"
                + " && ip link set r1 up && ip route add 10.77.3.0/24 via 10.77.2.2"
                + " && sysctl -qw net.ipv4.ip_forward=1 && sysctl -qw net.ipv4.icmp_ratemask=0");  // no ICMP rate limits
        lab.in(far, "ip addr add 10.77.2.2/24 dev f0 && ip link set f0 up");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (lab != null) lab.close();
    }

    private static ProbeMethod open(String variant, InetAddress target, Options options) throws Exception {
        return Variants.open(lab, host, variant, target, options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "icmp-raw", "raw"})
    void timeExceededFromTheRouterForEveryProbe(String variant) throws Exception {
        Map<Integer, Reply> replies = lab.call(host, () -> {
            try (ProbeMethod method = open(variant, BEYOND, Options.defaults())) {
                return Loopback.burst(method, 1, 30, 3);
            }
        });
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
        for (Reply r : replies.values()) {
            assertThat(r.kind()).isEqualTo(Reply.Kind.TIME_EXCEEDED);
            assertThat(r.from()).isEqualTo(ROUTER);
            assertThat(r.destination()).as("the destination quoted by the router").isEqualTo(BEYOND);
            assertThat(r.ttl()).as("one hop back: the router's TTL arrives undecremented").isEqualTo(64);
            // What the quote shows, as far as each socket shows it (the one quote codec for the raw ones).
            switch (variant) {
                // Paris (the default): every probe of the trace on flow 0's port; the key rides in the checksum.
                case "udp" -> assertThat(r.quote().destinationPort()).isEqualTo(Options.DEFAULT_UDP_PORT);
                case "ping" -> assertThat(r.quote().echoSeq()).isEqualTo(1 + r.key());
                default -> {
                    assertThat(r.quote().echoSeq()).isEqualTo(1 + r.key());
                    assertThat(r.quote().echoId()).isPositive();
                    assertThat(r.quote().checksum()).isNotNegative();
                }
            }
            if (variant.equals("raw")) assertThat(r.quote().ipId()).as("--raw writes the sequence as IP ID").isEqualTo(1 + r.key());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "icmp-raw", "raw"})
    void noRouteIsNetworkUnreachable(String variant) throws Exception {
        Reply reply = lab.call(host, () -> {
            try (ProbeMethod method = open(variant, Loopback.address("10.77.9.9"), Options.defaults())) {
                method.send(5, 11);
                return method.receive(method.now() + 2_000_000_000L);
            }
        });
        assertThat(reply).isNotNull();
        assertThat(reply.key()).isEqualTo(11);
        assertThat(reply.from()).isEqualTo(ROUTER);
        assertThat(reply.annotation()).isEqualTo("!N");
    }

    @Test
    void fragmentationNeededCarriesTheMtu() throws Exception {
        Reply reply = lab.call(host, () -> {
            try (ProbeMethod udp = open("udp", Loopback.address("10.77.3.77"), Options.defaults().packetSize(1400))) {
                udp.send(5, 4);
                return udp.receive(udp.now() + 2_000_000_000L);
            }
        });
        assertThat(reply).isNotNull();
        assertThat(reply.key()).isEqualTo(4);
        assertThat(reply.mtu()).isEqualTo(1000);
        assertThat(reply.annotation()).isEqualTo("!F-1000");
    }

    @Test
    void aLocalSendErrorIsReportedNotRetriedForever() throws Exception {
        // The router has no default route: 10.99.0.1 fails in sendto itself, on every retry.
        assertThatThrownBy(() -> lab.call(router, () -> {
            try (ProbeMethod udp = open("udp", Loopback.address("10.99.0.1"), Options.defaults())) {
                return udp.send(64, 0);
            }
        })).isInstanceOf(IOException.class).hasMessage("sendto 10.99.0.1: Network is unreachable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "raw"})
    void aSourceThatIsNotOursIsExplained(String variant) throws Exception {
        assertThatThrownBy(() -> lab.call(host, () -> open(variant, BEYOND, Options.defaults().source(Loopback.address("10.77.1.99")))))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("source address 10.77.1.99 (-s) is not an address of this host: use one that `ip -4 addr` lists, or leave out -s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "raw"})
    void sourceAndDeviceAreUsed(String variant) throws Exception {
        Reply reply = lab.call(host, () -> {
            Options options = Options.defaults().source(Loopback.address("10.77.1.2")).device("h0");
            try (ProbeMethod method = open(variant, BEYOND, options)) {
                method.send(1, 2);
                return method.receive(method.now() + 2_000_000_000L);
            }
        });
        assertThat(reply).isNotNull();
        assertThat(reply.from()).isEqualTo(ROUTER);
    }
}
