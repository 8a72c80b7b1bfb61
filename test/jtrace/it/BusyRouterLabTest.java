package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Finding;
import jtrace.result.Stop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9's false silent routers, on kernel routers: another tool spends routers 3 and 4's ICMP budget (a burst of
 * ~6, then one a second), and the trace that follows at once must show them as themselves — never {@code * * *}
 * without a word — while a router that really sends no ICMP (the silent lab's r3) is still called silent after its
 * re-probe. Judged by the routers' own counters: Ip InHdrErrors counts the probes that expired there, Icmp
 * OutTimeExcds the answers it sent.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class BusyRouterLabTest {
    private static final int DRAIN = 10;  // more than a burst

    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"UDP", "ICMP"})
    void routersDrainedJustBeforeAreShownAsThemselves(Method method) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Options o = LabRuns.options(method);
            String r3 = lab.topology().routerNamespace(3), r4 = lab.topology().routerNamespace(4);
            Map<String, Long> r3before = LabRuns.snmp(r3), r4before = LabRuns.snmp(r4);
            Trace trace = LabRuns.inClient(lab, () -> {
                try (ProbeMethod drainer = Methods.open(method, lab.destination(), o.probeSettings())) {  // "another tool"
                    for (int i = 0; i < DRAIN; i++) {
                        drainer.send(3, 2 * i);
                        drainer.send(4, 2 * i + 1);
                    }
                }
                // Every draining probe has expired at its router (and was answered or refused) before the trace starts.
                LabRuns.awaitCounter(r3, "Ip.InHdrErrors", r3before.get("Ip.InHdrErrors"), DRAIN);
                LabRuns.awaitCounter(r4, "Ip.InHdrErrors", r4before.get("Ip.InHdrErrors"), DRAIN);
                try (ProbeMethod m = Methods.open(method, lab.destination(), o.probeSettings())) {
                    return new RouteScanner(m, o).scan(lab.destination());
                }
            });
            System.out.printf("== chain, %s, routers 3 and 4 drained just before%n%s", method, trace.text());
            assertThat(trace.stop()).isEqualTo(Stop.REACHED);
            assertThat(LabRuns.text(trace.route())).as("no router passed off as silent").isEqualTo(LabRuns.text(lab.expectedHops()));
            for (int k : new int[] {3, 4}) {
                Hop hop = trace.hop(k);
                String ns = lab.topology().routerNamespace(k);
                Map<String, Long> before = k == 3 ? r3before : r4before;
                // The drain: a burst answered, the rest refused (the bucket was full; the trace came right after).
                Map<String, Long> after = LabRuns.awaitCounter(ns, "Ip.InHdrErrors", before.get("Ip.InHdrErrors"), DRAIN + hop.probes().size());
                long expired = after.get("Ip.InHdrErrors") - before.get("Ip.InHdrErrors");
                long answers = after.get("Icmp.OutTimeExcds") - before.get("Icmp.OutTimeExcds");
                long ourAnswers = hop.probes().stream().filter(Probe::answered).count();
                System.out.printf("   router %d: %d probes expired there (%d ours), %d answers sent (%d to our trace)%n",
                        k, expired, hop.probes().size(), answers, ourAnswers);
                assertThat(expired).as("router %d: the drain's probes and the trace's", k).isEqualTo(DRAIN + hop.probes().size());
                assertThat(answers).as("router %d: every answer it sent after its burst reached the trace", k)
                        .isLessThanOrEqualTo(6 + ourAnswers);
                assertThat(hop.silent()).as("hop %d", k).isFalse();
                if (hop.regular().stream().noneMatch(Probe::answered)) {
                    // It refused every -q probe: one re-probe after the refill, and the line and a note say why.
                    assertThat(hop.probes()).hasSize(o.queries() + 1);
                    assertThat(hop.rateLimited()).isTrue();
                    assertThat(hop.toString()).endsWith(" [rate-limited]");
                    assertThat(trace.findings()).contains(new Finding.RateLimited(k));
                } else {
                    assertThat(trace.findings()).as("answered some of its probes").contains(
                            new Finding.PartialAnswers(k, (int) hop.regular().stream().filter(Probe::answered).count(), o.queries()));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"UDP", "ICMP"})
    void aRouterThatSendsNoIcmpIsCalledSilentAfterItsReprobe(Method method) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.SILENT)) {
            Options o = LabRuns.options(method);
            int k = lab.topology().silentRouter();
            String ns = lab.topology().routerNamespace(k);
            Map<String, Long> before = LabRuns.snmp(ns);
            Trace trace = LabRuns.trace(lab, o);
            System.out.printf("== silent, %s%n%s", method, trace.text());
            Hop hop = trace.hop(k);
            Map<String, Long> after = LabRuns.awaitCounter(ns, "Ip.InHdrErrors", before.get("Ip.InHdrErrors"), o.queries() + 1);
            assertThat(after.get("Ip.InHdrErrors") - before.get("Ip.InHdrErrors")).as("the -q probes and the re-probe reached it")
                    .isEqualTo(o.queries() + 1);
            assertThat(after.get("Icmp.OutTimeExcds") - before.get("Icmp.OutTimeExcds")).as("it answered none").isZero();
            assertThat(hop.silent()).isTrue();
            assertThat(hop.toString()).isEqualTo(String.format("%2d  * * *", k));
            assertThat(hop.probes()).hasSize(o.queries() + 1);
            assertThat(trace.findings()).contains(new Finding.SilentRouter(k));
            assertThat(trace.notes()).anyMatch(n -> n.startsWith("hop " + k + " stayed silent even to one more probe"));
            assertThat(trace.reached()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"UDP", "ICMP"})
    void withFastASilentRouterGetsNoReprobe(Method method) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.SILENT)) {
            Options o = LabRuns.options(method).fast(true);
            int k = lab.topology().silentRouter();
            String ns = lab.topology().routerNamespace(k);
            long before = LabRuns.snmp(ns).get("Ip.InHdrErrors");
            Trace trace = LabRuns.trace(lab, o);
            long expired = LabRuns.awaitCounter(ns, "Ip.InHdrErrors", before, o.queries()).get("Ip.InHdrErrors") - before;
            assertThat(expired).isEqualTo(o.queries());
            assertThat(trace.hop(k).probes()).hasSize(o.queries());
            assertThat(trace.findings()).isEmpty();
            assertThat(trace.reached()).isTrue();
        }
    }

    /**
     * Watch rounds ten times faster than the routers refill (-i 0.1): the burst goes at that pace, then the rounds wait
     * for the routers' tokens. By the kernel's counts, every probe that expired at a router drew an answer (Ip
     * InHdrErrors = Icmp OutTimeExcds: none refused), and no hop shows loss.
     */
    @org.junit.jupiter.api.Test
    void watchRoundsFasterThanTheRefillSpendNoProbeARouterMustRefuse() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Options o = LabRuns.options(Method.UDP).queries(1);
            int routers = lab.routers(), rounds = 12;
            java.util.List<Map<String, Long>> before = new java.util.ArrayList<>();
            for (int k = 1; k <= routers; k++) before.add(LabRuns.snmp(lab.topology().routerNamespace(k)));
            String dest = lab.topology().destinationNamespace();
            Map<String, Long> destBefore = LabRuns.snmp(dest);
            jtrace.watch.WatchReport report = LabRuns.inClient(lab, () -> {
                jtrace.watch.RouteWatch watch = new jtrace.watch.RouteWatch("dest", lab.destination(), jtrace.probe.Method.UDP);
                try (ProbeMethod m = Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                    new jtrace.watch.Rounds(m, "dest", lab.destination(), o, 0.1, watch, () -> false).run(rounds);
                }
                return watch.snapshot(Map.of());
            });
            System.out.printf("== chain, watch -i 0.1, %d rounds%n%s", rounds, report.text());
            for (int k = 1; k <= routers; k++) {
                Map<String, Long> after = LabRuns.awaitCounter(lab.topology().routerNamespace(k), "Ip.InHdrErrors",
                        before.get(k - 1).get("Ip.InHdrErrors"), rounds);
                long expired = after.get("Ip.InHdrErrors") - before.get(k - 1).get("Ip.InHdrErrors");
                long answered = after.get("Icmp.OutTimeExcds") - before.get(k - 1).get("Icmp.OutTimeExcds");
                System.out.printf("   router %d: %d probes expired there, %d answered%n", k, expired, answered);
                assertThat(expired).as("router %d: one probe a round", k).isEqualTo(rounds);
                assertThat(answered).as("router %d: every probe answered, none refused", k).isEqualTo(expired);
            }
            Map<String, Long> destAfter = LabRuns.snmp(dest);
            long reached = destAfter.get("Udp.NoPorts") - destBefore.get("Udp.NoPorts");
            long unreachables = destAfter.get("Icmp.OutDestUnreachs") - destBefore.get("Icmp.OutDestUnreachs");
            System.out.printf("   destination: %d probes reached it, %d answered%n", reached, unreachables);
            assertThat(unreachables).as("the destination answered every probe that reached it").isEqualTo(reached);
            assertThat(report.rows()).hasSize(routers + 1).allSatisfy(row ->
                    assertThat(row.stats().lossPercent()).as("hop %d", row.ttl()).isZero());
        }
    }
}
