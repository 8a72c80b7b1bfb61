package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
import jtrace.probe.IcmpMethod;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab scenario traced with every probe method, as root, in this JVM: {@code RouteScanner} on a
 * method opened inside the lab's client namespace. Each case builds a fresh lab, so the routers' ICMP
 * token buckets are full and the expected trace is exact: the route hop by hop (null for a silent hop),
 * the stop reason, the marks on the refusing router's answers, and no lost answer where one is due.
 */
@Timeout(120)  // a hung trace must not hang CI; each case takes seconds
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class ScenarioMethodTraceTest {
    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    static Stream<Arguments> everyScenarioAndMethod() {
        return LabRuns.singlePath().flatMap(s -> Stream.of(Method.values()).map(m -> Arguments.of(s, m)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyScenarioAndMethod")
    void traceShowsExactlyTheLabsRoute(Scenario scenario, Method method) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            Options o = LabRuns.options(method);
            long start = System.nanoTime();
            Trace trace = LabRuns.trace(lab, o);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("== %s, %s, %d ms%n%s", scenario, method, millis, trace.text());
            assertExactTrace(lab, trace, o, millis);
        }
    }

    /**
     * -I as root uses the ping socket when ping_group_range admits root's group, which the lab's client does;
     * with the range closed ("1 0") it falls back to a raw ICMP socket. That path traces every scenario too.
     */
    @ParameterizedTest(name = "{0} with icmp over a raw socket")
    @EnumSource(value = Scenario.class, names = {"ECMP", "WIDE"}, mode = EnumSource.Mode.EXCLUDE)  // one route each
    void icmpOverARawSocketShowsExactlyTheLabsRoute(Scenario scenario) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            // Only inside this lab's client, which is deleted with the lab: nothing to restore.
            lab.exec("sh", "-c", "echo 1 0 > /proc/sys/net/ipv4/ping_group_range");
            Options o = LabRuns.options(Method.ICMP);
            long start = System.nanoTime();
            Trace trace = LabRuns.inClient(lab, () -> {
                try (ProbeMethod m = Methods.open(Method.ICMP, lab.destination(), o.probeSettings())) {
                    assertThat(m).isInstanceOfSatisfying(IcmpMethod.class, icmp -> assertThat(icmp.usesPingSocket()).isFalse());
                    return new RouteScanner(m, o).scan(lab.destination());
                }
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("== %s, icmp (raw socket), %d ms%n%s", scenario, millis, trace.text());
            assertExactTrace(lab, trace, o, millis);
        }
    }

    private static void assertExactTrace(LabNetwork lab, Trace trace, Options o, long millis) {
        Scenario scenario = lab.scenario();
        Method method = o.method();
        List<InetAddress> expected = LabRuns.expectedRoute(lab, o);
        assertThat(trace.method()).isEqualTo(method);
        assertThat(LabRuns.text(trace.route())).as("route").isEqualTo(LabRuns.text(expected));
        assertThat(trace.hops()).extracting(Hop::ttl).as("hop numbers")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, expected.size()).boxed().toList());
        for (Hop hop : trace.hops()) {
            InetAddress want = expected.get(hop.ttl() - 1);
            assertThat(hop.probes()).as("probes of hop %d", hop.ttl()).hasSizeGreaterThanOrEqualTo(o.queries())
                    .allSatisfy(p -> assertThat(p.ttl()).isEqualTo(hop.ttl()));
            if (want == null) {
                assertThat(hop.silent()).as("hop %d is silent", hop.ttl()).isTrue();
            } else {
                assertThat(hop.addresses()).as("who answered at hop %d", hop.ttl()).containsExactly(want);
            }
            for (Probe p : hop.probes())
                if (p.answered()) assertThat(p.rtt()).as("rtt at hop %d", hop.ttl()).isPositive().isLessThan(o.waitMax() * 1000);
        }

        if (method == Method.TCP && trace.stop() == Stop.REACHED)  // nothing listens on port 80 in the lab: RSTs
            assertThat(trace.last().probes()).filteredOn(Probe::answered).allSatisfy(p -> assertThat(p.reply().annotation()).isEqualTo("[closed]"));
        switch (LabRuns.tcpPassesTheFirewall(lab, o) ? Scenario.CHAIN : scenario) {
            case CHAIN, SILENT, NAT, MTU -> {
                assertThat(trace.stop()).isEqualTo(Stop.REACHED);
                assertThat(trace.stopLine()).isEmpty();
                assertEveryAnsweringHopAnsweredEveryProbe(trace, expected, o);
                if (scenario != Scenario.SILENT) assertThat(trace.notes()).as("notes").isEmpty();
            }
            case BLACKHOLE, FIREWALL -> {
                assertThat(trace.stop()).isEqualTo(Stop.GAP_LIMIT);
                assertThat(trace.stopLine()).isEqualTo("stopped after hop " + expected.size() + ": " + o.gap()
                        + " silent hops in a row (gap limit; raise it with --gap)");
                assertEveryAnsweringHopAnsweredEveryProbe(trace, expected, o);
                // A silent hop costs about ten round trips, never the 5 s maximum wait.
                assertThat(millis).as("blackhole trace time (ms)").isLessThan((long) (o.waitMax() * 1000));
            }
            case UNREACHABLE, PROHIBITED -> {
                assertThat(trace.stop()).isEqualTo(Stop.UNREACHABLE);
                Hop last = trace.last();
                assertThat(last.answers()).as("answers at the refusing hop").isPositive();
                assertThat(last.probes()).filteredOn(Probe::answered)
                        .allSatisfy(p -> assertThat(p.reply().annotation()).isEqualTo(lab.expectedMark()));
                assertThat(trace.stopLine()).isEqualTo("stopped at hop " + last.ttl() + ": "
                        + last.address().getHostAddress() + " answered destination unreachable " + lab.expectedMark());
                // The routers in front of the refusing one are not refusing anything.
                for (Hop hop : trace.hops().subList(0, trace.hops().size() - 1))
                    assertThat(hop.probes()).allSatisfy(p -> assertThat(p.answered() && p.reply().annotation().isEmpty()).isTrue());
            }
        }
    }

    /**
     * A fresh lab's routers have a burst of about 6 ICMP errors for us and each gets 3 probes; the destination's
     * first answers go to its own hop's probes, which reach it first. So nothing that can answer stays silent.
     */
    private static void assertEveryAnsweringHopAnsweredEveryProbe(Trace trace, List<InetAddress> expected, Options o) {
        for (Hop hop : trace.hops()) {
            if (expected.get(hop.ttl() - 1) == null) continue;
            assertThat(hop.probes()).as("probes of hop %d (%s)", hop.ttl(), hop).hasSize(o.queries()).allMatch(Probe::answered);
        }
    }
}
