package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.packet.AddressText;
import jtrace.probe.IcmpMethod;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab scenario traced over IPv6 with every probe method, as root, in this JVM: UDP, ICMPv6 on the
 * ping socket, ICMPv6 on a raw socket (ping_group_range closed), and --raw (our own IPv6 header through
 * IPV6_HDRINCL). A fresh lab per case, as {@link ScenarioMethodTraceTest} does for IPv4, so the routers'
 * ICMPv6 token buckets are full and the trace is exact: route, stop, marks (!N for UNREACHABLE over IPv6),
 * and each reply's hop limit, which tells how far back it came: 64 at the sender, one less per router.
 */
@Timeout(120)
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class Ipv6TraceTest {
    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    /** The probe methods as a user meets them: "icmp-raw" is -I where ping sockets are refused. */
    enum Variant {
        UDP(Method.UDP), ICMP_PING(Method.ICMP), ICMP_RAW(Method.ICMP), RAW(Method.RAW);

        final Method method;

        Variant(Method method) { this.method = method; }
    }

    static Stream<Arguments> everyScenarioAndMethod() {
        return LabRuns.singlePath().flatMap(s -> Stream.of(Variant.values()).map(v -> Arguments.of(s, v)));
    }

    static Options options(Method method, InetAddress target) {
        return LabRuns.options(method).packetSize(Methods.defaultPacketSize(target));
    }

    /** One trace of {@code target} from the lab's client, checking the lab was not replaced meanwhile. */
    static Trace trace(LabNetwork lab, InetAddress target, Options o, Variant variant) throws Exception {
        String owner = LabRuns.ownerTag(lab);
        Trace trace = lab.inClient(() -> {
            try (ProbeMethod method = Methods.open(o.method(), target, o.probeSettings())) {
                if (method instanceof IcmpMethod icmp)
                    assertThat(icmp.usesPingSocket()).as("ping socket").isEqualTo(variant == Variant.ICMP_PING);
                return new RouteScanner(method, o).scan(target);
            }
        });
        LabRuns.assertStillOurs(lab, owner);
        return trace;
    }

    @ParameterizedTest(name = "{0} over IPv6 with {1}")
    @MethodSource("everyScenarioAndMethod")
    void traceShowsExactlyTheLabsIpv6Route(Scenario scenario, Variant variant) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            // Only inside this lab's client, which is deleted with the lab: nothing to restore.
            if (variant == Variant.ICMP_RAW) lab.exec("sh", "-c", "echo 1 0 > /proc/sys/net/ipv4/ping_group_range");
            InetAddress target = lab.destination6();
            Options o = options(variant.method, target);
            long start = System.nanoTime();
            Trace trace = trace(lab, target, o, variant);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("== %s over IPv6, %s, %d ms%n%s", scenario, variant, millis, trace.text());

            List<InetAddress> expected = new ArrayList<>(lab.expectedHops6());
            if (scenario.destinationSilent()) expected.addAll(Collections.nCopies(o.gap() - 1, null));
            assertThat(trace.header()).isEqualTo("traceroute to " + AddressText.of(target) + " (" + AddressText.of(target)
                    + "), 30 hops max, 80 byte packets");
            assertThat(text(trace.route())).as("route").isEqualTo(text(expected));
            assertThat(trace.hops()).extracting(Hop::ttl).as("hop numbers")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, expected.size()).boxed().toList());
            for (Hop hop : trace.hops()) {
                InetAddress want = expected.get(hop.ttl() - 1);
                if (want == null) {
                    assertThat(hop.silent()).as("hop %d is silent", hop.ttl()).isTrue();
                    continue;
                }
                assertThat(hop.addresses()).as("who answered at hop %d", hop.ttl()).containsExactly(want);
                for (Probe p : hop.probes()) {
                    if (!p.answered()) continue;
                    assertThat(p.rtt()).as("rtt at hop %d", hop.ttl()).isPositive().isLessThan(o.waitMax() * 1000);
                    assertThat(p.reply().isV6()).isTrue();
                    // The mpls lab's three LSRs are a responder in router 2, and answers come back around them: there
                    // the hop limit counts only the real routers on the way back.
                    if (scenario != Scenario.MPLS)
                        assertThat(p.reply().ttl()).as("hop limit of the answer from hop %d: 64, less one per router back", hop.ttl())
                                .isEqualTo(65 - hop.ttl());
                    else
                        assertThat(p.reply().ttl()).as("hop limit of the answer from hop %d in the mpls lab", hop.ttl()).isBetween(54, 64);
                }
            }
            switch (scenario) {
                case CHAIN, SILENT, NAT, MTU -> {
                    assertThat(trace.stop()).isEqualTo(Stop.REACHED);
                    assertThat(trace.stopLine()).isEmpty();
                    for (Hop hop : trace.hops())
                        if (expected.get(hop.ttl() - 1) != null)
                            assertThat(hop.answers()).as("answers at hop %d", hop.ttl()).isGreaterThanOrEqualTo(o.queries());
                    if (scenario != Scenario.SILENT) assertThat(trace.notes()).as("notes").isEmpty();
                }
                case BLACKHOLE, FIREWALL -> {
                    assertThat(trace.stop()).isEqualTo(Stop.GAP_LIMIT);
                    assertThat(trace.stopLine()).isEqualTo("stopped after hop " + expected.size() + ": " + o.gap()
                            + " silent hops in a row (gap limit; raise it with --gap)");
                    assertThat(millis).as("blackhole trace time (ms)").isLessThan((long) (o.waitMax() * 1000));
                }
                case UNREACHABLE, PROHIBITED -> {
                    assertThat(trace.stop()).isEqualTo(Stop.UNREACHABLE);
                    Hop last = trace.last();
                    assertThat(last.answers()).as("answers at the refusing hop").isPositive();
                    assertThat(last.probes()).filteredOn(Probe::answered)
                            .allSatisfy(p -> assertThat(p.reply().annotation()).isEqualTo(lab.expectedMark6()));
                    assertThat(trace.stopLine()).isEqualTo("stopped at hop " + last.ttl() + ": "
                            + AddressText.of(last.address()) + " answered destination unreachable " + lab.expectedMark6());
                    for (Hop hop : trace.hops().subList(0, trace.hops().size() - 1))
                        assertThat(hop.probes()).allSatisfy(p -> assertThat(p.answered() && p.reply().annotation().isEmpty()).isTrue());
                }
            }
        }
    }

    /**
     * The reply's hop limit (IPV6_RECVHOPLIMIT) is reported as the IPv4 reply's TTL (IP_RECVTTL) is: over
     * the same chain, each hop's answers carry the same number in both families. One lab: ICMP errors of
     * the two families have separate rate limiters.
     */
    @Test
    void theHopLimitOfAnIpv6AnswerIsReportedLikeTheTtlOfAnIpv4One() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Trace v4 = LabRuns.trace(lab, options(Method.UDP, lab.destination()));
            Trace v6 = trace(lab, lab.destination6(), options(Method.UDP, lab.destination6()), Variant.UDP);
            assertThat(v6.hops()).hasSameSizeAs(v4.hops()).hasSize(6);
            for (int i = 0; i < v4.hops().size(); i++) {
                List<Integer> ttl4 = v4.hops().get(i).probes().stream().filter(Probe::answered).map(p -> p.reply().ttl()).distinct().toList();
                List<Integer> ttl6 = v6.hops().get(i).probes().stream().filter(Probe::answered).map(p -> p.reply().ttl()).distinct().toList();
                assertThat(ttl6).as("hop %d: IPv6 hop limits vs IPv4 TTLs", i + 1).isEqualTo(ttl4).containsExactly(64 - i);
            }
        }
    }

    /**
     * A link-local destination without its zone is refused (Methods), unless -i names the interface: the
     * socket is bound to it and the kernel takes it as the zone. fe80::2 on to-r1 is router 1, which answers
     * the UDP probe itself: port unreachable, from that address, one hop away.
     */
    @Test
    void aLinkLocalDestinationWithMinusIInsteadOfAZone() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            InetAddress router = InetAddress.getByName("fe80::2");
            jtrace.probe.Reply reply = lab.inClient(() -> {
                try (ProbeMethod udp = Methods.open(Method.UDP, router, options(Method.UDP, router).device("to-r1").probeSettings())) {
                    udp.send(64, 3);
                    return udp.receive(udp.now() + 1_000_000_000L);
                }
            });
            assertThat(reply).isNotNull();
            assertThat(reply.key()).isEqualTo(3);
            assertThat(reply.isPortUnreachable()).isTrue();
            assertThat(reply.from().getAddress()).isEqualTo(router.getAddress());
            assertThat(reply.ttl()).isEqualTo(64);
        }
    }

    static List<String> text(List<InetAddress> route) {
        return route.stream().map(a -> a == null ? "*" : AddressText.of(a)).toList();
    }
}
