package jtrace.probe;

import static jtrace.probe.Loopback.LOCALHOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import jtrace.probe.Method;
import jtrace.Options;

/** UDP probes to closed ports on 127.0.0.1: every one must come back as a port unreachable. Any user. */
class UdpMethodTest {
    private static ProbeMethod open(Options options) throws IOException {
        return Methods.open(Method.UDP, LOCALHOST, options.probeSettings());
    }

    @Test
    void closedPortAnswersWithPortUnreachableMatchedByPort() throws IOException {
        try (ProbeMethod udp = open(Options.defaults())) {
            long sent = udp.send(64, 7);
            Reply reply = udp.receive(udp.now() + 2_000_000_000L);

            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(7);
            assertThat(reply.from()).isEqualTo(LOCALHOST);
            assertThat(reply.destination()).isEqualTo(LOCALHOST);
            assertThat(reply.type()).isEqualTo(3);
            assertThat(reply.code()).isEqualTo(3);
            assertThat(reply.isPortUnreachable()).isTrue();
            assertThat(reply.mtu()).isZero();
            assertThat(reply.ttl()).isEqualTo(Loopback.defaultTtl());
            assertThat(reply.received() - sent).as("kernel receive time minus send time, ns").isPositive().isLessThan(50_000_000L);
        }
    }

    /** Every ICMP error leaves a pending error that fails the next sendto: without the retry most probes never leave. */
    @Test
    void twoHundredProbesBackToBackAllComeBack() throws IOException {
        try (ProbeMethod udp = open(Options.defaults())) {
            Map<Integer, Reply> replies = Loopback.burst(udp, 64, 200, 3);

            assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
            assertThat(replies.values()).allMatch(Reply::isPortUnreachable);
        }
    }

    @Test
    void keysPastPort65535WrapToPort1AndMapBack() throws IOException {
        try (ProbeMethod udp = open(Options.defaults().port(65533).classic())) {
            Map<Integer, Reply> replies = Loopback.burst(udp, 64, 6, 3);  // ports 65533, 65534, 65535, 1, 2, 3

            assertThat(replies.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void portMappingIsABijectionOntoEveryPortButOurOwn() {
        int base = 33434, own = 40000;
        assertThat(UdpMethod.portFor(base, own, 0)).isEqualTo(33434);
        assertThat(UdpMethod.portFor(base, own, 6565)).isEqualTo(39999);
        assertThat(UdpMethod.portFor(base, own, 6566)).as("skips our own port").isEqualTo(40001);
        assertThat(UdpMethod.portFor(base, own, 32100)).isEqualTo(65535);
        assertThat(UdpMethod.portFor(base, own, 32101)).isEqualTo(1);
        assertThat(UdpMethod.keyFor(base, own, own)).isEqualTo(-1);
        boolean[] seen = new boolean[65536];
        for (int key = 0; key < 65534; key++) {
            int port = UdpMethod.portFor(base, own, key);
            assertThat(port).isBetween(1, 65535).isNotEqualTo(own);
            assertThat(seen[port]).as("port %d used twice", port).isFalse();
            seen[port] = true;
            assertThat(UdpMethod.keyFor(base, own, port)).isEqualTo(key);
        }
    }

    /**
     * Our source port is ephemeral (32768–60999), like the probe ports: a probe sent to it would land in our
     * own socket and never be answered. This key would have gone there; it must come back like the others.
     */
    @Test
    void theKeyThatWouldHitOurOwnPortIsAnswered() throws IOException {
        try (UdpMethod udp = (UdpMethod) open(Options.defaults().classic())) {
            int own = udp.sourcePort();
            int wouldHitUs = Math.floorMod(own - udp.basePort(), 65535);
            assertThat(udp.portFor(wouldHitUs)).isNotEqualTo(own);
            udp.send(64, wouldHitUs);
            Reply reply = udp.receive(udp.now() + 2_000_000_000L);
            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(wouldHitUs);
        }
    }

    @Test
    void packetSizeCountsTheHeaders() throws IOException {
        try (UdpMethod udp = (UdpMethod) open(Options.defaults().packetSize(100))) {
            udp.send(64, 1);
            assertThat(udp.packetSize()).isEqualTo(100);
            // Paris: the first two bytes make the checksum the key's; traceroute's filler after them.
            assertThat(java.util.Arrays.copyOfRange(udp.lastSent(), 2, 5)).containsExactly(0x42, 0x43, 0x44);
            assertThat(udp.lastSent()).hasSize(100 - 20 - 8);
            assertThat(udp.receive(udp.now() + 2_000_000_000L)).isNotNull();
        }
        try (UdpMethod udp = (UdpMethod) open(Options.defaults().packetSize(100).classic())) {
            udp.send(64, 1);
            assertThat(udp.lastSent()).hasSize(100 - 20 - 8).startsWith(0x40, 0x41, 0x42);
            assertThat(udp.receive(udp.now() + 2_000_000_000L)).isNotNull();
        }
    }

    /**
     * Paris (the default): every probe of the trace goes to the same port from the same port, and each comes back
     * by its checksum, which the quoted payload gives back (the error queue hands over no UDP header).
     */
    @Test
    void parisProbesShareOneFlowAndComeBackByTheirChecksum() throws IOException {
        try (UdpMethod udp = (UdpMethod) open(Options.defaults())) {
            assertThat(udp.paris()).isTrue();
            java.util.Set<Integer> ports = new java.util.HashSet<>();
            for (int key = 0; key < 50; key++) {
                ports.add(udp.portFor(key));
                udp.send(64, key);
                byte[] payload = udp.lastSent();
                assertThat(jtrace.packet.Paris.udpId(LOCALHOST, LOCALHOST, udp.sourcePort(), udp.portFor(key), payload))
                        .as("the checksum the kernel puts on probe %d", key).isEqualTo(key + 1);
                Reply reply = udp.receive(udp.now() + 2_000_000_000L);
                assertThat(reply).isNotNull();
                assertThat(reply.key()).isEqualTo(key);
                assertThat(reply.isPortUnreachable()).isTrue();
            }
            assertThat(ports).containsExactly(udp.basePort());
            Map<Integer, Reply> replies = Loopback.burst(udp, 64, 200, 3);
            assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
        }
    }

    /** --flow N: port base + N; MDA picks the flow of each probe (FlowMethod). */
    @Test
    void eachFlowHasItsPort() throws IOException {
        try (UdpMethod udp = (UdpMethod) open(Options.defaults().flow(7))) {
            assertThat(udp.portFor(3)).isEqualTo(33434 + 7);
            udp.send(64, 41, 12);
            Reply reply = udp.receive(udp.now() + 2_000_000_000L);
            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(12);
            assertThat(udp.flowPort(41)).isEqualTo(33434 + 41);
        }
    }

    /** A packet with no room for the two bytes (IPv4 28, the minimum) can only be classic. */
    @Test
    void aProbeWithoutPayloadIsClassic() throws IOException {
        try (UdpMethod udp = (UdpMethod) open(Options.defaults().packetSize(28))) {
            assertThat(udp.paris()).isFalse();
            udp.send(64, 5);
            assertThat(udp.receive(udp.now() + 2_000_000_000L).key()).isEqualTo(5);
        }
    }

    @Test
    void aTtlOutsideOneTo255IsRefusedBeforeSending() throws IOException {
        try (ProbeMethod udp = open(Options.defaults())) {
            assertThatThrownBy(() -> udp.send(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("TTL must be 1..255, got 0");
            assertThatThrownBy(() -> udp.send(256, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void receiveReturnsNullAtTheDeadline() throws IOException {
        try (ProbeMethod udp = open(Options.defaults())) {
            long start = udp.now();
            assertThat(udp.receive(start + 50_000_000L)).isNull();
            assertThat(udp.now() - start).isBetween(49_000_000L, 1_000_000_000L);
            assertThat(udp.receive(start)).as("a deadline in the past").isNull();
        }
    }

    @Test
    void deviceAndSourceAreHonoured() throws IOException {
        try (ProbeMethod udp = open(Options.defaults().device("lo").source(LOCALHOST))) {
            udp.send(64, 3);
            Reply reply = udp.receive(udp.now() + 2_000_000_000L);
            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(3);
        }
    }

    @Test
    void unknownInterfaceIsNamed() {
        assertThatThrownBy(() -> open(Options.defaults().device("jtxnosuch0")))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("interface \"jtxnosuch0\" (-i) does not exist: `ip link` lists this host's interfaces");
    }

    @Test
    void aSourceOfTheOtherFamilyIsRefusedClearly() {
        assertThatThrownBy(() -> open(Options.defaults().source(Loopback.address("::1"))))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("source address ::1 (-s) is IPv6 but the target is IPv4: give an IPv4 source address or leave out -s");
        assertThatThrownBy(() -> Methods.open(Method.UDP, Loopback.address("::1"), Options.defaults().source(LOCALHOST).probeSettings()))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("source address 127.0.0.1 (-s) is IPv4 but the target is IPv6: give an IPv6 source address or leave out -s");
    }

    @Test
    void openAndCloseLeakNoDescriptors() throws IOException {
        open(Options.defaults()).close();  // first use loads classes and libraries
        int before = Loopback.openSockets();
        for (int i = 0; i < 100; i++) {
            try (ProbeMethod udp = open(Options.defaults())) {
                udp.send(1, i);
            }
            assertThatThrownBy(() -> open(Options.defaults().device("jtxnosuch0"))).isInstanceOf(ProbeSetupException.class);
        }
        assertThat(Loopback.openSockets()).isEqualTo(before);
    }

    @Test
    void closeTwiceIsHarmless() throws IOException {
        ProbeMethod udp = open(Options.defaults());
        udp.close();
        udp.close();
        assertThatThrownBy(() -> udp.send(64, 1)).isInstanceOf(IOException.class).hasMessage("the udp probe method is closed");
        assertThatThrownBy(() -> udp.receive(udp.now())).isInstanceOf(IOException.class).hasMessage("the udp probe method is closed");
    }
}
