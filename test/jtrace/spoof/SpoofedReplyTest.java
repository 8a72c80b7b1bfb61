package jtrace.spoof;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.LabOwnership;
import jtrace.lab.Scenario;
import jtrace.lab.Topology;
import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.UdpHeader;
import jtrace.probe.IcmpMethod;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.probe.UdpMethod;
import jtrace.result.Stop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spoofed replies never appear as hops. A hostile router (a raw socket in router 1's namespace of a
 * BLACKHOLE lab, whose destination never answers) watches a real trace and, while the probe at hop 6 is
 * still waiting for an answer that will never come, sends it replies with the right shape and one thing
 * wrong: the echo id (or UDP source port), the key (sequence or destination port), the quoted destination,
 * the checksum; and echo replies "from the destination" with a wrong id or checksum. Once that probe has
 * expired it sends a reply that is right in every way: too late. Each lie comes from its own address.
 * <p>
 * Control: a reply right in every way, sent while the probe at hop 7 waits, is accepted and shows at hop 7.
 * So the forged packets do reach the tracer, and the lies are dropped for being lies.
 * Timing: -q 1, probes 300 ms apart (-z), a silent hop waits exactly 1 s (-w 1,3,20: the 1 s floor past the last
 * answer, and 20 × the control's RTT of 100 ms or more, both capped by MAX); the lies go out 100 ms after their
 * probe, the late reply 1.5 s after — the trace is then still waiting for later hops.
 */
@Timeout(120)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class SpoofedReplyTest {
    enum Lie { WRONG_ID, WRONG_KEY, WRONG_QUOTED_DESTINATION, BAD_CHECKSUM, ECHO_REPLY_WRONG_ID, ECHO_REPLY_BAD_CHECKSUM }

    private static LabNetwork lab;
    private static Forger forger;

    @BeforeAll
    static void hostileLab() throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        if (!root) System.out.println("[SpoofedReplyTest] skipped: the lab needs root (run mvn test with sudo)");
        assumeTrue(root, "skipped: the lab needs root (run mvn test with sudo)");
        lab = Lab.up(Scenario.BLACKHOLE, 5);
        forger = Forger.in(lab.topology().routerNamespace(1));
    }

    @AfterAll
    static void tearDown() {
        if (forger != null) forger.close();
        if (lab != null) lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udp", "icmp over a ping socket", "icmp over a raw socket", "raw"})
    void spoofedRepliesNeverAppearAsHops(String how) throws Exception {
        Method method = how.startsWith("icmp") ? Method.ICMP : Method.valueOf(how.toUpperCase());
        lab.exec("sh", "-c", "echo " + (how.endsWith("raw socket") ? "1 0" : "0 2147483647") + " > /proc/sys/net/ipv4/ping_group_range");
        Topology t = lab.topology();
        Inet4Address client = (Inet4Address) lab.clientAddress(), target = (Inet4Address) lab.destination();
        Map<Lie, Inet4Address> liars = new java.util.EnumMap<>(Lie.class);
        for (Lie lie : Lie.values()) liars.put(lie, lie.name().startsWith("ECHO_REPLY") ? target : (Inet4Address) t.linkAddress(66, lie.ordinal() + 1));
        Inet4Address late = (Inet4Address) t.linkAddress(66, 20), control = (Inet4Address) t.linkAddress(66, 30);
        Options o = Options.defaults().method(method).queries(1).sendWait(0.3).wait(1, 3, 20).numeric(true);

        String owner = LabOwnership.tag(lab);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        List<String> sentLies = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> ttlsSeen = ConcurrentHashMap.newKeySet();  // the scanner may probe a hop again: act on the first
        java.util.concurrent.atomic.AtomicLong lateSentAt = new java.util.concurrent.atomic.AtomicLong();
        Trace trace;
        try {
            trace = lab.inClient(() -> {
                try (ProbeMethod real = Methods.open(method, target, o.probeSettings())) {
                    if (method == Method.ICMP) assertThat(((IcmpMethod) real).usesPingSocket()).isEqualTo(how.contains("ping"));
                    ProbeMethod watched = new WatchedMethod(real, sent -> {
                        SeenProbe p = SeenProbe.of(real, sent, client, target);
                        boolean first = ttlsSeen.add(sent.ttl());
                        Runnable lies = () -> {
                            for (Lie lie : Lie.values()) {
                                send(forger, p.lie(lie, liars.get(lie)), client, failures);
                                sentLies.add(lie.name());
                            }
                        };
                        if (sent.ttl() == 6 && first) {
                            clock.schedule(lies, 100, TimeUnit.MILLISECONDS);
                            clock.schedule(() -> {
                                send(forger, p.truth(late), client, failures);
                                lateSentAt.set(System.nanoTime());
                            }, 1500, TimeUnit.MILLISECONDS);
                        }
                        if (sent.ttl() == 7 && first) clock.schedule(() -> send(forger, p.truth(control), client, failures), 100, TimeUnit.MILLISECONDS);
                    });
                    return new RouteScanner(watched, o).scan(target);
                }
            });
        } finally {
            clock.shutdownNow();
        }
        long traceEnded = System.nanoTime();
        System.out.printf("== %s, %d forged packets sent%n%s", how, forger.sent(), trace.text());
        LabOwnership.assertStillOurs(lab, owner);
        assertThat(failures).as("forger errors").isEmpty();
        assertThat(sentLies).as("lies sent").hasSize(Lie.values().length);
        assertThat(lateSentAt.get()).as("the late reply went out while the trace still ran").isPositive().isLessThan(traceEnded);

        List<InetAddress> route = trace.route();
        List<InetAddress> expected = new ArrayList<>();
        for (int k = 1; k <= 5; k++) expected.add(t.router(k));
        expected.add(null);     // the destination never answers, whatever the forger says for it
        expected.add(control);  // a true answer, forged or not, is taken
        assertThat(route.subList(0, Math.min(7, route.size()))).as("hops 1-7").containsExactlyElementsOf(expected);
        assertThat(route.subList(7, route.size())).as("hops after 7").containsOnlyNulls().hasSize(o.gap());
        assertThat(trace.stop()).isEqualTo(Stop.GAP_LIMIT);
        Set<InetAddress> seen = trace.hops().stream().flatMap(h -> h.probes().stream()).filter(Probe::answered)
                .map(Probe::from).collect(Collectors.toSet());
        assertThat(seen).as("every address that answered").doesNotContainAnyElementsOf(liars.values()).doesNotContain(late);
        assertThat(trace.hop(6).probes()).as("hop 6 probes").allSatisfy(p -> assertThat(p.answered()).isFalse());
    }

    private static void send(Forger forger, byte[] packet, Inet4Address to, Set<String> failures) {
        try {
            forger.send(packet, to);
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    /** What the forger knows about one probe (it watched it leave), and the replies it forges for it. */
    record SeenProbe(boolean udp, Inet4Address client, Inet4Address target, int sourcePort, int port, int echoId, int seq,
                     byte[] payload) {
        static SeenProbe of(ProbeMethod method, WatchedMethod.Sent sent, Inet4Address client, Inet4Address target) {
            if (method instanceof UdpMethod u)
                return new SeenProbe(true, client, target, u.sourcePort(), u.portFor(sent.key()), 0, 0, sent.bytes());
            byte[] bytes = sent.bytes();  // icmp: the echo request; raw: the whole IP packet
            IcmpMessage echo = method.kind() == jtrace.probe.Method.RAW ? IcmpMessage.parse(bytes, Ipv4Header.parse(bytes, 0).headerLength(), bytes.length)
                    : IcmpMessage.parse(bytes);
            return new SeenProbe(false, client, target, 0, 0, echo.id(), echo.seq(), echo.body());
        }

        /** What a router one hop on would send: time exceeded, quoting the probe exactly. */
        byte[] truth(Inet4Address from) { return timeExceeded(from, quoted(target, sourcePort, port, echoId, seq), 0); }

        byte[] lie(Lie lie, Inet4Address from) {
            return switch (lie) {
                case WRONG_ID -> timeExceeded(from, quoted(target, sourcePort ^ 1, port, echoId ^ 0x8000, seq), 0);
                case WRONG_KEY -> timeExceeded(from, quoted(target, sourcePort, udp ? other(port) : port, echoId, (seq + 1000) & 0xffff), 0);
                case WRONG_QUOTED_DESTINATION -> timeExceeded(from, quoted(elsewhere(), sourcePort, port, echoId, seq), 0);
                case BAD_CHECKSUM -> timeExceeded(from, quoted(target, sourcePort, port, echoId, seq), 0x00ff);
                case ECHO_REPLY_WRONG_ID -> packet(from, icmp(IcmpMessage.ECHO_REPLY, 0, (long) (echoId ^ 0x8000) << 16 | seq, payload, 0));
                case ECHO_REPLY_BAD_CHECKSUM -> packet(from, icmp(IcmpMessage.ECHO_REPLY, 0, (long) echoId << 16 | seq, payload, 0x00ff));
            };
        }

        private int other(int port) { return port >= 65000 ? port - 1000 : port + 1000; }

        private Inet4Address elsewhere() {
            byte[] a = target.getAddress();
            a[2] = 77;
            a[3] = 77;
            try {
                return (Inet4Address) InetAddress.getByAddress(a);
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        /** The probe as it left (TTL 1 when it expired at the router), to {@code to}. */
        private byte[] quoted(Inet4Address to, int sport, int dport, int id, int sq) {
            if (udp) {
                byte[] udpHeader = UdpHeader.of(client, to, sport, dport, payload).encode();
                return concat(Ipv4Header.of(client, to, 1, Ipv4Header.PROTO_UDP, 1, udpHeader.length + payload.length).encode(), udpHeader, payload);
            }
            byte[] echo = IcmpMessage.echoRequest(id, sq, payload).encode();
            return concat(Ipv4Header.of(client, to, 1, Ipv4Header.PROTO_ICMP, sq, echo.length).encode(), echo);
        }

        private byte[] timeExceeded(Inet4Address from, byte[] quoted, int checksumError) {
            return packet(from, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, quoted, checksumError));
        }

        private byte[] packet(Inet4Address from, byte[] icmp) {
            return concat(Ipv4Header.of(from, client, 60, Ipv4Header.PROTO_ICMP, 0, icmp.length).encode(), icmp);
        }

        private static byte[] icmp(int type, int code, long rest, byte[] body, int checksumError) {
            IcmpMessage m = new IcmpMessage(type, code, 0, rest, body);
            return m.withChecksum(Checksum.of(m.encode()) ^ checksumError).encode();
        }

        private static byte[] concat(byte[]... parts) {
            byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
            int at = 0;
            for (byte[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
