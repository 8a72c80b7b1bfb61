package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv6Header;

/**
 * Every method over IPv6 to ::1. UDP runs as any user on this host's loopback (skipped, saying so, where
 * IPv6 is off, as in many containers); the ICMP methods run as root in a throwaway namespace, whose
 * ping_group_range each test sets, like {@link IcmpMethodTest} does for IPv4.
 */
class Ipv6LoopbackTest {
    static final InetAddress LOCALHOST6 = Loopback.address("::1");
    private static ThrowawayNetns lab;
    private static String ns;

    @BeforeAll
    static void namespace() throws Exception {
        if (!jtrace.sys.Privileges.isRoot()) return;
        lab = new ThrowawayNetns();
        ns = lab.add("v6");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (lab != null) lab.close();
    }

    /** The hop limit this host gives its own packets on lo, ICMPv6 errors included (usually 64). */
    static int loopbackHopLimit() throws IOException {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv6/conf/lo/hop_limit")).get(0).trim());
    }

    private static void assumeIpv6Loopback() {
        boolean up = Files.exists(Path.of("/proc/sys/net/ipv6/conf/lo/hop_limit"));
        if (up) {
            try (ProbeMethod probe = Methods.open(Method.UDP, LOCALHOST6, Options.defaults().probeSettings())) {
                probe.send(64, 0);
            } catch (IOException e) {
                up = false;
            }
        }
        if (!up) System.out.println("[jtrace.probe] skipped: this host has no IPv6 loopback (::1)");
        assumeTrue(up, "skipped: this host has no IPv6 loopback (::1)");
    }

    /** Runs {@code body} in the throwaway namespace with ping sockets allowed or not. Needs root. */
    private static <T> T inNamespace(boolean pingAllowed, java.util.concurrent.Callable<T> body) throws Exception {
        ThrowawayNetns.assumeRoot();
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"" + (pingAllowed ? "0 2147483647" : "1 0") + "\"");
        return lab.call(ns, body);
    }

    @Test
    void udpPortUnreachableIsAnIcmpv6ErrorWithTheHopLimit() throws Exception {
        assumeIpv6Loopback();
        try (UdpMethod udp = (UdpMethod) Methods.open(Method.UDP, LOCALHOST6, Options.defaults().packetSize(80).probeSettings())) {
            long sent = udp.send(64, 7);
            Reply reply = udp.receive(udp.now() + 2_000_000_000L);

            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(7);
            assertThat(reply.from()).isEqualTo(LOCALHOST6);
            assertThat(reply.destination()).isEqualTo(LOCALHOST6);
            assertThat(reply.isV6()).isTrue();
            assertThat(reply.type()).as("ICMPv6 destination unreachable").isEqualTo(1);
            assertThat(reply.code()).as("port unreachable").isEqualTo(4);
            assertThat(reply.isPortUnreachable()).isTrue();
            assertThat(reply.isFinal()).isTrue();
            assertThat(reply.annotation()).isEmpty();
            assertThat(reply.ttl()).as("the reply's hop limit, as IPv4's reply TTL").isEqualTo(loopbackHopLimit());
            assertThat(reply.received() - sent).isPositive().isLessThan(50_000_000L);
            assertThat(udp.packetSize()).isEqualTo(80);
            assertThat(udp.lastSent()).as("80 bytes minus the 40-byte IPv6 and 8-byte UDP headers").hasSize(32);
        }
    }

    @Test
    void udpTwoHundredProbesBackToBackAllComeBack() throws Exception {
        assumeIpv6Loopback();
        try (ProbeMethod udp = Methods.open(Method.UDP, LOCALHOST6, Options.defaults().probeSettings())) {
            Map<Integer, Reply> replies = Loopback.burst(udp, 64, 200, 3);
            assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
            assertThat(replies.values()).allMatch(Reply::isPortUnreachable);
        }
    }

    @Test
    void pingSocketEchoesOverIcmpv6() throws Exception {
        inNamespace(true, () -> {
            try (IcmpMethod icmp = (IcmpMethod) Methods.open(Method.ICMP, LOCALHOST6, Options.defaults().packetSize(80).probeSettings())) {
                assertThat(icmp.usesPingSocket()).isTrue();
                assertEchoReply(icmp);
                Icmpv6Message sent = Icmpv6Message.parse(icmp.lastSent());
                assertThat(sent.type()).isEqualTo(Icmpv6Message.ECHO_REQUEST);
                assertThat(sent.id()).as("the ping socket's port").isEqualTo(icmp.echoId());
                assertThat(sent.checksum()).as("the kernel computes it").isZero();
                assertThat(icmp.lastSent()).hasSize(80 - 40);
                assertThat(icmp.lastReceived()).as("a ping socket shows no reply bytes").isEmpty();
                assertAllAnswered(icmp);
            }
            return null;
        });
    }

    @Test
    void rawIcmpv6SocketWhenPingSocketsAreRefused() throws Exception {
        inNamespace(false, () -> {
            try (IcmpMethod icmp = (IcmpMethod) Methods.open(Method.ICMP, LOCALHOST6, Options.defaults().probeSettings())) {
                assertThat(icmp.usesPingSocket()).isFalse();
                assertEchoReply(icmp);
                Icmpv6Message reply = Icmpv6Message.parse(icmp.lastReceived());
                assertThat(reply.type()).as("raw IPv6 sockets see no IP header").isEqualTo(Icmpv6Message.ECHO_REPLY);
                assertThat(reply.id()).isEqualTo(icmp.echoId());
                assertThat(reply.checksumOk((Inet6Address) LOCALHOST6, (Inet6Address) LOCALHOST6)).isTrue();
                assertAllAnswered(icmp);
            }
            return null;
        });
    }

    /** --raw over IPv6: our own 40-byte header and our own ICMPv6 checksum, sent through IPV6_HDRINCL. */
    @Test
    void rawMethodSendsOurIpv6HeaderAndChecksum() throws Exception {
        inNamespace(false, () -> {
            try (RawMethod raw = (RawMethod) Methods.open(Method.RAW, LOCALHOST6, Options.defaults().packetSize(80).probeSettings())) {
                long sent = raw.send(17, 9);
                byte[] packet = raw.lastSent();
                Ipv6Header ip = Ipv6Header.parse(packet, 0);
                Icmpv6Message echo = Icmpv6Message.parse(packet, Ipv6Header.LENGTH, packet.length);
                assertThat(packet).hasSize(80);
                assertThat(raw.source()).isEqualTo(LOCALHOST6);
                assertThat(ip.source()).isEqualTo(LOCALHOST6);
                assertThat(ip.destination()).isEqualTo(LOCALHOST6);
                assertThat(ip.hopLimit()).isEqualTo(17);
                assertThat(ip.nextHeader()).isEqualTo(Ipv6Header.NEXT_ICMPV6);
                assertThat(ip.payloadLength()).isEqualTo(40);
                assertThat(echo.id()).isEqualTo(raw.echoId());
                assertThat(echo.seq()).isEqualTo(10);
                assertThat(echo.checksumOk(ip.source(), ip.destination())).as("our pseudo-header checksum").isTrue();

                Reply reply = raw.receive(raw.now() + 2_000_000_000L);
                assertThat(reply).as("the echo reply: the kernel took our header and checksum").isNotNull();
                assertThat(reply.kind()).isEqualTo(Reply.Kind.ECHO_REPLY);
                assertThat(reply.key()).isEqualTo(9);
                assertThat(reply.from()).isEqualTo(LOCALHOST6);
                assertThat(reply.ttl()).isEqualTo(64);  // the new namespace's lo
                assertThat(reply.received() - sent).isPositive().isLessThan(50_000_000L);
                assertThat(Icmpv6Message.parse(raw.lastReceived()).seq()).isEqualTo(10);
                assertAllAnswered(raw);
            }
            return null;
        });
    }

    /**
     * The raw ICMPv6 matcher leaves the checksum to the kernel (it cannot see the IPv6 header it would need).
     * Check that the kernel does drop a bad one: a forged echo reply carrying our id is matched when its
     * checksum is right, and never reaches us when it is wrong.
     */
    @Test
    void aForgedEchoReplyWithABadChecksumNeverReachesTheMatcher() throws Exception {
        inNamespace(false, () -> {
            try (IcmpMethod icmp = (IcmpMethod) Methods.open(Method.ICMP, LOCALHOST6, Options.defaults().probeSettings());
                 jtrace.sys.NativeSocket forger = jtrace.sys.NativeSocket.open(jtrace.sys.Sockets.AF_INET6,
                         jtrace.sys.Sockets.SOCK_RAW, jtrace.sys.Sockets.IPPROTO_ICMPV6, "forger")) {
                forger.setInt(jtrace.sys.Sockets.SOL_IPV6, jtrace.sys.Sockets.IPV6_HDRINCL, 1);
                Inet6Address a = (Inet6Address) LOCALHOST6;
                Icmpv6Message good = new Icmpv6Message(Icmpv6Message.ECHO_REPLY, 0, 0, (long) icmp.echoId() << 16 | 5, new byte[8])
                        .withChecksum(a, a);
                forge(forger, good.withChecksum(good.checksum() ^ 0x0100));
                assertThat(icmp.receive(icmp.now() + 200_000_000L)).as("bad checksum").isNull();
                forge(forger, good);
                Reply reply = icmp.receive(icmp.now() + 1_000_000_000L);
                assertThat(reply).as("the same reply with its right checksum").isNotNull();
                assertThat(reply.key()).isEqualTo(4);  // sequence 5, first sequence 1
            }
            return null;
        });
    }

    private static void forge(jtrace.sys.NativeSocket socket, Icmpv6Message m) throws IOException {
        Inet6Address a = (Inet6Address) LOCALHOST6;
        byte[] icmp = m.encode();
        byte[] ip = Ipv6Header.of(a, a, 64, Ipv6Header.NEXT_ICMPV6, icmp.length).encode();
        jnr.ffi.Pointer out = jnr.ffi.Memory.allocateDirect(jtrace.sys.Native.runtime(), ip.length + icmp.length, true);
        out.put(0, ip, 0, ip.length);
        out.put(ip.length, icmp, 0, icmp.length);
        assertThat(socket.sendTo(out, ip.length + icmp.length, LOCALHOST6, 0)).isZero();
    }

    @Test
    void aLinkLocalTargetNeedsItsInterface() {
        assertThatThrownBy(() -> Methods.open(Method.UDP, Loopback.address("fe80::1"), Options.defaults().probeSettings()))
                .isInstanceOf(ProbeSetupException.class).matches(e -> ((ProbeSetupException) e).isBadArgument())
                .hasMessage("fe80::1 is a link-local address: say which interface it is on, as fe80::1%IFACE, or give -i IFACE");
    }

    @Test
    void aPacketLengthBelowTheIpv6HeadersIsRefused() {
        assertThatThrownBy(() -> Methods.open(Method.UDP, LOCALHOST6, Options.defaults().packetSize(47).probeSettings()))
                .isInstanceOf(ProbeSetupException.class).matches(e -> ((ProbeSetupException) e).isBadArgument())
                .hasMessage("packet length must be 48..65000 bytes for IPv6 (the 40-byte header and 8 of UDP or ICMP), got 47");
        assertThat(Methods.defaultPacketSize(LOCALHOST6)).isEqualTo(80);
        assertThat(Methods.defaultPacketSize(Loopback.LOCALHOST)).isEqualTo(60);
    }

    @Test
    void openAndCloseLeakNoDescriptors() throws Exception {
        inNamespace(true, () -> {
            for (Method m : Method.values()) Methods.open(m, LOCALHOST6, Options.defaults().probeSettings()).close();
            int before = Loopback.openSockets();
            for (int i = 0; i < 30; i++)
                for (Method m : Method.values()) Methods.open(m, LOCALHOST6, Options.defaults().probeSettings()).close();
            assertThat(Loopback.openSockets()).isEqualTo(before);
            return null;
        });
    }

    private static void assertEchoReply(SocketMethod icmp) throws Exception {
        long sent = icmp.send(64, 42);
        Reply reply = icmp.receive(icmp.now() + 2_000_000_000L);
        assertThat(reply).isNotNull();
        assertThat(reply.kind()).isEqualTo(Reply.Kind.ECHO_REPLY);
        assertThat(reply.type()).isEqualTo(129);
        assertThat(reply.key()).isEqualTo(42);
        assertThat(reply.from()).isEqualTo(LOCALHOST6);
        assertThat(reply.destination()).isEqualTo(LOCALHOST6);
        assertThat(reply.isFinal()).isTrue();
        assertThat(reply.ttl()).as("hop limit of the echo reply, from IPV6_HOPLIMIT").isEqualTo(64);
        assertThat(reply.received() - sent).isPositive().isLessThan(50_000_000L);
    }

    private static void assertAllAnswered(ProbeMethod method) throws Exception {
        Map<Integer, Reply> replies = Loopback.burst(method, 64, 200, 3);
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
    }
}
