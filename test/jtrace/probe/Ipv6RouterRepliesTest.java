package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import jtrace.Options;
import jtrace.packet.AddressText;
import jtrace.sys.Interfaces;

/**
 * Every ICMPv6 error a router sends, from a real Linux router one hop away, through every method:
 * <pre>
 *   host fd00:77:1::2 ── fd00:77:1::1 router fd00:77:2::1 ── (MTU 1280) ── fd00:77:2::2 far
 *   (link-local fe80::2)  (fe80::1)
 * </pre>
 * The router sends fd00:77:3::/64 on to far, which drops it silently (it does not forward), has a prohibit
 * route for fd00:77:4::/64, no route at all for fd00:77:9::/64 and rejects (nftables, which .ci/run installs)
 * fd00:77:5::3, ::5 and ::6 with "address unreachable", "policy failed" and "reject route". Each error is
 * checked against the mark traceroute -6 prints for it. No rate limits: an empty net.ipv6.icmp.ratemask exempts
 * every ICMPv6 type from both the per-destination and the global limiter. Needs root.
 */
class Ipv6RouterRepliesTest {
    private static final InetAddress ROUTER = Loopback.address("fd00:77:1::1");
    private static final InetAddress BEYOND = Loopback.address("fd00:77:3::9");
    private static ThrowawayNetns lab;
    private static String host, router;

    @BeforeAll
    static void buildNetwork() throws Exception {
        ThrowawayNetns.assumeRoot();
        lab = new ThrowawayNetns();
        host = lab.add("host6");
        router = lab.add("router6");
        String far = lab.add("far6");
        // No duplicate address detection, and no link-local addresses but the ones we give (fe80::1, ::2).
        String quiet = "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.addr_gen_mode=1";
        for (String ns : new String[] {host, router, far}) lab.in(ns, quiet);
        // Distinct interface numbers on the two ends: else carrier-up may wait up to a second (see Wiring).
        // Numbers above 1000, which no host is likely to use: see aLinkLocalSourceIsBeyondScope.
        ThrowawayNetns.sh("ip link add h0 netns " + host + " index 1012 type veth peer name r0 netns " + router + " index 1013");
        ThrowawayNetns.sh("ip link add r1 netns " + router + " index 1014 mtu 1280 type veth peer name f0 netns " + far + " index 1015 mtu 1280");
        // h0 has an IPv4 address too, as in the dual-stack lab: the JDK finds the interfaces of a namespace
        // entered with setns through their IPv4 addresses only (it reads IPv6 ones from /proc/self/net).
        lab.in(host, "ip addr add fd00:77:1::2/64 dev h0 nodad && ip addr add fe80::2/64 dev h0 nodad && ip link set h0 up"
                + " && ip addr add 10.78.1.2/24 dev h0 && ip route add default via fd00:77:1::1");
        lab.in(router, "ip addr add fd00:77:1::1/64 dev r0 nodad && ip addr add fe80::1/64 dev r0 nodad && ip link set r0 up"
                + " && ip addr add fd00:77:2::1/64 dev r1 nodad && ip link set r1 up"
                + " && ip route add fd00:77:3::/64 via fd00:77:2::2 && ip route add prohibit fd00:77:4::/64"
                + " && ip route add fd00:77:5::/64 via fd00:77:2::2"
                + " && sysctl -qw net.ipv6.conf.all.forwarding=1 && echo > /proc/sys/net/ipv6/icmp/ratemask");
        lab.in(far, "ip addr add fd00:77:2::2/64 dev f0 nodad && ip link set f0 up");
        lab.in(router, "nft add table ip6 jtrace && nft add chain ip6 jtrace forward \"{ type filter hook forward priority 0; }\"");
        for (String[] rule : new String[][] {{"3", "addr-unreachable"}, {"5", "policy-fail"}, {"6", "reject-route"}})
            lab.in(router, "nft add rule ip6 jtrace forward ip6 daddr fd00:77:5::" + rule[0] + " reject with icmpv6 type " + rule[1]);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (lab != null) lab.close();
    }

    private static ProbeMethod open(String variant, InetAddress target, Options options) throws Exception {
        return Variants.open(lab, host, variant, target, options);
    }

    /** One probe with this hop limit to {@code target} from the host; its reply, or null after a second. */
    private static Reply oneProbe(String variant, InetAddress target, Options options, int hopLimit, int key) throws Exception {
        return lab.call(host, () -> {
            try (ProbeMethod method = open(variant, target, options)) {
                method.send(hopLimit, key);
                return method.receive(method.now() + 1_000_000_000L);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "icmp-raw", "raw"})
    void timeExceededFromTheRouterForEveryProbeWithItsHopLimit(String variant) throws Exception {
        Map<Integer, Reply> replies = lab.call(host, () -> {
            try (ProbeMethod method = open(variant, BEYOND, Options.defaults())) {
                return Loopback.burst(method, 1, 30, 3);
            }
        });
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
        for (Reply r : replies.values()) {
            assertThat(r.kind()).isEqualTo(Reply.Kind.TIME_EXCEEDED);
            assertThat(r.type()).isEqualTo(3);
            assertThat(r.from()).isEqualTo(ROUTER);
            assertThat(r.destination()).as("the destination quoted by the router").isEqualTo(BEYOND);
            assertThat(r.ttl()).as("one hop back: the router's hop limit arrives undecremented").isEqualTo(64);
            assertThat(r.isFinal()).isFalse();
            assertThat(r.annotation()).isEmpty();
        }
    }

    /** Destination unreachable, code by code, with traceroute -6's marks (checked against traceroute 2.1.2). */
    @ParameterizedTest(name = "{0} to {1}: code {2}, {3}")
    @CsvSource({
            "udp, fd00:77:9::9, 0, !N", "ping, fd00:77:9::9, 0, !N", "icmp-raw, fd00:77:9::9, 0, !N", "raw, fd00:77:9::9, 0, !N",
            "udp, fd00:77:4::4, 1, !X", "ping, fd00:77:4::4, 1, !X", "icmp-raw, fd00:77:4::4, 1, !X", "raw, fd00:77:4::4, 1, !X",
            "udp, fd00:77:5::3, 3, !H", "ping, fd00:77:5::3, 3, !H", "raw, fd00:77:5::3, 3, !H",
            "udp, fd00:77:5::5, 5, !<5>", "icmp-raw, fd00:77:5::5, 5, !<5>",
            "udp, fd00:77:5::6, 6, !<6>", "ping, fd00:77:5::6, 6, !<6>"})
    void unreachableCodesAreMarkedAsTracerouteMarksThem(String variant, String target, int code, String mark) throws Exception {
        Reply reply = oneProbe(variant, Loopback.address(target), Options.defaults(), 5, 11);
        assertThat(reply).isNotNull();
        assertThat(reply.key()).isEqualTo(11);
        assertThat(reply.from()).isEqualTo(ROUTER);
        assertThat(reply.type()).isEqualTo(1);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.isFinal()).isTrue();
        assertThat(reply.annotation()).isEqualTo(mark);
    }

    /** 1400 bytes fit the first link (1500) but not the second (1280): packet too big, !F-1280, final. */
    @ParameterizedTest
    @CsvSource({"udp, fd00:77:3::a1", "ping, fd00:77:3::a2", "icmp-raw, fd00:77:3::a3", "raw, fd00:77:3::a4"})
    void packetTooBigCarriesTheMtu(String variant, String target) throws Exception {
        // A destination per variant: the host remembers the path MTU per destination once told.
        Reply reply = oneProbe(variant, Loopback.address(target), Options.defaults().packetSize(1400), 5, 4);
        assertThat(reply).isNotNull();
        assertThat(reply.key()).isEqualTo(4);
        assertThat(reply.type()).isEqualTo(2);
        assertThat(reply.mtu()).isEqualTo(1280);
        assertThat(reply.isFinal()).isTrue();
        assertThat(reply.annotation()).isEqualTo("!F-1280");
    }

    /**
     * From a link-local source the router cannot forward (the source means nothing past its link): it
     * answers "beyond scope of source address", code 2, from its own link-local address — !H — which comes
     * with the zone of the link it arrived on. (The zone prints by number here: on a thread that entered a
     * namespace with setns the JDK cannot see that namespace's IPv6 addresses; a process started in the
     * namespace, as jtrace under `ip netns exec`, prints "fe80::1%h0" like traceroute.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "raw"})
    void aLinkLocalSourceIsBeyondScope(String variant) throws Exception {
        Reply reply = lab.call(host, () -> {
            Options options = Options.defaults().source(Interfaces.scoped(InetAddress.getByName("fe80::2").getAddress(), Interfaces.index("h0")));
            try (ProbeMethod method = open(variant, BEYOND, options)) {
                method.send(5, 8);
                Reply r = method.receive(method.now() + 1_000_000_000L);
                assertThat(r).isNotNull();
                assertThat(AddressText.of(r.from())).isEqualTo("fe80::1%1012");
                return r;
            }
        });
        assertThat(reply.key()).isEqualTo(8);
        assertThat(reply.type()).isEqualTo(1);
        assertThat(reply.code()).isEqualTo(2);
        assertThat(reply.annotation()).isEqualTo("!H");
        assertThat(reply.from().getAddress()).isEqualTo(InetAddress.getByName("fe80::1").getAddress());
        assertThat(((Inet6Address) reply.from()).getScopeId()).as("the zone of the link it came over").isEqualTo(1012);
    }

    @Test
    void aLinkLocalSourceWithoutItsInterfaceIsExplained() throws Exception {
        assertThatThrownBy(() -> lab.call(host, () -> open("udp", BEYOND, Options.defaults().source(InetAddress.getByName("fe80::2")))))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("source address fe80::2 (-s) is link-local: name its interface, fe80::2%IFACE, or give -i IFACE");
        // With -i the interface is known, and the kernel takes the address.
        assertThat(lab.call(host, () -> {
            try (ProbeMethod m = open("udp", BEYOND, Options.defaults().source(InetAddress.getByName("fe80::2")).device("h0"))) {
                return m.kind();
            }
        })).isEqualTo(jtrace.probe.Method.UDP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "raw"})
    void aSourceThatIsNotOursIsExplained(String variant) {
        assertThatThrownBy(() -> lab.call(host, () -> open(variant, BEYOND, Options.defaults().source(Loopback.address("fd00:77:1::99")))))
                .isInstanceOf(ProbeSetupException.class)
                .hasMessage("source address fd00:77:1::99 (-s) is not an address of this host: use one that `ip -6 addr` lists, or leave out -s");
    }

    @Test
    void aLocalSendErrorIsReportedNotRetriedForever() {
        // The router has no default route: fd00:99::1 fails in sendto itself, on every retry.
        assertThatThrownBy(() -> lab.call(router, () -> {
            try (ProbeMethod udp = open("udp", Loopback.address("fd00:99::1"), Options.defaults())) {
                return udp.send(64, 0);
            }
        })).isInstanceOf(IOException.class).hasMessage("sendto fd00:99::1: Network is unreachable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ping", "raw"})
    void sourceAndDeviceAreUsed(String variant) throws Exception {
        Reply reply = oneProbe(variant, BEYOND, Options.defaults().source(Loopback.address("fd00:77:1::2")).device("h0"), 1, 2);
        assertThat(reply).isNotNull();
        assertThat(reply.from()).isEqualTo(ROUTER);
    }
}
